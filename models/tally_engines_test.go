package models_test

import (
	"bytes"
	"database/sql"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"docket/internal/testdb"
	"docket/models"
)

// tallyKey is one row key of task_tallies.
type tallyKey struct {
	UserID int64
	ListID int64
	Due    string // YYYY-MM-DD, or "" for no due date
	Done   int
}

// eachRow runs query on db and calls scan on each row of its answer.
func eachRow(t *testing.T, db *models.DB, query string, scan func(*sql.Rows) error) {
	t.Helper()
	rows, err := db.Read.QueryContext(t.Context(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			t.Fatal(err)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// storedTallies reads task_tallies, leaving out the tallies that fell to
// zero (both engines keep them), and fails on a negative one.
func storedTallies(t *testing.T, db *models.DB) map[tallyKey]int {
	t.Helper()
	out := map[tallyKey]int{}
	eachRow(t, db, "SELECT user_id, list_id, due_key, done, n FROM task_tallies", func(rows *sql.Rows) error {
		var k tallyKey
		var n int
		if err := rows.Scan(&k.UserID, &k.ListID, &k.Due, &k.Done, &n); err != nil {
			return err
		}
		if n < 0 {
			t.Errorf("tally %+v is %d", k, n)
		}
		if n != 0 {
			out[k] = n
		}
		return nil
	})
	return out
}

// countedTallies counts the tasks afresh, grouped as task_tallies is. The
// grouping is done here, in Go, so it shares nothing with the triggers.
func countedTallies(t *testing.T, db *models.DB) map[tallyKey]int {
	t.Helper()
	out := map[tallyKey]int{}
	eachRow(t, db, "SELECT user_id, list_id, due_date, status FROM tasks", func(rows *sql.Rows) error {
		var k tallyKey
		var due models.Date
		var status models.Status
		if err := rows.Scan(&k.UserID, &k.ListID, &due, &status); err != nil {
			return err
		}
		k.Due = due.String()
		if status == models.StatusDone {
			k.Done = 1
		}
		out[k]++
		return nil
	})
	return out
}

// countsFrom is what CountTasks should answer for the user on today,
// worked out from tallies: every list's but the archived.
func countsFrom(tallies map[tallyKey]int, userID int64, today models.Date, archived map[int64]bool) models.TaskCounts {
	var c models.TaskCounts
	for k, n := range tallies {
		switch {
		case k.UserID != userID || archived[k.ListID]:
		case k.Done == 1:
			c.Done += n
		case k.Due == today.String():
			c.Open += n
			c.DueToday += n
		case k.Due != "" && k.Due < today.String():
			c.Open += n
			c.Overdue += n
		default:
			c.Open += n
		}
	}
	return c
}

// tallyRun is one engine's database going through the steps, with the
// ids the steps created, by name.
type tallyRun struct {
	db       *models.DB
	users    map[string]int64
	tasks    map[string]int64
	lists    map[string]int64
	archived map[int64]bool
}

// Days the steps use; tallyToday is the day CountTasks is asked about.
var (
	tallyToday     = models.DateOf(time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC))
	tallyYesterday = tallyToday.AddDays(-1)
	tallyNextWeek  = tallyToday.AddDays(7)
)

func (r *tallyRun) createUser(t *testing.T, name string) {
	t.Helper()
	var id int64
	err := r.db.Write.NewRaw("INSERT INTO users (username, password_hash) VALUES (?, '-') RETURNING id", name).Scan(t.Context(), &id)
	if err != nil {
		t.Fatal(err)
	}
	r.users[name] = id
	r.exec(t, "INSERT INTO lists (user_id, name, name_key, inbox) VALUES (?, 'Inbox', 'inbox', ?)", id, true)
}

func (r *tallyRun) createList(t *testing.T, user, name string) {
	t.Helper()
	l := &models.List{UserID: r.users[user], Name: name}
	if err := models.CreateList(t.Context(), r.db.Write, l); err != nil {
		t.Fatal(err)
	}
	r.lists[name] = l.ID
}

func (r *tallyRun) createTask(t *testing.T, user, name string, due models.Date, status models.Status) {
	t.Helper()
	task := &models.Task{UserID: r.users[user], Title: name, Due: due, Status: status}
	if err := models.CreateTask(t.Context(), r.db.Write, task); err != nil {
		t.Fatal(err)
	}
	r.tasks[name] = task.ID
}

func (r *tallyRun) update(t *testing.T, user, name string, c models.TaskChanges) {
	t.Helper()
	if _, err := models.UpdateTask(t.Context(), r.db.Write, r.users[user], r.tasks[name], c); err != nil {
		t.Fatal(err)
	}
}

func (r *tallyRun) toggle(t *testing.T, user, name string) {
	t.Helper()
	if _, err := models.ToggleTask(t.Context(), r.db.Write, r.users[user], r.tasks[name]); err != nil {
		t.Fatal(err)
	}
}

func (r *tallyRun) exec(t *testing.T, query string, args ...any) {
	t.Helper()
	if _, err := r.db.Write.ExecContext(t.Context(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// tallySteps change tasks every way the app does, and a few ways only SQL
// does, each followed by a check of the tallies.
var tallySteps = []struct {
	name string
	do   func(t *testing.T, r *tallyRun)
}{
	{"users", func(t *testing.T, r *tallyRun) {
		r.createUser(t, "alice")
		r.createUser(t, "bob")
	}},
	{"task without a due date", func(t *testing.T, r *tallyRun) {
		r.createTask(t, "alice", "undated", models.Date{}, "")
	}},
	{"task due today", func(t *testing.T, r *tallyRun) { r.createTask(t, "alice", "today", tallyToday, "") }},
	{"second task due today", func(t *testing.T, r *tallyRun) { r.createTask(t, "alice", "today 2", tallyToday, "") }},
	{"task created done", func(t *testing.T, r *tallyRun) {
		r.createTask(t, "alice", "done", tallyYesterday, models.StatusDone)
	}},
	{"due date moved", func(t *testing.T, r *tallyRun) {
		r.update(t, "alice", "today", models.TaskChanges{Due: ptr(tallyYesterday)})
	}},
	{"due date removed", func(t *testing.T, r *tallyRun) {
		r.update(t, "alice", "today", models.TaskChanges{Due: &models.Date{}})
	}},
	{"due date added", func(t *testing.T, r *tallyRun) {
		r.update(t, "alice", "undated", models.TaskChanges{Due: ptr(tallyNextWeek)})
	}},
	{"same due date set again", func(t *testing.T, r *tallyRun) {
		r.update(t, "alice", "undated", models.TaskChanges{Due: ptr(tallyNextWeek)})
	}},
	{"started", func(t *testing.T, r *tallyRun) {
		r.update(t, "alice", "today 2", models.TaskChanges{Status: ptr(models.StatusDoing)})
	}},
	{"completed by toggle", func(t *testing.T, r *tallyRun) { r.toggle(t, "alice", "today 2") }},
	{"reopened by toggle", func(t *testing.T, r *tallyRun) { r.toggle(t, "alice", "today 2") }},
	{"completed by an edit that also moves the due date", func(t *testing.T, r *tallyRun) {
		r.update(t, "alice", "undated", models.TaskChanges{Status: ptr(models.StatusDone), Due: ptr(tallyToday)})
	}},
	{"done task marked done again", func(t *testing.T, r *tallyRun) {
		r.update(t, "alice", "undated", models.TaskChanges{Status: ptr(models.StatusDone)})
	}},
	{"reopened by an edit", func(t *testing.T, r *tallyRun) {
		r.update(t, "alice", "done", models.TaskChanges{Status: ptr(models.StatusTodo)})
	}},
	{"title and priority edited", func(t *testing.T, r *tallyRun) {
		r.update(t, "alice", "done", models.TaskChanges{Title: ptr("renamed"), Priority: ptr(models.PriorityHigh)})
	}},
	// The app never moves a task to another user; the trigger counts it anyway.
	{"moved to another user", func(t *testing.T, r *tallyRun) {
		r.exec(t, "UPDATE tasks SET user_id = ?, list_id = (SELECT id FROM lists WHERE user_id = ? AND inbox = ?) WHERE id = ?",
			r.users["bob"], r.users["bob"], true, r.tasks["today 2"])
	}},
	{"list created and a task moved to it", func(t *testing.T, r *tallyRun) {
		r.createList(t, "alice", "Work")
		r.update(t, "alice", "done", models.TaskChanges{ListID: ptr(r.lists["Work"])})
	}},
	{"task created in a list, with a subtask", func(t *testing.T, r *tallyRun) {
		task := &models.Task{UserID: r.users["alice"], Title: "report", ListID: r.lists["Work"], Due: tallyToday}
		if err := models.CreateTask(t.Context(), r.db.Write, task); err != nil {
			t.Fatal(err)
		}
		sub := &models.Task{UserID: r.users["alice"], Title: "draft", ParentID: task.ID, Due: tallyYesterday}
		if err := models.CreateTask(t.Context(), r.db.Write, sub); err != nil {
			t.Fatal(err)
		}
		r.tasks["report"], r.tasks["draft"] = task.ID, sub.ID
	}},
	{"parent moved with its subtask", func(t *testing.T, r *tallyRun) {
		r.createList(t, "alice", "Home")
		r.update(t, "alice", "report", models.TaskChanges{ListID: ptr(r.lists["Home"])})
	}},
	{"list archived", func(t *testing.T, r *tallyRun) {
		if _, err := models.UpdateList(t.Context(), r.db.Write, r.users["alice"], r.lists["Home"], models.ListChanges{Archived: ptr(true)}); err != nil {
			t.Fatal(err)
		}
		r.archived[r.lists["Home"]] = true
	}},
	{"subtasks completed", func(t *testing.T, r *tallyRun) {
		if _, err := models.CompleteSubtasks(t.Context(), r.db.Write, r.users["alice"], r.tasks["report"]); err != nil {
			t.Fatal(err)
		}
	}},
	{"list deleted, its tasks moved to the Inbox", func(t *testing.T, r *tallyRun) {
		if err := models.DeleteList(t.Context(), r.db.Write, r.users["alice"], r.lists["Work"], true); err != nil {
			t.Fatal(err)
		}
	}},
	{"list deleted with its tasks", func(t *testing.T, r *tallyRun) {
		if err := models.DeleteList(t.Context(), r.db.Write, r.users["alice"], r.lists["Home"], false); err != nil {
			t.Fatal(err)
		}
	}},
	{"deleted", func(t *testing.T, r *tallyRun) {
		if err := models.DeleteTask(t.Context(), r.db.Write, r.users["alice"], r.tasks["today"]); err != nil {
			t.Fatal(err)
		}
	}},
	{"seeded in bulk", func(t *testing.T, r *tallyRun) {
		if err := models.SeedTasks(t.Context(), r.db, r.users["bob"], 1200, tallyToday, 7, nil); err != nil {
			t.Fatal(err)
		}
	}},
	{"imported", func(t *testing.T, r *tallyRun) {
		var file bytes.Buffer
		if err := models.ExportTasks(t.Context(), r.db.Read, &file, r.users["bob"], "bob", models.FormatJSON, fixedNow); err != nil {
			t.Fatal(err)
		}
		n, err := models.Import(t.Context(), r.db, bytes.NewReader(file.Bytes()), models.FormatJSON, r.users["alice"], fixedNow,
			models.ImportLimits{MaxRows: 10_000})
		if err != nil || n != 1201 {
			t.Fatalf("Import = %d, %v; want 1201 tasks", n, err)
		}
	}},
	{"many tasks completed by one statement", func(t *testing.T, r *tallyRun) {
		r.exec(t, "UPDATE tasks SET status = 'done', completed_at = created_at WHERE user_id = ? AND status <> 'done' AND priority = 2",
			r.users["alice"])
	}},
	{"many tasks deleted by one statement", func(t *testing.T, r *tallyRun) {
		r.exec(t, "DELETE FROM tasks WHERE user_id = ? AND priority = 3", r.users["bob"])
	}},
	{"user deleted", func(t *testing.T, r *tallyRun) {
		if err := models.DeleteUser(t.Context(), r.db.Write, r.users["bob"]); err != nil {
			t.Fatal(err)
		}
	}},
}

// After every kind of change to tasks, on the pass's engine, the tallies
// the triggers keep equal a fresh count of the tasks, and CountTasks reads
// them right.
func TestTalliesFollowTasks(t *testing.T) {
	t.Parallel()
	db := testdb.OpenDSN(t, testdb.Empty(t))
	if _, err := models.Migrate(t.Context(), db, os.DirFS("migrations")); err != nil {
		t.Fatal(err)
	}
	r := &tallyRun{db: db, users: map[string]int64{}, tasks: map[string]int64{}, lists: map[string]int64{}, archived: map[int64]bool{}}
	for _, step := range tallySteps {
		step.do(t, r)
		counted := countedTallies(t, db)
		if diff := cmp.Diff(counted, storedTallies(t, db)); diff != "" {
			t.Fatalf("after %q, task_tallies differ from a count of tasks (-counted +stored):\n%s", step.name, diff)
		}
		for name, id := range r.users {
			got, err := models.CountTasks(t.Context(), db.Read, id, tallyToday)
			if err != nil {
				t.Fatal(err)
			}
			if want := countsFrom(counted, id, tallyToday, r.archived); got != want {
				t.Errorf("after %q, CountTasks of %s = %+v, want %+v", step.name, name, got, want)
			}
		}
	}
}
