package models_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"docket/bench/benchdb"
	"docket/models"
)

// planLists gives the user a list besides the Inbox and an archived one,
// whose tasks the views across lists leave out, and returns the first.
// SQLite has no statistics, so its plans do not depend on how many tasks
// each holds: one each is enough.
func planLists(t *testing.T, db *models.DB, userID int64) *models.List {
	t.Helper()
	work := &models.List{UserID: userID, Name: "Work"}
	old := &models.List{UserID: userID, Name: "Old"}
	for _, l := range []*models.List{work, old} {
		if err := models.CreateList(t.Context(), db.Write, l); err != nil {
			t.Fatal(err)
		}
		createTask(t, db, userID, func(x *models.Task) { x.ListID = l.ID })
	}
	archive := true
	if _, err := models.UpdateList(t.Context(), db.Write, userID, old.ID, models.ListChanges{Archived: &archive}); err != nil {
		t.Fatal(err)
	}
	return work
}

// viewsTasks is how many tasks the user of the views' plan tests has:
// enough for the benchmarks' spread (benchdb.Organise) to put more than
// the probe's 2 000 tasks on the common label and a few dozen on the rare
// one, and for PostgreSQL's statistics to weigh the lists and labels as
// they weigh them at 100 000 tasks.
const viewsTasks = 12_000

// viewsFixture is a database for the views' plans: a user whose tasks are
// spread over lists, labels and subtasks as the benchmarks' are, one small
// list archived, and another user's tasks after them in the same tables.
type viewsFixture struct {
	db     *models.DB
	rec    *queryRecorder
	userID int64
	org    *benchdb.Organisation
}

