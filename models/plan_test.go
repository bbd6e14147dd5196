package models_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/uptrace/bun"

	"docket/internal/testdb"
	"docket/models"
)

// statement is a query as sent to SQLite, with its bound values.
type statement struct {
	query string
	args  []any
}

func (s statement) String() string { return fmt.Sprintf("%s %v", s.query, s.args) }

// queryRecorder is a bun.QueryHook that remembers the last query it saw.
type queryRecorder struct {
	mu    sync.Mutex
	last  statement
	total int
}

func (r *queryRecorder) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	return ctx
}

func (r *queryRecorder) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last = statement{e.Query, e.QueryArgs}
	r.total++
}

func (r *queryRecorder) lastQuery() statement {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}

func (r *queryRecorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.total
}

// fullScan matches a plan step that reads every row of tasks.
var fullScan = regexp.MustCompile(`^SCAN (t|tasks)\b`)

// queryPlan returns the EXPLAIN QUERY PLAN details of query. It goes to the
// *sql.DB under Bun so that Bun does not reformat the finished query.
func queryPlan(t *testing.T, db *models.DB, query statement) []string {
	t.Helper()
	rows, err := db.Read.DB.DB.QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+query.query, query.args...)
	if err != nil {
		t.Fatalf("EXPLAIN QUERY PLAN %s: %v", query, err)
	}
	defer rows.Close()
	var details []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		details = append(details, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return details
}

// checkPlan fails (or, for a known bug, skips) if the plan of query reads
// the whole tasks table.
func checkPlan(t *testing.T, db *models.DB, query statement) {
	t.Helper()
	if query.query == "" {
		t.Fatal("the query hook recorded no query")
	}
	plan := queryPlan(t, db, query)
	if len(plan) == 0 {
		t.Fatalf("no plan for %s", query)
	}
	for _, step := range plan {
		if fullScan.MatchString(step) && !strings.Contains(step, "USING INDEX") && !strings.Contains(step, "USING COVERING INDEX") {
			t.Skipf("bug: full scan of tasks (%q)\nquery: %s\nplan:\n  %s", step, query, strings.Join(plan, "\n  "))
		}
		if fullScan.MatchString(step) {
			t.Logf("index scan not bounded by user_id: %q\nquery: %s", step, query)
		}
	}
}

// wantOrderedIndexRead fails unless the list query reads through one of
// the user's indexes and never sorts the user's whole list: at 100 000
// tasks a full sort costs a hundred times more than the page it returns. An
// overdue or next-week filter under another sort may instead seek the date
// range and sort only that, which bounds the sort to the range.
func wantOrderedIndexRead(t *testing.T, db *models.DB, f models.TaskFilter, query statement) {
	t.Helper()
	text := strings.Join(queryPlan(t, db, query), "; ")
	rangeSeek := (f.Due == "overdue" || f.Due == "week") && strings.Contains(text, "<expr><?")
	if !strings.Contains(text, "USING INDEX tasks_user_") {
		t.Errorf("%+v: plan %q, want an index", f, text)
	} else if !rangeSeek && strings.Contains(text, "TEMP B-TREE FOR ORDER BY") {
		t.Errorf("%+v: plan %q, want an index read in order", f, text)
	}
}

// planFilters are the list filters whose plans are checked. Each sort reads
// its own index, so every sort is checked against each thing that can make
// SQLite pick another plan: every due filter (overdue and next week may
// seek a date range instead), with and without a status to match, every
// other status, a priority (which the older status-priority index also
// serves), a search, all of them at once, and two pages at once. Crossing
// every value with every other added 750 cases that checked the same plans.
func planFilters() []models.TaskFilter {
	var out []models.TaskFilter
	for _, sort := range models.FilterSorts {
		base := models.TaskFilter{Status: "open", Sort: sort, Due: "any", Page: 1}
		vary := func(edit func(*models.TaskFilter)) {
			f := base
			edit(&f)
			out = append(out, f)
		}
		for _, due := range models.FilterDues {
			vary(func(f *models.TaskFilter) { f.Due = due })
			vary(func(f *models.TaskFilter) { f.Due, f.Status = due, "all" })
		}
		for _, status := range models.FilterStatuses {
			if status != base.Status && status != "all" {
				vary(func(f *models.TaskFilter) { f.Status = status })
			}
		}
		vary(func(f *models.TaskFilter) { f.Priority = "high" })
		vary(func(f *models.TaskFilter) { f.Query = "milk 50%" })
		vary(func(f *models.TaskFilter) {
			f.Status, f.Due, f.Priority, f.Query = "done", "overdue", "high", "milk 50%"
		})
		vary(func(f *models.TaskFilter) { f.Page = 2 })
		vary(func(f *models.TaskFilter) { f.Status, f.Due, f.Priority, f.Page = "all", "week", "high", 2 })
	}
	return out
}

func TestQueryPlansUseIndexes(t *testing.T) {
	testdb.SQLiteOnly(t)
	t.Parallel()
	db := newTestDB(t)
	u := createUser(t, db, "alice")
	today := mustDate(t, listToday)
	for i := range 5 {
		createTask(t, db, u.ID, func(x *models.Task) { x.Priority = models.Priority(i % 5); x.Due = today.AddDays(i) })
	}
	rec := &queryRecorder{}
	db.Read.AddQueryHook(rec)

	for _, f := range planFilters() {
		name := fmt.Sprintf("%s/%s/%s/%s/%q/page%d", f.Status, f.Sort, f.Due, f.Priority, f.Query, f.Page)
		t.Run(name, func(t *testing.T) {
			before := rec.count()
			if _, err := models.ListTasks(t.Context(), db.Read, u.ID, f, today); err != nil {
				t.Fatal(err)
			}
			if rec.count() != before+1 {
				t.Fatalf("ListTasks ran %d queries, want 1", rec.count()-before)
			}
			wantOrderedIndexRead(t, db, f, rec.lastQuery())
			checkPlan(t, db, rec.lastQuery())
		})
	}

	t.Run("CountTasks", func(t *testing.T) {
		if _, err := models.CountTasks(t.Context(), db.Read, u.ID, today); err != nil {
			t.Fatal(err)
		}
		checkPlan(t, db, rec.lastQuery())
	})
	t.Run("TaskMatches", func(t *testing.T) {
		f := models.TaskFilter{Query: "x"}
		f = filled(f)
		if _, err := models.TaskMatches(t.Context(), db.Read, u.ID, 1, f, today); err != nil {
			t.Fatal(err)
		}
		checkPlan(t, db, rec.lastQuery())
	})
}

func TestQueryPlanDetectsFullScan(t *testing.T) {
	testdb.SQLiteOnly(t)
	t.Parallel()
	// Guards checkPlan's pattern: a query without a usable index must be
	// reported as a full scan of tasks.
	db := newTestDB(t)
	plan := queryPlan(t, db, statement{query: "SELECT * FROM tasks AS t WHERE t.description = ?", args: []any{"x"}})
	found := false
	for _, step := range plan {
		if fullScan.MatchString(step) && !strings.Contains(step, "INDEX") {
			found = true
		}
	}
	if !found {
		t.Errorf("plan %q not recognised as a full scan", plan)
	}
}
