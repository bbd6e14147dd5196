package models_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"docket/internal/testdb"
	"docket/models"
)

// fillSource gives db two users with tasks of every kind (due or not,
// each priority and status, notes, a reopened one, ids with gaps, in
// lists coloured, archived or not, labelled, with subtasks, one of them
// older than its parent) and a row in every table a copy leaves behind.
func fillSource(t *testing.T, db *models.DB, tasks int) {
	t.Helper()
	ctx := t.Context()
	alice := createUser(t, db, "alice")
	bob := createUser(t, db, "bob")
	if err := models.SetTimezone(ctx, db.Write, bob.ID, "Europe/Paris"); err != nil {
		t.Fatal(err)
	}
	work := createList(t, db, alice.ID, "Work", "blue")
	home := createList(t, db, alice.ID, "Home ✓", "")
	if _, err := models.UpdateList(ctx, db.Write, alice.ID, home.ID, models.ListChanges{Archived: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	lists := []int64{0, work.ID, home.ID} // 0: the Inbox
	statuses := []models.Status{models.StatusTodo, models.StatusDoing, models.StatusDone}
	var prev *models.Task // stored by the time the next is made
	made := createTasks(t, db, alice.ID, tasks, func(i int, task *models.Task) {
		task.Title = fmt.Sprintf("Task %d ✓ «ünïcode»", i)
		task.Priority = models.Priorities[i%len(models.Priorities)]
		task.Status = statuses[i%len(statuses)]
		task.ListID = lists[i%len(lists)]
		if i%3 != 0 {
			task.Due = models.DateOf(time.Date(2026, 11, 1+i%28, 0, 0, 0, 0, time.UTC))
		}
		if i%4 == 0 {
			task.Description = "Line one\nline two, with 'quotes' and \"double\" ones"
		}
		if i%10 == 9 { // a subtask of the task before it
			task.ParentID = prev.ID
		}
		prev = task
	})
	bobs := createTask(t, db, bob.ID, func(task *models.Task) { task.Title = "Bob's only task" })
	if err := models.DeleteTask(ctx, db.Write, alice.ID, made[1].ID); err != nil {
		t.Fatal(err)
	}
	err := db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for i, task := range made[2:] {
			names := [][]string{nil, {"phone"}, {"phone", "Waiting ✓"}, {"errands"}}[i%4]
			if err := models.SetTaskLabels(ctx, tx, alice.ID, task.ID, names); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := models.SetTaskLabels(ctx, db.Write, bob.ID, bobs.ID, []string{"phone"}); err != nil {
		t.Fatal(err)
	}
	// A task made a subtask of a newer one, as moving a task under another
	// would: a copy in id order alone would write it before its parent.
	parent := made[len(made)-2] // not a subtask: their indexes end in 9
	if _, err := db.Write.ExecContext(ctx, "UPDATE tasks SET parent_id = ?, list_id = ? WHERE id = ?",
		parent.ID, parent.ListID, made[2].ID); err != nil {
		t.Fatal(err)
	}
	// Doing, then done: the task remembers to reopen as doing.
	if _, err := models.ToggleTask(ctx, db.Write, alice.ID, made[4].ID); err != nil {
		t.Fatal(err)
	}
	if err := models.CreateSession(ctx, db.Write, &models.Session{Token: "tok", Data: []byte("x"),
		Expiry: time.Now().Add(time.Hour), UserID: alice.ID}); err != nil {
		t.Fatal(err)
	}
	if err := models.RecordLoginFailure(ctx, db.Write, time.Now(), "ip:192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	// An import still staging: invisible to its user, so not copied.
	if _, err := db.Write.ExecContext(ctx, "INSERT INTO imports (id, user_id, started_at, publishing) VALUES (7, ?, ?, 0)",
		bob.ID, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Write.ExecContext(ctx, `INSERT INTO import_rows (import_id, seq, title, description, priority,
		status, created_at, updated_at) VALUES (7, 1, 'staged', '', 0, 'todo', ?, ?)`, time.Now().UTC(), time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
}

// dump writes out every user and task of db, every field, times in UTC,
// in id order: what a copy must carry, read without the copy's code.
func dump(t *testing.T, db *models.DB) string {
	t.Helper()
	users, err := models.ListUsers(t.Context(), db.Read)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	utc := func(tm time.Time) string { return tm.UTC().Format(time.RFC3339Nano) }
	for _, u := range users {
		fmt.Fprintf(&b, "user %d %s %s %s epoch=%d %s %s\n", u.ID, u.Username, u.PasswordHash, u.Timezone,
			u.SessionEpoch, utc(u.CreatedAt), utc(u.UpdatedAt))
		lists, err := models.UserLists(t.Context(), db.Read, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lists {
			fmt.Fprintf(&b, "list %d %d %q %q %q %d inbox=%v archived=%v %s\n", l.ID, l.UserID, l.Name, l.NameKey, l.Colour,
				l.Position, l.Inbox, l.Archived, utc(l.CreatedAt))
		}
		labels, err := models.UserLabels(t.Context(), db.Read, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range labels {
			fmt.Fprintf(&b, "label %d %d %q %q %q %s\n", l.ID, l.UserID, l.Name, l.NameKey, l.Colour, utc(l.CreatedAt))
		}
		tasks := allTasks(t, db, u.ID)
		ids := make([]int64, len(tasks))
		for i, task := range tasks {
			ids[i] = task.ID
		}
		labelled, err := models.LabelsOfTasks(t.Context(), db.Read, u.ID, ids)
		if err != nil {
			t.Fatal(err)
		}
		for _, task := range tasks {
			fmt.Fprintf(&b, "task %d %d list=%d parent=%d pos=%d %q %q %s %d %s %s %s %s %q labels=%v\n", task.ID, task.UserID,
				task.ListID, task.ParentID, task.Position, task.Title, task.Description, task.Due, task.Priority, task.Status,
				utc(task.CompletedAt.Time), utc(task.CreatedAt), utc(task.UpdatedAt), task.ReopenStatus, labelIDs(labelled[task.ID]))
		}
	}
	return b.String()
}

// labelIDs returns the ids of labels.
func labelIDs(labels []models.Label) []int64 {
	ids := make([]int64, len(labels))
	for i, l := range labels {
		ids[i] = l.ID
	}
	return ids
}

// createList stores a list for the user.
func createList(t *testing.T, db *models.DB, userID int64, name string, colour models.Colour) *models.List {
	t.Helper()
	l := &models.List{UserID: userID, Name: name, Colour: colour}
	if err := models.CreateList(t.Context(), db.Write, l); err != nil {
		t.Fatalf("CreateList(%q): %v", name, err)
	}
	return l
}

// exports returns each user's JSON export, written at a fixed time.
func exports(t *testing.T, db *models.DB) map[string]string {
	t.Helper()
	users, err := models.ListUsers(t.Context(), db.Read)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, u := range users {
		var buf bytes.Buffer
		if err := models.ExportTasks(t.Context(), db.Read, &buf, u.ID, u.Username, models.FormatJSON, fixedNow); err != nil {
			t.Fatal(err)
		}
		out[u.Username] = buf.String()
	}
	return out
}

// copyDB copies from to to and fails the test if the copy fails.
func copyDB(t *testing.T, from, to string) (models.CopyReport, []models.CopyProgress) {
	t.Helper()
	var seen []models.CopyProgress
	rep, err := models.Copy(t.Context(), from, to, os.DirFS("migrations"), func(p models.CopyProgress) { seen = append(seen, p) })
	if err != nil {
		t.Fatalf("Copy(%s → %s): %v", from, to, err)
	}
	return rep, seen
}

// wantSameData fails the test unless src and dst hold the same users and
// tasks, exports and per-user counts.
func wantSameData(t *testing.T, src, dst *models.DB) {
	t.Helper()
	if a, b := dump(t, src), dump(t, dst); a != b {
		t.Errorf("the copy differs from the source:\nsource:\n%s\ncopy:\n%s", a, b)
	}
	a, b := exports(t, src), exports(t, dst)
	if len(a) == 0 || fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("exports differ:\nsource: %.500s\ncopy:   %.500s", fmt.Sprint(a), fmt.Sprint(b))
	}
	users, err := models.ListUsers(t.Context(), src.Read)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		ca, err := models.CountTasks(t.Context(), src.Read, u.ID, seedToday)
		if err != nil {
			t.Fatal(err)
		}
		cb, err := models.CountTasks(t.Context(), dst.Read, u.ID, seedToday)
		if err != nil {
			t.Fatal(err)
		}
		if ca != cb {
			t.Errorf("%s: task counts %+v in the copy, %+v in the source", u.Username, cb, ca)
		}
	}
}

// newSource makes a migrated database on the pass's engine, filled by
// fillSource, and returns its --db value and the database, open.
func newSource(t *testing.T, tasks int) (string, *models.DB) {
	t.Helper()
	dsn := migrated.DSN(t)
	db := openTestDB(t, dsn)
	fillSource(t, db, tasks)
	return dsn, db
}

// leftBehindRows counts the rows of every table a copy leaves behind.
func leftBehindRows(t *testing.T, db *models.DB) string {
	t.Helper()
	_, behind := models.CopiedColumns()
	var b strings.Builder
	for _, table := range behind {
		fmt.Fprintf(&b, "%s=%d ", table, countRows(t, db, "SELECT count(*) FROM "+table))
	}
	return b.String()
}

func TestCopyToNewFile(t *testing.T) {
	t.Parallel()
	from, src := newSource(t, 2500) // more than two batches
	before := dump(t, src) + leftBehindRows(t, src)
	to := filepath.Join(t.TempDir(), "sub", "copy.db")

	rep, seen := copyDB(t, from, to)

	dst := openTestDB(t, to)
	wantSameData(t, src, dst)
	if after := dump(t, src) + leftBehindRows(t, src); after != before {
		t.Errorf("the source changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if got, want := fmt.Sprint(rep.Tables), "[2 users 4 lists 4 labels 2 500 tasks 2 498 task labels]"; got != want {
		t.Errorf("report counts %s, want %s", got, want)
	}
	last := map[string]models.CopyProgress{}
	for _, p := range seen {
		last[p.Step+" "+p.Table] = p
	}
	for _, step := range []string{"copying users", "copying tasks", "checking users", "checking tasks"} {
		if p := last[step]; p.Done != p.Total || p.Total == 0 {
			t.Errorf("last progress of %s = %+v, want done = total", step, p)
		}
	}
	for _, table := range []string{"sessions", "login_failures", "imports", "import_rows"} {
		if n := countRows(t, dst, "SELECT count(*) FROM "+table); n != 0 {
			t.Errorf("%s: %d rows copied, want none", table, n)
		}
	}
	wantNewIDsAfterCopied(t, src, dst)
}

// wantNewIDsAfterCopied fails the test unless a user and a task added to
// the copy get ids above every id copied from src.
func wantNewIDsAfterCopied(t *testing.T, src, dst *models.DB) {
	t.Helper()
	u := createUser(t, dst, "newcomer")
	if max := countRows(t, src, "SELECT max(id) FROM users"); u.ID <= int64(max) {
		t.Errorf("new user got id %d, not above the copied ids (max %d)", u.ID, max)
	}
	task := createTask(t, dst, u.ID, nil)
	if max := countRows(t, src, "SELECT max(id) FROM tasks"); task.ID <= int64(max) {
		t.Errorf("new task got id %d, not above the copied ids (max %d)", task.ID, max)
	}
}

// The same data goes from SQLite to PostgreSQL and back, and exports the
// same at every step: the "moves and back with identical exports".
func TestCopyThroughPostgresAndBack(t *testing.T) {
	testdb.PostgresOnly(t)
	t.Parallel()
	first := filepath.Join(t.TempDir(), "first.db")
	src := openTestDB(t, first)
	if _, err := models.Migrate(t.Context(), src, os.DirFS("migrations")); err != nil {
		t.Fatal(err)
	}
	fillSource(t, src, 2500)
	pg := testdb.Empty(t) // no tables: the copy migrates it
	back := filepath.Join(t.TempDir(), "back.db")

	copyDB(t, first, pg)
	copyDB(t, pg, back)

	pgdb := openTestDB(t, pg)
	wantSameData(t, src, pgdb)
	wantSameData(t, src, openTestDB(t, back))
	wantNewIDsAfterCopied(t, src, pgdb)
}

func TestCopyReadsOneSnapshot(t *testing.T) {
	t.Parallel()
	from, src := newSource(t, 2500)
	before := dump(t, src)
	alice, err := models.GetUserByUsername(t.Context(), src.Read, "alice")
	if err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(t.TempDir(), "copy.db")
	changed := false
	// Between batches, the source changes: a new user, a new task, a
	// deleted one. None of it may reach the copy, nor upset its check.
	_, err = models.Copy(t.Context(), from, to, os.DirFS("migrations"), func(p models.CopyProgress) {
		if changed || p.Table != "tasks" {
			return
		}
		changed = true
		createUser(t, src, "dave")
		createTask(t, src, alice.ID, nil)
		if _, err := src.Write.ExecContext(t.Context(), "DELETE FROM tasks WHERE id = (SELECT max(id) FROM tasks WHERE title <> 'task')"); err != nil {
			t.Error(err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !changed {
		t.Fatal("the source was never changed during the copy")
	}
	if got := dump(t, openTestDB(t, to)); got != before {
		t.Errorf("the copy holds changes made after it began:\nbefore:\n%s\ncopy:\n%s", before, got)
	}
}

func TestCopyIntoEmptyDatabase(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		dst  func(testing.TB) string
	}{
		{"migrated", migrated.DSN},
		{"no tables", testdb.Empty}, // a new file, or a new PostgreSQL database
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			from, src := newSource(t, 5)
			to := tt.dst(t)

			copyDB(t, from, to)

			wantSameData(t, src, openTestDB(t, to))
		})
	}
}

// A column added to the schema must be copied, or its table said to stay
// behind; otherwise a copy would silently drop it.
func TestCopyAccountsForEverySchemaColumn(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	// Only ordinary tables: the text search index (a virtual table and its
	// shadow tables) is derived from the tasks, and the destination's
	// triggers build it from the tasks it receives, as they do the tallies.
	query := `SELECT l.name AS table_name, p.name AS column_name FROM pragma_table_list AS l
		JOIN pragma_table_info(l.name) AS p WHERE l.schema = 'main' AND l.type = 'table' AND l.name NOT LIKE 'sqlite_%'`
	if db.Engine == models.Postgres {
		query = "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"
	}
	var rows []struct {
		Table  string `bun:"table_name"`
		Column string `bun:"column_name"`
	}
	if err := db.Read.NewRaw(query).Scan(t.Context(), &rows); err != nil {
		t.Fatal(err)
	}
	schema := map[string][]string{}
	for _, r := range rows {
		if !strings.HasPrefix(r.Table, "bun_") { // the migrator's own: each database has its own
			schema[r.Table] = append(schema[r.Table], r.Column)
		}
	}
	copied, behind := models.CopiedColumns()
	for table, want := range copied {
		got := schema[table]
		sort.Strings(got)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: the schema has columns %v, a copy carries %v (copiedTables in copy_rows.go)", table, got, want)
		}
	}
	for _, table := range behind {
		if schema[table] == nil {
			t.Errorf("leftBehind names %s, which the schema does not have", table)
		}
	}
	for table := range schema {
		if copied[table] == nil && !slices.Contains(behind, table) {
			t.Errorf("table %s is neither copied (copiedTables) nor said to stay behind (leftBehind)", table)
		}
	}
}
