package models_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"docket/internal/testdb"
	"docket/models"
)

func TestCopyLeavesSourceFileUntouched(t *testing.T) {
	testdb.SQLiteOnly(t) // TestCopyToNewFile checks the rows on both engines
	t.Parallel()
	from, src := newSource(t, 10)
	// As docket backup leaves its files: a rollback journal, no -wal, which
	// a connection opened as the server opens one would turn back to WAL.
	if _, err := src.Write.ExecContext(t.Context(), "PRAGMA journal_mode = DELETE"); err != nil {
		t.Fatal(err)
	}
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}
	before := folderState(t, filepath.Dir(from))

	copyDB(t, from, filepath.Join(t.TempDir(), "copy.db"))

	if after := folderState(t, filepath.Dir(from)); after != before {
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

func TestCopyRefusesNonEmptyDestination(t *testing.T) {
	t.Parallel()
	from, _ := newSource(t, 5)
	to := migrated.DSN(t)
	dst := openTestDB(t, to)
	createUser(t, dst, "carol")
	before := dump(t, dst)

	_, err := models.Copy(t.Context(), from, to, os.DirFS("migrations"), nil)

	if !errors.Is(err, models.ErrNotEmpty) || !strings.Contains(err.Error(), "it holds 1 user") {
		t.Errorf("error = %v, want ErrNotEmpty saying it holds 1 user", err)
	}
	if after := dump(t, dst); after != before {
		t.Errorf("the refused destination changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// copyCancelled copies from to to and cancels the copy once it has
// written its first batch of tasks, as an interrupt would.
func copyCancelled(t *testing.T, from, to string) error {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	wrote := false
	_, err := models.Copy(ctx, from, to, os.DirFS("migrations"), func(p models.CopyProgress) {
		if p.Step == "copying" && p.Table == "tasks" {
			wrote = true
			cancel()
		}
	})
	if !wrote {
		t.Fatalf("the copy wrote no tasks before it ended: %v", err)
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	return err
}

func TestFailedCopyLeavesNoNewFile(t *testing.T) {
	t.Parallel()
	from, _ := newSource(t, 2500)
	dir := t.TempDir()

	copyCancelled(t, from, filepath.Join(dir, "copy.db"))

	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a failed copy left %v behind", entries)
	}
}

func TestFailedCopyEmptiesDestinationAgain(t *testing.T) {
	t.Parallel()
	from, _ := newSource(t, 2500)
	to := migrated.DSN(t)

	err := copyCancelled(t, from, to)

	if !strings.Contains(err.Error(), "it holds no user again") {
		t.Errorf("error = %v, want it to say the copy was undone", err)
	}
	dst := openTestDB(t, to)
	for _, table := range []string{"users", "tasks"} {
		if n := countRows(t, dst, "SELECT count(*) FROM "+table); n != 0 {
			t.Errorf("%s: %d rows left after a failed copy", table, n)
		}
	}
	if n := countRows(t, dst, "SELECT coalesce(sum(n), 0) FROM task_tallies"); n != 0 {
		t.Errorf("task tallies count %d tasks after a failed copy", n)
	}
}

func TestCopyRefusesUnreadableTime(t *testing.T) {
	testdb.SQLiteOnly(t) // PostgreSQL's timestamptz holds nothing else
	t.Parallel()
	from, src := newSource(t, 10)
	if _, err := src.Write.ExecContext(t.Context(), "UPDATE tasks SET created_at = 'yesterday' WHERE id = 3"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()

	_, err := models.Copy(t.Context(), from, filepath.Join(dir, "copy.db"), os.DirFS("migrations"), nil)

	if err == nil || !strings.Contains(err.Error(), "task 3: created_at is not a readable time") {
		t.Errorf("error = %v, want it to name the task and column", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a failed copy left %v behind", entries)
	}
}

func TestCopyRefusesPublishingImport(t *testing.T) {
	t.Parallel()
	from, src := newSource(t, 5)
	if _, err := src.Write.ExecContext(t.Context(), "UPDATE imports SET publishing = 1"); err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(t.TempDir(), "copy.db")

	_, err := models.Copy(t.Context(), from, to, os.DirFS("migrations"), nil)

	if !errors.Is(err, models.ErrImportPublishing) || !strings.Contains(err.Error(), "copy again") {
		t.Errorf("error = %v, want ErrImportPublishing saying what to do", err)
	}
	if _, err := os.Stat(to); err == nil {
		t.Error("a refused copy created the destination")
	}
}

func TestCopyRefusesSameDatabase(t *testing.T) {
	t.Parallel()
	from := migrated.DSN(t)
	var same []string
	if testdb.Engine() == models.Postgres {
		u, err := url.Parse(from)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("application_name", "other")
		u.RawQuery = q.Encode()
		same = []string{from, u.String()}
	} else {
		dir := filepath.Dir(from)
		link := filepath.Join(t.TempDir(), "link.db")
		if err := os.Symlink(from, link); err != nil {
			t.Fatal(err)
		}
		same = []string{from, filepath.Join(dir, "..", filepath.Base(dir), filepath.Base(from)), link}
	}
	for _, to := range same {
		_, err := models.Copy(t.Context(), from, to, os.DirFS("migrations"), nil)
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
	behind := migrated.DSN(t)
	if _, err := models.Rollback(t.Context(), openTestDB(t, behind), os.DirFS("migrations")); err != nil {
		t.Fatal(err)
	}
	ahead := migrated.DSN(t)
	if _, err := openTestDB(t, ahead).Write.ExecContext(t.Context(),
		"INSERT INTO bun_migrations (name, group_id, migrated_at) VALUES ('29990101000000_future', 99, ?)", time.Now()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, from, want string
	}{
		{"missing", filepath.Join(t.TempDir(), "none.db"), "no database file at"},
		{"folder", t.TempDir(), "no database file at"},
		{"not docket", notDocket, "not a Docket database"},
		{"behind", behind, "docket migrate up"},
		{"ahead", ahead, "newer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			to := filepath.Join(t.TempDir(), "copy.db")
			_, err := models.Copy(t.Context(), tt.from, to, os.DirFS("migrations"), nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to mention %q", err, tt.want)
			}
			if _, err := os.Stat(to); err == nil {
				t.Error("a refused copy created the destination")
			}
		})
	}
}
