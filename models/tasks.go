package models

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
)

// PageSize is how many tasks one page of the list shows.
const PageSize = 50

// MaxPage is the most pages one full list renders: a page URL asks for
// pages 1 through its page, so this bounds what one response holds. The
// list goes on past it by cursor ("load more").
const MaxPage = 5

// TaskFilter selects and orders a user's tasks. Each field holds one of
// its listed choices (the HTTP side reads URLs into valid filters); the
// first choice of each is the default view: open tasks by due date.
type TaskFilter struct {
	Status   string // open (todo+doing), todo, doing, done, all
	Priority string // "" for any, else a priority name
	Due      string // any, overdue, today, week, none
	Query    string // words that must all appear in the title or description
	Sort     string // due, priority, created, title
	Page     int    // how many pages a full list shows, from 1; at most MaxPage are listed

	// List is the list to show, 0 for all of them but the archived.
	List int64
	// Labels are labels a task must all carry.
	Labels []Label
	// View is "" for the filters above alone, or one of the fixed views:
	// "today" (open tasks due today or overdue) or "upcoming" (open tasks
	// due from today on). Both list by due date.
	View string
}

// The choices each filter offers, the default first.
var (
	FilterStatuses = []string{"open", "todo", "doing", "done", "all"}
	FilterDues     = []string{"any", "overdue", "today", "week", "none"}
	FilterSorts    = []string{"due", "priority", "created", "title"}
)

// DefaultTaskFilter is the unfiltered list: open tasks by due date, one page.
func DefaultTaskFilter() TaskFilter {
	return TaskFilter{Status: FilterStatuses[0], Due: FilterDues[0], Sort: FilterSorts[0], Page: 1}
}

// IsDefault reports whether f's filters are the defaults, whatever list,
// labels or view it shows.
func (f TaskFilter) IsDefault() bool {
	return f.Status == FilterStatuses[0] && f.Priority == "" && f.Due == FilterDues[0] && f.Query == ""
}

// The fixed views.
const (
	ViewToday    = "today"
	ViewUpcoming = "upcoming"
)

// ForView returns the filter of a fixed view: open tasks by due date.
func ForView(view string) TaskFilter {
	f := DefaultTaskFilter()
	f.View = view
	return f
}

// TaskPage is one slice of a filtered list.
type TaskPage struct {
	Tasks   []Task
	HasMore bool
}

// ListTasks returns the first pages of the user's tasks that match f, in
// f's order: pages 1 through f.Page, at most MaxPage of them. The list goes
// on from its last row with ListTasksAfter. today is the current day in the
// user's time zone.
func ListTasks(ctx context.Context, db bun.IDB, userID int64, f TaskFilter, today Date) (TaskPage, error) {
	limit := min(max(f.Page, 1), MaxPage) * PageSize
	var tasks []Task
	q, err := listQuery(ctx, db, &tasks, userID, f, today)
	if err == nil {
		err = q.Limit(int64(limit + 1)).Scan(ctx)
	}
	if err != nil {
		return TaskPage{}, fmt.Errorf("models: list tasks: %w", err)
	}
	return trimPage(tasks, limit), nil
}

// trimPage turns up to limit+1 rows into a page of limit, the extra row
// only telling that there are more.
func trimPage(tasks []Task, limit int) TaskPage {
	if len(tasks) > limit {
		return TaskPage{Tasks: tasks[:limit], HasMore: true}
	}
	return TaskPage{Tasks: tasks}
}

// listQuery selects the user's tasks matching f into model, in f's order.
// A search may first probe the text index to pick how the list is read.
func listQuery(ctx context.Context, db bun.IDB, model any, userID int64, f TaskFilter, today Date) (*bun.SelectQuery, error) {
	q := db.NewSelect().Model(model)
	if err := restrictToUser(ctx, db, q, userID, f); err != nil {
		return nil, err
	}
	applyFilter(q, userID, f, today)
	applySort(q, f)
	return q, nil
}

// TaskMatches reports whether the user's task id is selected by f, so a row
// edited out of the current view can leave it.
func TaskMatches(ctx context.Context, db bun.IDB, userID, id int64, f TaskFilter, today Date) (bool, error) {
	q := db.NewSelect().Model((*Task)(nil)).Where("t.user_id = ? AND t.id = ?", userID, id)
	applyFilter(q, userID, f, today)
	var ok bool
	err := db.NewSelect().ColumnExpr("EXISTS (?)", q.ColumnExpr("1")).Scan(ctx, &ok)
	if err != nil {
		return false, fmt.Errorf("models: match task %d: %w", id, err)
	}
	return ok, nil
}

