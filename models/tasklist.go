package models

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
)

// PageSize is how many tasks one page of the list shows.
const PageSize = 50

// maxPage bounds how far "load more" can reach by page number, so a
// crafted page number cannot ask for an enormous offset.
const maxPage = 1000

// MaxPage is the most pages one full list renders: a page URL asks for
// pages 1 through its page, so this bounds what one response holds. The
// list goes on past it by cursor ("load more").
const MaxPage = 5

// maxQueryLen bounds the search text, in bytes.
const maxQueryLen = 200

// TaskFilter selects and orders a user's tasks. Its zero value, after
// Normalize, is the default view: open tasks by due date.
type TaskFilter struct {
	Status   string // open (todo+doing), todo, doing, done, all
	Priority string // "" for any, else a priority name
	Due      string // any, overdue, today, week, none
	Query    string // words that must all appear in the title or description
	Sort     string // due, priority, created, title
	Page     int    // 1-based
}

// The choices each filter offers, the default first.
var (
	FilterStatuses = []string{"open", "todo", "doing", "done", "all"}
	FilterDues     = []string{"any", "overdue", "today", "week", "none"}
	FilterSorts    = []string{"due", "priority", "created", "title"}
)

// ParseTaskFilter reads a filter from URL query values; anything unknown
// falls back to the default rather than failing, so old bookmarks keep working.
func ParseTaskFilter(v url.Values) TaskFilter {
	page, _ := strconv.Atoi(v.Get("page"))
	f := TaskFilter{
		Status:   v.Get("status"),
		Priority: v.Get("priority"),
		Due:      v.Get("due"),
		Query:    strings.TrimSpace(v.Get("q")),
		Sort:     v.Get("sort"),
		Page:     page,
	}
	f.Normalize()
	return f
}

// Normalize replaces unknown values with the defaults.
func (f *TaskFilter) Normalize() {
	f.Status = oneOf(f.Status, FilterStatuses)
	f.Due = oneOf(f.Due, FilterDues)
	f.Sort = oneOf(f.Sort, FilterSorts)
	if _, ok := ParsePriority(f.Priority); !ok {
		f.Priority = ""
	}
	f.Page = min(max(f.Page, 1), maxPage)
	if len(f.Query) > maxQueryLen {
		cut := maxQueryLen
		for cut > 0 && !utf8.RuneStart(f.Query[cut]) {
			cut--
		}
		f.Query = f.Query[:cut]
	}
	// After the cut, so a query cut after a space does not keep it: the
	// filter must read back the same from the URL it encodes to.
	f.Query = strings.TrimSpace(f.Query)
}

func oneOf(s string, choices []string) string {
	for _, c := range choices {
		if s == c {
			return s
		}
	}
	return choices[0]
}

// Values encodes f as URL query values, leaving out defaults so URLs stay short.
func (f TaskFilter) Values() url.Values {
	v := url.Values{}
	set := func(key, val, def string) {
		if val != def {
			v.Set(key, val)
		}
	}
	set("status", f.Status, FilterStatuses[0])
	set("priority", f.Priority, "")
	set("due", f.Due, FilterDues[0])
	set("q", f.Query, "")
	set("sort", f.Sort, FilterSorts[0])
	if f.Page > 1 {
		v.Set("page", strconv.Itoa(f.Page))
	}
	return v
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

// ListTasks returns the user's tasks that match f, in f's order. With upTo
// set it returns pages 1 through f.Page, at most MaxPage of them (a full
// page load), otherwise only page f.Page (a "load more" request). today is
// the current day in the user's time zone.
func ListTasks(ctx context.Context, db bun.IDB, userID int64, f TaskFilter, today Date, upTo bool) (TaskPage, error) {
	f.Normalize()
	offset, limit := (f.Page-1)*PageSize, PageSize
	if upTo {
		offset, limit = 0, min(f.Page, MaxPage)*PageSize
	}
	var tasks []Task
	q := listQuery(db, &tasks, userID, f, today).Limit(int64(limit + 1)).Offset(int64(offset))
	if offset > 0 {
		// A deep page finds its ids in the index alone and then reads only
		// those rows; a plain OFFSET would read every skipped row in full.
		ids := listQuery(db, (*Task)(nil), userID, f, today).Column("t.id").Limit(int64(limit + 1)).Offset(int64(offset))
		q = db.NewSelect().Model(&tasks).Where("t.id IN (?)", ids)
		applySort(q, f)
	}
	if err := q.Scan(ctx); err != nil {
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
func listQuery(db bun.IDB, model any, userID int64, f TaskFilter, today Date) *bun.SelectQuery {
	q := db.NewSelect().Model(model).Where("t.user_id = ?", userID)
	applyFilter(q, f, today)
	applySort(q, f)
	return q
}

// TaskMatches reports whether the user's task id is selected by f, so a row
// edited out of the current view can leave it.
func TaskMatches(ctx context.Context, db bun.IDB, userID, id int64, f TaskFilter, today Date) (bool, error) {
	f.Normalize()
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
// indexes; the day and the search words vary per request.
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
	like := "LIKE"
	if q.Dialect().Name() == dialect.PG {
		like = "ILIKE"
	}
	// A NUL separates words like a space: SQL text cannot carry one.
	for _, word := range strings.FieldsFunc(f.Query, func(r rune) bool { return unicode.IsSpace(r) || r == 0 }) {
		pattern := "%" + escapeLike(word) + "%"
		q.Where("(t.title "+like+" ? ESCAPE '\\' OR t.description "+like+" ? ESCAPE '\\')", pattern, pattern)
	}
}

// dueKey is the due date with "none" as a far-future day, so tasks without
// one sort last, and noDueKey that day. Filters and sorts use the same
// expression as the list indexes, so the database seeks and reads in order.
const (
	dueKey   = "coalesce(t.due_date, '9999-12-31')"
	noDueKey = "9999-12-31"
)

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

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
