package models_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"docket/models"
)

// fillSource gives db two users with tasks of every kind (due or not,
// each priority and status, notes, a reopened one, ids with gaps) and a
// row in every table a copy leaves behind.
func fillSource(t *testing.T, db *models.DB, tasks int) {
	t.Helper()
	ctx := t.Context()
	alice := createUser(t, db, "alice")
	bob := createUser(t, db, "bob")
	if err := models.SetTimezone(ctx, db.Write, bob.ID, "Europe/Paris"); err != nil {
		t.Fatal(err)
	}
	statuses := []models.Status{models.StatusTodo, models.StatusDoing, models.StatusDone}
	made := createTasks(t, db, alice.ID, tasks, func(i int, task *models.Task) {
		task.Title = fmt.Sprintf("Task %d ✓ «ünïcode»", i)
		task.Priority = models.Priorities[i%len(models.Priorities)]
		task.Status = statuses[i%len(statuses)]
		if i%3 != 0 {
			task.Due = models.DateOf(time.Date(2026, 11, 1+i%28, 0, 0, 0, 0, time.UTC))
		}
		if i%4 == 0 {
			task.Description = "Line one\nline two, with 'quotes' and \"double\" ones"
		}
	})
	createTask(t, db, bob.ID, func(task *models.Task) { task.Title = "Bob's only task" })
	if err := models.DeleteTask(ctx, db.Write, alice.ID, made[1].ID); err != nil {
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
		for _, task := range allTasks(t, db, u.ID) {
			fmt.Fprintf(&b, "task %d %d %q %q %s %d %s %s %s %s %q\n", task.ID, task.UserID, task.Title, task.Description,
				task.Due, task.Priority, task.Status, utc(task.CompletedAt.Time), utc(task.CreatedAt), utc(task.UpdatedAt), task.ReopenStatus)
		}
	}
	return b.String()
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

func TestCopySQLiteToNewFile(t *testing.T) {
	t.Parallel()
	src := newTestDB(t)
	fillSource(t, src, 2500) // more than two batches
	dstPath := filepath.Join(t.TempDir(), "sub", "copy.db")

	rep, seen := copyDB(t, src.Path, dstPath)

	dst := openTestDB(t, dstPath)
	wantSameData(t, src, dst)
	got := fmt.Sprint(rep.Tables[0].String(), ", ", rep.Tables[1].String())
	if got != "2 users, 2 500 tasks" {
		t.Errorf("report counts %q, want 2 users, 2 500 tasks", got)
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
	// New rows get new ids after the copied ones.
	bob, err := models.GetUserByUsername(t.Context(), dst.Read, "bob")
	if err != nil {
		t.Fatal(err)
	}
	task := createTask(t, dst, bob.ID, nil)
	if max := countRows(t, src, "SELECT max(id) FROM tasks"); task.ID <= int64(max) {
		t.Errorf("new task got id %d, not above the copied ids (max %d)", task.ID, max)
	}
}

func TestCopyLeavesSourceUntouched(t *testing.T) {
	t.Parallel()
	src := newTestDB(t)
	fillSource(t, src, 10)
	// As docket backup leaves its files: a rollback journal, no -wal, which
	// a connection opened as the server opens one would turn back to WAL.
	if _, err := src.Write.ExecContext(t.Context(), "PRAGMA journal_mode = DELETE"); err != nil {
		t.Fatal(err)
	}
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}
	before := folderState(t, filepath.Dir(src.Path))

	copyDB(t, src.Path, filepath.Join(t.TempDir(), "copy.db"))

	if after := folderState(t, filepath.Dir(src.Path)); after != before {
		t.Errorf("the source's folder changed:\nbefore: %s\nafter:  %s", before, after)
	}
}

// folderState names every file in dir with the SHA-256 of its bytes.
func folderState(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s=%x ", e.Name(), sha256.Sum256(data))
	}
	return b.String()
}

