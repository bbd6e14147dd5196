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

// queryRecorder is a bun.QueryHook that remembers the queries it saw.
type queryRecorder struct {
	mu   sync.Mutex
	seen []statement
}

func (r *queryRecorder) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	return ctx
}

func (r *queryRecorder) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen = append(r.seen, statement{e.Query, e.QueryArgs})
}

func (r *queryRecorder) lastQuery() statement {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.seen) == 0 {
		return statement{}
	}
	return r.seen[len(r.seen)-1]
}

func (r *queryRecorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.seen)
}

// since returns the queries seen after the first n.
func (r *queryRecorder) since(n int) []statement {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]statement(nil), r.seen[n:]...)
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
// the user's indexes (a list's own, for a list view) and never sorts the
// user's whole list: at 100 000 tasks a full sort costs a hundred times
// more than the page it returns. An overdue or next-week filter under
// another sort may instead seek the date range and sort only that, which
// bounds the sort to the range.
func wantOrderedIndexRead(t *testing.T, db *models.DB, f models.TaskFilter, query statement) {
	t.Helper()
	text := strings.Join(queryPlan(t, db, query), "; ")
	rangeSeek := (f.Due == "overdue" || f.Due == "week") && strings.Contains(text, "<expr><?")
	index := "USING INDEX tasks_user_"
	if f.List != 0 {
		index = "USING INDEX tasks_list_"
	}
	if !strings.Contains(text, index) {
		t.Errorf("%+v: plan %q, want an index like %q", f, text, index)
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
// Each filter is checked in each of lists (0: across lists), since a list
// view reads the list's own indexes.
func planFilters(lists ...int64) []models.TaskFilter {
	var out []models.TaskFilter
	for _, sort := range models.FilterSorts {
		for _, list := range lists {
			out = append(out, sortFilters(sort, list)...)
		}
	}
	return out
}

// sortFilters are planFilters' filters of one sort in one list.
func sortFilters(sort string, list int64) []models.TaskFilter {
	var out []models.TaskFilter
	base := models.TaskFilter{Status: "open", Sort: sort, Due: "any", Page: 1, List: list}
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
	return out
}

// planName names a filter's subtest.
func planName(f models.TaskFilter) string {
	return fmt.Sprintf("list%d/%s/%s/%s/%s/%q/page%d", f.List, f.Status, f.Sort, f.Due, f.Priority, f.Query, f.Page)
}

func TestQueryPlansUseIndexes(t *testing.T) {
	testdb.SQLiteOnly(t)
	t.Parallel()
	db := newTestDB(t)
	u := createUser(t, db, "alice")
	today := mustDate(t, listToday)
	work := planLists(t, db, u.ID)
	for i := range 5 {
		createTask(t, db, u.ID, func(x *models.Task) { x.Priority = models.Priority(i % 5); x.Due = today.AddDays(i) })
	}
	for _, list := range []int64{0, work.ID} { // the search's match, in the Inbox and in the list
		createTask(t, db, u.ID, func(x *models.Task) { x.Title, x.ListID = "milk 50% off", list })
	}
	rec := &queryRecorder{}
	db.Read.AddQueryHook(rec)

	for _, f := range planFilters(0, work.ID) {
		t.Run(planName(f), func(t *testing.T) {
			before := rec.count()
			if _, err := models.ListTasks(t.Context(), db.Read, u.ID, f, today); err != nil {
				t.Fatal(err)
			}
			qs := rec.since(before)
			if f.Query == "" {
				if len(qs) != 1 {
					t.Fatalf("ListTasks ran %d queries, want 1", len(qs))
				}
				wantOrderedIndexRead(t, db, f, qs[0])
				checkPlan(t, db, qs[0])
				return
			}
			// Every word matches few tasks: the probe, then the matches by id.
			if len(qs) != 2 {
				t.Fatalf("ListTasks ran %d queries, want 2 (the probe and the list)", len(qs))
			}
			wantTextIndexRead(t, db, qs[0], qs[1])
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

// wantTextIndexRead fails unless probe reads the text index and list
// reads only the tasks the probe found, by id.
func wantTextIndexRead(t *testing.T, db *models.DB, probe, list statement) {
	t.Helper()
	if text := strings.Join(queryPlan(t, db, probe), "; "); !strings.Contains(text, "SCAN task_search VIRTUAL TABLE INDEX") {
		t.Errorf("probe plan %q, want a read of the text index", text)
	}
	if text := strings.Join(queryPlan(t, db, list), "; "); !strings.HasPrefix(text, "SEARCH t USING INTEGER PRIMARY KEY") {
		t.Errorf("list plan %q, want the probe's matches read by id", text)
	}
	checkPlan(t, db, list)
}

// TestQueryPlansCommonWords checks the lists of words the probe finds
// common: they must walk the ordered index as an unsearched list does.
// Words shorter than a trigram skip the probe. It forces the probe's
// verdict, so it does not run in parallel.
func TestQueryPlansCommonWords(t *testing.T) {
	testdb.SQLiteOnly(t)
	defer models.SetTextIndexProbe(0)()
	db := newTestDB(t)
	u := createUser(t, db, "alice")
	today := mustDate(t, listToday)
	work := planLists(t, db, u.ID)
	createTask(t, db, u.ID, func(x *models.Task) { x.Title = "milk 50% off" })
	rec := &queryRecorder{}
	db.Read.AddQueryHook(rec)
	for _, f := range planFilters(0, work.ID) {
		for _, q := range []struct {
			query   string
			queries int
		}{{"milk 50%", 2}, {"mi 5", 1}} {
			if f.Query == "" {
				continue
			}
			f.Query = q.query
			t.Run(planName(f), func(t *testing.T) {
				before := rec.count()
				if _, err := models.ListTasks(t.Context(), db.Read, u.ID, f, today); err != nil {
					t.Fatal(err)
				}
				qs := rec.since(before)
				if len(qs) != q.queries {
					t.Fatalf("ListTasks ran %d queries, want %d", len(qs), q.queries)
				}
				wantOrderedIndexRead(t, db, f, qs[len(qs)-1])
				checkPlan(t, db, qs[len(qs)-1])
			})
		}
	}
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