// applyFilter narrows q to f. The status and priority are few and fixed,
// so they stay in the SQL text, where the planner can match them to the
// indexes; the day and the search words vary per request. The user is
// q's to choose (see restrictToUser); userID only scopes the lists.
func applyFilter(q *bun.SelectQuery, userID int64, f TaskFilter, today Date) {
	if f.List != 0 {
		q.Where("t.list_id = ?", f.List)
	} else {
		// An archived list's tasks show in its own view only.
		q.Where("t.list_id NOT IN (SELECT l.id FROM lists AS l WHERE l.user_id = ? AND l.archived = ?)", userID, true)
	}
	for _, l := range f.Labels {
		q.Where("EXISTS (SELECT 1 FROM task_labels AS tl WHERE tl.task_id = t.id AND tl.label_id = ?)", l.ID)
	}
	switch f.View {
	case ViewToday:
		q.Where(dueKey+" <= ? AND t.status <> 'done'", today)
	case ViewUpcoming:
		q.Where(dueKey+" >= ? AND "+dueKey+" < ? AND t.status <> 'done'", today, noDueKey)
	}
	switch f.Status {
	case "open":
		q.Where("t.status IN (?)", bun.In([]Status{StatusTodo, StatusDoing}))
	case "todo", "doing", "done":
		q.Where("t.status = ?", f.Status)
	}
	if p, ok := ParsePriority(f.Priority); ok && f.Priority != "" {
		q.Where("t.priority = ?", p)
	}
	switch f.Due {
	case "overdue":
		q.Where(dueKey+" < ? AND t.status <> 'done'", today)
	case "today":
		q.Where(dueKey+" = ?", today)
	case "week":
		q.Where(dueKey+" BETWEEN ? AND ?", today, today.AddDays(6))
	case "none":
		q.Where("t.due_date IS NULL AND "+dueKey+" = ?", noDueKey)
	}
	applySearch(q, searchWords(f.Query))
}

// dueKey is the due date with "none" as a far-future day, so tasks without
// one sort last, and noDueKey that day. Filters and sorts use the same
// expression as the list indexes, so the database seeks and reads in order.
const (
	dueKey   = "coalesce(t.due_date, '9999-12-31')"
	noDueKey = "9999-12-31"
)

// TaskCounts summarises a user's tasks for the header line.
type TaskCounts struct {
	Open     int `bun:"open"`
	Overdue  int `bun:"overdue"`
	DueToday int `bun:"due_today"`
	Done     int `bun:"done"`
}

// Counts are a user's task counts per list.
type Counts struct {
	lists    map[int64]TaskCounts
	archived map[int64]bool
}

// List returns the counts of one list.
func (c Counts) List(id int64) TaskCounts { return c.lists[id] }

// Visible returns the counts across every list that is not archived, as
// the views across lists show them.
func (c Counts) Visible() TaskCounts {
	var sum TaskCounts
	for id, n := range c.lists {
		if !c.archived[id] {
			sum.Open += n.Open
			sum.Overdue += n.Overdue
			sum.DueToday += n.DueToday
			sum.Done += n.Done
		}
	}
	return sum
}

// For returns the counts f's view shows in its header: its list's, or
// those across lists.
func (c Counts) For(f TaskFilter) TaskCounts {
	if f.List != 0 {
		return c.List(f.List)
	}
	return c.Visible()
}

// CountTasks counts the user's tasks across every list but the archived.
func CountTasks(ctx context.Context, db bun.IDB, userID int64, today Date) (TaskCounts, error) {
	c, err := CountByList(ctx, db, userID, today)
	return c.Visible(), err
}

// CountByList counts the user's tasks per list from the running tallies
// the database keeps per list and due day (see the task_tallies
// migrations), so the cost does not grow with the number of tasks.
func CountByList(ctx context.Context, db bun.IDB, userID int64, today Date) (Counts, error) {
	c := Counts{lists: make(map[int64]TaskCounts), archived: make(map[int64]bool)}
	rows, err := queryRows(ctx, db, sqlCountTasks, today, userID)
	if err != nil {
		return Counts{}, fmt.Errorf("models: count tasks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var archived bool
		var n TaskCounts
		if err := rows.Scan(&id, &archived, &n.Open, &n.Overdue, &n.DueToday, &n.Done); err != nil {
			return Counts{}, fmt.Errorf("models: count tasks: %w", err)
		}
		c.lists[id], c.archived[id] = n, archived
	}
	if err := rows.Err(); err != nil {
		return Counts{}, fmt.Errorf("models: count tasks: %w", err)
	}
	return c, nil
}