func newViewsFixture(t *testing.T) *viewsFixture {
	t.Helper()
	ctx := t.Context()
	db := newTestDB(t)
	u := createUser(t, db, "alice")
	if err := models.SeedTasks(ctx, db, u.ID, viewsTasks, seedToday, 1, nil); err != nil {
		t.Fatal(err)
	}
	org, err := benchdb.Organise(ctx, db, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	someday, err := models.ListByName(ctx, db.Read, u.ID, "Someday")
	if err != nil {
		t.Fatal(err)
	}
	archive := true
	if _, err := models.UpdateList(ctx, db.Write, u.ID, someday.ID, models.ListChanges{Archived: &archive}); err != nil {
		t.Fatal(err)
	}
	bob := createUser(t, db, "bob")
	if err := models.SeedTasks(ctx, db, bob.ID, viewsTasks/4, seedToday, 2, nil); err != nil {
		t.Fatal(err)
	}
	rec := &queryRecorder{}
	db.Read.AddQueryHook(rec)
	return &viewsFixture{db: db, rec: rec, userID: u.ID, org: org}
}

// statements runs fn and returns the statements it sent.
func (v *viewsFixture) statements(t *testing.T, fn func(ctx context.Context) error) []statement {
	t.Helper()
	before := v.rec.count()
	if err := fn(t.Context()); err != nil {
		t.Fatal(err)
	}
	return v.rec.since(before)
}

// planText is the plan of query on the pass's engine: SQLite's EXPLAIN
// QUERY PLAN steps, or PostgreSQL's EXPLAIN without costs, one a line.
func planText(t *testing.T, db *models.DB, query statement) string {
	t.Helper()
	if db.Engine == models.SQLite {
		return strings.Join(queryPlan(t, db, query), "\n")
	}
	rows, err := db.Read.DB.DB.QueryContext(t.Context(), "EXPLAIN (COSTS OFF) "+query.query, query.args...)
	if err != nil {
		t.Fatalf("EXPLAIN %s: %v", query, err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, line)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

// sortStep matches a plan step that sorts rows: SQLite's temporary b-tree
// for an ORDER BY, PostgreSQL's Sort node.
var sortStep = regexp.MustCompile(`(?m)TEMP B-TREE FOR ORDER BY|^\s*(->\s+)?(Incremental )?Sort$`)

// viewPlan is what the plan of one statement must show: a match for each
// of uses, and no sort step unless sorts.
type viewPlan struct {
	uses  []string // regular expressions
	sorts bool
}

// viewCase is an operation and the plans of its statements on each engine,
// one per statement; an engine left out is not checked.
type viewCase struct {
	name  string
	run   func(context.Context) error
	plans map[models.Engine][]viewPlan
}

// TestQueryPlansViews checks the plans of the list, label, Today and
// Upcoming views and of what each page loads besides its rows. SQLite's
// list views in every sort and filter are TestQueryPlansUseIndexes'. On
// PostgreSQL only the plans its planner keeps from the test's size up to
// the benchmarks' 100 000 tasks are pinned; the others are said where
// they are left out.
func TestQueryPlansViews(t *testing.T) {
	t.Parallel()
	v := newViewsFixture(t)
	list := func(f models.TaskFilter) func(context.Context) error {
		return func(ctx context.Context) error {
			_, err := models.ListTasks(ctx, v.db.Read, v.userID, filled(f), seedToday)
			return err
		}
	}
	page, err := models.ListTasks(t.Context(), v.db.Read, v.userID, models.DefaultTaskFilter(), seedToday)
	if err != nil {
		t.Fatal(err)
	}
	rows := ids(page.Tasks)
	type plans = map[models.Engine][]viewPlan
	cases := []viewCase{
		{"label view, common label", list(models.TaskFilter{Labels: []models.Label{v.org.CommonLabel}}), plans{
			models.SQLite: {
				{uses: []string{`SEARCH tl USING COVERING INDEX task_labels_label_idx \(label_id=\?\)`}},
				{uses: []string{`SEARCH t USING INDEX tasks_user_due_idx \(user_id=\?\)`, `SEARCH tl EXISTS USING PRIMARY KEY \(task_id=\? AND label_id=\?\)`}},
			},
			// The probe reads the label's first 2 000 rows in any order: a
			// sequential scan stops as soon as an index read would.
			models.Postgres: {
				{sorts: true},
				{uses: []string{`Index Scan using tasks_user_due_idx`, `Index (Only )?Scan using task_labels_(pkey|label_idx)`}},
			},
		}},
		{"label view in a list, common label", list(models.TaskFilter{List: v.org.BigListID, Labels: []models.Label{v.org.CommonLabel}}), plans{
			models.SQLite: {
				{uses: []string{`task_labels_label_idx`}},
				{uses: []string{`SEARCH t USING INDEX tasks_list_due_idx \(user_id=\? AND list_id=\?\)`, `SEARCH tl EXISTS USING PRIMARY KEY`}},
			},
			models.Postgres: {
				{sorts: true},
				{uses: []string{`Index Scan using tasks_list_due_idx`, `Index (Only )?Scan using task_labels_(pkey|label_idx)`}},
			},
		}},
		{"label view, rare label", list(models.TaskFilter{Labels: []models.Label{v.org.RareLabel}}), plans{
			models.SQLite: {
				{uses: []string{`task_labels_label_idx \(label_id=\?\)`}},
				{uses: []string{`^SEARCH t USING INTEGER PRIMARY KEY`}, sorts: true},
			},
			models.Postgres: {
				{uses: []string{`(Scan using|Bitmap Index Scan on) task_labels_label_idx`}},
				{uses: []string{`Index Scan (Backward )?using tasks_pkey`, `Index Cond: \(id = ANY`}, sorts: true},
			},
		}},
		{"today", list(models.ForView(models.ViewToday)), plans{
			models.SQLite:   {{uses: []string{`SEARCH t USING INDEX tasks_user_due_idx \(user_id=\? AND <expr><\?\)`}}},
			models.Postgres: {{uses: []string{`Index Scan using tasks_user_due_idx`, `Index Cond: \(\(user_id = \d+\) AND \(COALESCE\(due_date, '9999-12-31'::date\) <=`}}},
		}},
		{"upcoming", list(models.ForView(models.ViewUpcoming)), plans{
			models.SQLite:   {{uses: []string{`SEARCH t USING INDEX tasks_user_due_idx \(user_id=\? AND <expr>>\? AND <expr><\?\)`}}},
			models.Postgres: {{uses: []string{`Index Scan using tasks_user_due_idx`, `Index Cond: \(\(user_id = \d+\) AND \(COALESCE\(due_date, '9999-12-31'::date\) >=`}}},
		}},
		{"subtask progress", func(ctx context.Context) error {
			_, err := models.SubtaskProgress(ctx, v.db.Read, v.userID, rows)
			return err
		}, plans{
			models.SQLite:   {{uses: []string{`SEARCH t USING INDEX tasks_parent_idx \(parent_id=\?\)`}}},
			models.Postgres: {{uses: []string{`Index Scan using tasks_parent_idx`}}},
		}},
		// On PostgreSQL, a sequential scan of task_labels is cheaper than
		// its key at the test's size; at 100 000 tasks it reads the key.
		{"labels of a page", func(ctx context.Context) error {
			_, err := models.LabelsOfTasks(ctx, v.db.Read, v.userID, rows)
			return err
		}, plans{
			models.SQLite: {{uses: []string{`SEARCH tl USING PRIMARY KEY \(task_id=\?\)`}, sorts: true}},
		}},
		// On PostgreSQL, the common label is most of task_labels here and
		// at 100 000 tasks, and the planner rightly reads the table.
		{"tasks of a label", func(ctx context.Context) error {
			_, err := models.LabelTaskCount(ctx, v.db.Read, v.userID, v.org.CommonLabel.ID)
			return err
		}, plans{
			models.SQLite: {{uses: []string{`SEARCH tl USING COVERING INDEX task_labels_label_idx \(label_id=\?\)`}}},
		}},
		// On PostgreSQL, the user's tallies are most of the table at the
		// test's size and at the benchmarks', so it reads the table.
		{"counts by list", func(ctx context.Context) error {
			_, err := models.CountByList(ctx, v.db.Read, v.userID, seedToday)
			return err
		}, plans{
			models.SQLite: {{uses: []string{`SEARCH tt USING PRIMARY KEY \(user_id=\?\)`}}},
		}},
	}
	// The list views in each sort, and across lists in each sort but the
	// newest first: for that one PostgreSQL walks the whole table's key
	// backwards, which it takes for as cheap as the user's index (and is,
	// unless the user's tasks are the oldest ones, as here).
	for _, sort := range models.FilterSorts {
		cases = append(cases, viewCase{"list view by " + sort, list(models.TaskFilter{List: v.org.BigListID, Sort: sort}), plans{
			models.Postgres: {{uses: []string{`Index Scan (Backward )?using tasks_list_` + sort + `_idx`, `Index Cond: \(\(user_id = \d+\) AND \(list_id = \d+\)\)`}}},
		}})
		if sort != "created" {
			cases = append(cases, viewCase{"across lists by " + sort, list(models.TaskFilter{Sort: sort}), plans{
				models.Postgres: {{uses: []string{`Index Scan using tasks_user_` + sort + `_idx`, `hashed SubPlan`}}},
			}})
		}
	}
	for _, c := range cases {
		want, ok := c.plans[v.db.Engine]
		if !ok {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			stmts := v.statements(t, c.run)
			if len(stmts) != len(want) {
				t.Fatalf("ran %d statements, want %d", len(stmts), len(want))
			}
			for i, w := range want {
				plan := planText(t, v.db, stmts[i])
				for _, use := range w.uses {
					if !regexp.MustCompile(`(?m)` + use).MatchString(plan) {
						t.Errorf("statement %d: plan lacks %s\nquery: %.300s\nplan:\n%s", i+1, use, stmts[i].query, plan)
					}
				}
				if !w.sorts && sortStep.MatchString(plan) {
					t.Errorf("statement %d sorts its rows\nquery: %.300s\nplan:\n%s", i+1, stmts[i].query, plan)
				}
			}
		})
	}
}
