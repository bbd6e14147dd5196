package models_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/uptrace/bun"

	"docket/internal/testdb"
	"docket/models"
)

// testPassword is the password of every user made by createUser.
const testPassword = "correct horse battery staple"

// filled is f with each field that is not one of its choices set to the
// default, as the list URL parser leaves it.
func filled(f models.TaskFilter) models.TaskFilter {
	def := models.DefaultTaskFilter()
	for _, c := range []struct {
		field   *string
		choices []string
	}{{&f.Status, models.FilterStatuses}, {&f.Due, models.FilterDues}, {&f.Sort, models.FilterSorts}} {
		if !slices.Contains(c.choices, *c.field) {
			*c.field = c.choices[0]
		}
	}
	if _, ok := models.ParsePriority(f.Priority); !ok {
		f.Priority = def.Priority
	}
	f.Page = max(f.Page, def.Page)
	return f
}

// testPasswords hashes at argon2id's lowest cost: the tests hash hundreds
// of passwords, and the real cost has tests of its own (TestCreateUser,
// TestAuthenticateRehash, TestPasswordsZeroValueIsTheRealCost).
var testPasswords = cheapPasswords()

func cheapPasswords() models.Passwords {
	pw, err := models.NewPasswords(argon2id.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32})
	if err != nil {
		panic(err)
	}
	return pw
}

// migrated is the database every newTestDB starts from. TestMigrate* run
// the migrations from empty.
var migrated = testdb.New(os.DirFS("migrations"))

// newTestDB opens a fresh, fully migrated database on the pass's engine.
func newTestDB(t testing.TB) *models.DB {
	t.Helper()
	return migrated.Open(t)
}

// openTestDB opens the database at path without migrating it and closes it
// when the test ends.
func openTestDB(t testing.TB, path string) *models.DB {
	t.Helper()
	db, err := models.Open(t.Context(), path)
	if err != nil {
		t.Fatalf("Open(%q): %v", path, err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

// createUser stores a user with testPassword in the UTC time zone.
func createUser(t testing.TB, db *models.DB, name string) *models.User {
	t.Helper()
	u, err := models.CreateUser(t.Context(), db.Write, testPasswords, name, testPassword, "UTC")
	if err != nil {
		t.Fatalf("CreateUser(%q): %v", name, err)
	}
	return u
}

// createTask stores a task titled "task" for the user after edit (if not
// nil) has changed it.
func createTask(t *testing.T, db *models.DB, userID int64, edit func(*models.Task)) *models.Task {
	t.Helper()
	task := &models.Task{UserID: userID, Title: "task"}
	if edit != nil {
		edit(task)
	}
	if err := models.CreateTask(t.Context(), db.Write, task); err != nil {
		t.Fatalf("CreateTask(%q): %v", task.Title, err)
	}
	return task
}

// createTasks stores n tasks titled "task" for the user, each after edit
// (if not nil) has changed it with its index, in one transaction: a commit
// per task waits for a disk flush, which made seeding the slowest part of
// the tests that need a few hundred tasks.
func createTasks(t *testing.T, db *models.DB, userID int64, n int, edit func(int, *models.Task)) []*models.Task {
	t.Helper()
	tasks := make([]*models.Task, n)
	err := db.Write.RunInTx(t.Context(), nil, func(ctx context.Context, tx bun.Tx) error {
		for i := range tasks {
			task := &models.Task{UserID: userID, Title: "task"}
			if edit != nil {
				edit(i, task)
			}
			if err := models.CreateTask(ctx, tx, task); err != nil {
				return fmt.Errorf("CreateTask(%q): %w", task.Title, err)
			}
			tasks[i] = task
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tasks
}

// mustDate parses a YYYY-MM-DD date or fails the test.
func mustDate(t *testing.T, s string) models.Date {
	t.Helper()
	d, err := models.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// ptr returns a pointer to v, for TaskChanges.
func ptr[T any](v T) *T { return &v }

// titles returns the titles of tasks in order.
func titles(tasks []models.Task) []string {
	out := make([]string, len(tasks))
	for i, task := range tasks {
		out[i] = task.Title
	}
	return out
}

// sortedTitles returns the titles of tasks in alphabetical order.
func sortedTitles(tasks []models.Task) []string {
	out := titles(tasks)
	slices.Sort(out)
	return out
}

// countRows returns the result of a "SELECT count(*) …" query.
func countRows(t *testing.T, db *models.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Read.QueryRowContext(t.Context(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// wantIntact fails the test unless SQLite's integrity check answers
// exactly one row, "ok".
func wantIntact(t *testing.T, db *models.DB) {
	t.Helper()
	if db.Engine == models.Postgres {
		// PostgreSQL keeps its own pages whole; what can drift is the
		// tallies the triggers keep.
		wantTalliesMatch(t, db)
		return
	}
	var got []string
	if err := db.Read.NewRaw("PRAGMA integrity_check").Scan(t.Context(), &got); err != nil {
		t.Fatalf("PRAGMA integrity_check: %v", err)
	}
	if len(got) != 1 || got[0] != "ok" {
		t.Fatalf("integrity check = %q, want [ok]", got)
	}
}

// wantTalliesMatch fails t unless the task tallies equal a fresh count.
func wantTalliesMatch(t *testing.T, db *models.DB) {
	t.Helper()
	var drift int
	err := db.Read.NewRaw(`SELECT count(*) FROM (
		SELECT user_id, list_id, due_key, done, n FROM task_tallies WHERE n <> 0
		EXCEPT
		SELECT user_id, list_id, coalesce(`+dueText(db)+`, ''), CASE WHEN status = 'done' THEN 1 ELSE 0 END, count(*)
		FROM tasks GROUP BY 1, 2, 3, 4) AS d`).Scan(t.Context(), &drift)
	if err != nil {
		t.Fatal(err)
	}
	if drift != 0 {
		t.Fatalf("%d task tallies differ from a fresh count", drift)
	}
}

// dueText is the SQL for a task's due date as YYYY-MM-DD text.
func dueText(db *models.DB) string {
	if db.Engine == models.Postgres {
		return "to_char(due_date, 'YYYY-MM-DD')"
	}
	return "due_date"
}

// fixedNow is a fixed instant for tests that pass now explicitly.
var fixedNow = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// cmpEmptyNil treats a nil slice and an empty one as equal.
var cmpEmptyNil = cmpopts.EquateEmpty()

// seedToday is the day generated tasks are spread around.
var seedToday = models.DateOf(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))

// allTasks returns every task of the user, in id order.
func allTasks(t *testing.T, db *models.DB, userID int64) []models.Task {
	t.Helper()
	var tasks []models.Task
	if err := db.Read.NewSelect().Model(&tasks).Where("t.user_id = ?", userID).Order("t.id").Scan(t.Context()); err != nil {
		t.Fatal(err)
	}
	return tasks
}