func TestCopyReadsOneSnapshot(t *testing.T) {
	t.Parallel()
	src := newTestDB(t)
	fillSource(t, src, 2500)
	before := dump(t, src)
	alice, err := models.GetUserByUsername(t.Context(), src.Read, "alice")
	if err != nil {
		t.Fatal(err)
	}
	dstPath := filepath.Join(t.TempDir(), "copy.db")
	changed := false
	// Between batches, the source changes: a new user, a new task, a
	// deleted one. None of it may reach the copy, nor upset its check.
	_, err = models.Copy(t.Context(), src.Path, dstPath, os.DirFS("migrations"), func(p models.CopyProgress) {
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
	if got := dump(t, openTestDB(t, dstPath)); got != before {
		t.Errorf("the copy holds changes made after it began:\nbefore:\n%s\ncopy:\n%s", before, got)
	}
}

func TestCopyIntoEmptyDatabase(t *testing.T) {
	t.Parallel()
	src := newTestDB(t)
	fillSource(t, src, 5)
	dst := newTestDB(t) // migrated, no users

	copyDB(t, src.Path, dst.Path)

	wantSameData(t, src, dst)
}

func TestCopyRefusesNonEmptyDestination(t *testing.T) {
	t.Parallel()
	src := newTestDB(t)
	fillSource(t, src, 5)
	dst := newTestDB(t)
	createUser(t, dst, "carol")
	before := dump(t, dst)

	_, err := models.Copy(t.Context(), src.Path, dst.Path, os.DirFS("migrations"), nil)

	if !errors.Is(err, models.ErrNotEmpty) || !strings.Contains(err.Error(), "it holds 1 user") {
		t.Errorf("error = %v, want ErrNotEmpty saying it holds 1 user", err)
	}
	if after := dump(t, dst); after != before {
		t.Errorf("the refused destination changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// breakLastTask stores a created_at in src's last task that is no time,
// so a copy fails on it after writing the batches before it.
func breakLastTask(t *testing.T, src *models.DB) {
	t.Helper()
	if _, err := src.Write.ExecContext(t.Context(), "UPDATE tasks SET created_at = 'yesterday' WHERE id = (SELECT max(id) FROM tasks)"); err != nil {
		t.Fatal(err)
	}
}

func TestFailedCopyLeavesNoNewFile(t *testing.T) {
	t.Parallel()
	src := newTestDB(t)
	fillSource(t, src, 2500)
	breakLastTask(t, src)
	dir := t.TempDir()

	_, err := models.Copy(t.Context(), src.Path, filepath.Join(dir, "copy.db"), os.DirFS("migrations"), nil)

	if err == nil || !strings.Contains(err.Error(), "created_at is not a readable time") {
		t.Fatalf("error = %v, want one about the unreadable time", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a failed copy left %v behind", entries)
	}
}

func TestFailedCopyEmptiesDestinationAgain(t *testing.T) {
	t.Parallel()
	src := newTestDB(t)
	fillSource(t, src, 2500)
	breakLastTask(t, src)
	dst := newTestDB(t)

	_, err := models.Copy(t.Context(), src.Path, dst.Path, os.DirFS("migrations"), nil)

	if err == nil || !strings.Contains(err.Error(), "it holds no user again") {
		t.Fatalf("error = %v, want one saying the copy was undone", err)
	}
	for _, table := range []string{"users", "tasks"} {
		if n := countRows(t, dst, "SELECT count(*) FROM "+table); n != 0 {
			t.Errorf("%s: %d rows left after a failed copy", table, n)
		}
	}
	if n := countRows(t, dst, "SELECT coalesce(sum(n), 0) FROM task_tallies"); n != 0 {
		t.Errorf("task tallies count %d tasks after a failed copy", n)
	}
}

func TestCopyRefusesPublishingImport(t *testing.T) {
	t.Parallel()
	src := newTestDB(t)
	fillSource(t, src, 5)
	if _, err := src.Write.ExecContext(t.Context(), "UPDATE imports SET publishing = 1"); err != nil {
		t.Fatal(err)
	}
	dstPath := filepath.Join(t.TempDir(), "copy.db")

	_, err := models.Copy(t.Context(), src.Path, dstPath, os.DirFS("migrations"), nil)

	if !errors.Is(err, models.ErrImportPublishing) || !strings.Contains(err.Error(), "copy again") {
		t.Errorf("error = %v, want ErrImportPublishing saying what to do", err)
	}
	if _, err := os.Stat(dstPath); err == nil {
		t.Error("a refused copy created the destination")
	}
}

func TestCopyRefusesSameDatabase(t *testing.T) {
	t.Parallel()
	src := newTestDB(t)
	dir := filepath.Dir(src.Path)
	link := filepath.Join(t.TempDir(), "link.db")
	if err := os.Symlink(src.Path, link); err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{src.Path, filepath.Join(dir, "..", filepath.Base(dir), "test.db"), link} {
		_, err := models.Copy(t.Context(), src.Path, to, os.DirFS("migrations"), nil)
		if !errors.Is(err, models.ErrSameDatabase) {
			t.Errorf("copy to %s: error = %v, want ErrSameDatabase", to, err)
		}
	}
}

func TestCopySourceErrors(t *testing.T) {
	t.Parallel()
	notDocket := filepath.Join(t.TempDir(), "other.db")
	other := openTestDB(t, notDocket)
	if _, err := other.Write.ExecContext(t.Context(), "CREATE TABLE notes (body TEXT)"); err != nil {
		t.Fatal(err)
	}
	behind := newTestDB(t)
	if _, err := models.Rollback(t.Context(), behind, os.DirFS("migrations")); err != nil {
		t.Fatal(err)
	}
	ahead := newTestDB(t)
	if _, err := ahead.Write.ExecContext(t.Context(), "INSERT INTO bun_migrations (name, group_id, migrated_at) VALUES ('29990101000000_future', 99, ?)", time.Now()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, from, want string
	}{
		{"missing", filepath.Join(t.TempDir(), "none.db"), "no database file at"},
		{"folder", t.TempDir(), "no database file at"},
		{"not docket", notDocket, "not a Docket database"},
		{"behind", behind.Path, "docket migrate up"},
		{"ahead", ahead.Path, "newer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dstPath := filepath.Join(t.TempDir(), "copy.db")
			_, err := models.Copy(t.Context(), tt.from, dstPath, os.DirFS("migrations"), nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to mention %q", err, tt.want)
			}
			if _, err := os.Stat(dstPath); err == nil {
				t.Error("a refused copy created the destination")
			}
		})
	}
}
