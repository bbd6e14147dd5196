package models

import (
	"context"
	"database/sql"
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

// IsDefault reports whether f selects the unfiltered default view.
func (f TaskFilter) IsDefault() bool {
	return f.Status == FilterStatuses[0] && f.Priority == "" && f.Due == FilterDues[0] && f.Query == ""
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
	if err := restrictToUser(ctx, db, q, userID, searchWords(f.Query)); err != nil {
		return nil, err
	}
	applyFilter(q, f, today)
	applySort(q, f)
	return q, nil
}

// TaskMatches reports whether the user's task id is selected by f, so a row
// edited out of the current view can leave it.
func TaskMatches(ctx context.Context, db bun.IDB, userID, id int64, f TaskFilter, today Date) (bool, error) {
	q := db.NewSelect().Model((*Task)(nil)).Where("t.user_id = ? AND t.id = ?", userID, id)
	applyFilter(q, f, today)
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
// q's to choose (see restrictToUser).
func applyFilter(q *bun.SelectQuery, f TaskFilter, today Date) {
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

// CountTasks counts the user's tasks from the running tallies the
// database keeps per due day (see the task_tallies migration), so the cost
// does not grow with the number of tasks.
func CountTasks(ctx context.Context, db bun.IDB, userID int64, today Date) (TaskCounts, error) {
	var c TaskCounts
	rows, err := queryRows(ctx, db, sqlCountTasks, today, userID)
	if err == nil {
		err = scanOne(rows, func(r *sql.Rows) error { return r.Scan(&c.Open, &c.Overdue, &c.DueToday, &c.Done) })
	}
	if err != nil {
		return TaskCounts{}, fmt.Errorf("models: count tasks: %w", err)
	}
	return c, nil
}
