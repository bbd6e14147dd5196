package models_test

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"docket/internal/testdb"
	"docket/models"
)

// titlesIn returns the titles of every task in the database at path.
func titlesIn(t *testing.T, path string) []string {
	t.Helper()
	db := openTestDB(t, path)
	var out []string
	if err := db.Read.NewSelect().Model((*models.Task)(nil)).Column("title").Order("id").Scan(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	db.Close()
	return out
}

// titled sets the title of a task made by createTask.
func titled(title string) func(*models.Task) {
	return func(task *models.Task) { task.Title = title }
}

// backupOf writes a backup of a fresh database holding one task, title.
func backupOf(t *testing.T, title string) string {
	t.Helper()
	db := newTestDB(t)
	createTask(t, db, createUser(t, db, "alice").ID, titled(title))
	path := filepath.Join(t.TempDir(), "backup.db")
	if _, err := models.Backup(context.Background(), db, path, os.DirFS("migrations")); err != nil {
		t.Fatal(err)
	}
	return path
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// crashedDB leaves a database at dir/docket.db whose last task, title,
// is only in its -wal, as a server killed before a checkpoint leaves it.
func crashedDB(t *testing.T, dir, title string) string {
	t.Helper()
	live := newTestDB(t)
	createTask(t, live, createUser(t, live, "bob").ID, titled(title))
	path := filepath.Join(dir, "docket.db")
	for _, suffix := range []string{"", "-wal"} {
		copyFile(t, live.Path+suffix, path+suffix)
	}
	if fi, err := os.Stat(path + "-wal"); err != nil || fi.Size() == 0 {
		t.Fatalf("want a non-empty -wal: %v", err)
	}
	return path
}

func TestRestoreReplacesDatabaseAndKeepsItsWAL(t *testing.T) {
	testdb.SQLiteOnly(t)
	t.Parallel()
	ctx := context.Background()
	dbPath := crashedDB(t, t.TempDir(), "only in the wal")
	src := backupOf(t, "from the backup")
	srcBytes, _ := os.ReadFile(src)

	res, err := models.Restore(ctx, dbPath, src, os.DirFS("migrations"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Previous != dbPath+".before-restore" || len(res.Applied) != 0 {
		t.Errorf("result = %+v", res)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(dbPath + suffix); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s left beside the restored database: %v", suffix, err)
		}
	}
	if got := titlesIn(t, dbPath); len(got) != 1 || got[0] != "from the backup" {
		t.Errorf("restored database holds %q", got)
	}
	if got := titlesIn(t, res.Previous); len(got) != 1 || got[0] != "only in the wal" {
		t.Errorf("previous database holds %q, want the write that was only in its -wal", got)
	}
	if b, _ := os.ReadFile(src); string(b) != string(srcBytes) {
		t.Error("restore changed the backup file")
	}
}

func TestRestoreRefuses(t *testing.T) {
	testdb.SQLiteOnly(t)
	t.Parallel()
	ctx := context.Background()
	good := backupOf(t, "from the backup")
	damaged := filepath.Join(t.TempDir(), "damaged.db")
	b, _ := os.ReadFile(good)
	for i := 4096; i < len(b); i++ { // wipe every page after the first
		b[i] = 0xA5
	}
	if err := os.WriteFile(damaged, b, 0o600); err != nil {
		t.Fatal(err)
	}
	notDB := filepath.Join(t.TempDir(), "notes.db")
	if err := os.WriteFile(notDB, []byte(strings.Repeat("not a database\n", 400)), 0o600); err != nil {
		t.Fatal(err)
	}
	newer := backupOf(t, "from the future")
	future := openTestDB(t, newer)
	if _, err := future.Write.ExecContext(ctx, "INSERT INTO bun_migrations (name, group_id, migrated_at) VALUES ('29991231000000_future', 2, CURRENT_TIMESTAMP)"); err != nil {
		t.Fatal(err)
	}
	future.Close()

	live := crashedDB(t, t.TempDir(), "live")

	tests := []struct {
		name string
		src  string
		lock bool
		want func(error) bool
	}{
		{"damaged", damaged, false, func(err error) bool { return errors.Is(err, models.ErrCorrupt) }},
		{"not a database", notDB, false, func(err error) bool { return errors.Is(err, models.ErrCorrupt) }},
		{"newer schema", newer, false, func(err error) bool { return errors.Is(err, models.ErrNewerSchema) }},
		{"live file with its wal", live, false, func(err error) bool { return strings.Contains(err.Error(), "write-ahead log") }},
		{"missing", filepath.Join(t.TempDir(), "nope.db"), false, func(err error) bool { return errors.Is(err, fs.ErrNotExist) }},
		{"server running", good, true, func(err error) bool {
			le, ok := errors.AsType[*models.LockedError](err)
			return ok && le.PID == os.Getpid() && strings.Contains(err.Error(), "in use by docket process")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			dbPath := crashedDB(t, dir, "current")
			if tt.lock {
				l, err := models.LockDB(dbPath)
				if err != nil {
					t.Fatal(err)
				}
				defer l.Unlock()
			}
			_, err := models.Restore(ctx, dbPath, tt.src, os.DirFS("migrations"))
			if err == nil || !tt.want(err) {
				t.Fatalf("Restore error = %v", err)
			}
			entries, _ := os.ReadDir(dir)
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if want := "docket.db docket.db-wal docket.db.lock"; strings.Join(names, " ") != want {
				t.Errorf("folder holds %q, want %q", names, want)
			}
			if got := titlesIn(t, dbPath); len(got) != 1 || got[0] != "current" {
				t.Errorf("database holds %q after a refused restore", got)
			}
		})
	}
}

func TestRestoreMigratesOlderBackup(t *testing.T) {
	testdb.SQLiteOnly(t)
	t.Parallel()
	ctx := context.Background()
	all := os.DirFS("migrations")
	first2 := fstest.MapFS{}
	names, _ := fs.Glob(all, "sqlite/2026112300000[12]_*.sql")
	for _, n := range names {
		b, _ := fs.ReadFile(all, n)
		first2[n] = &fstest.MapFile{Data: b}
	}
	old := openTestDB(t, filepath.Join(t.TempDir(), "old.db"))
	if _, err := models.Migrate(ctx, old, first2); err != nil {
		t.Fatal(err)
	}
	// The old schema lacks today's columns, so the user and the task are
	// written as that version wrote them.
	var carol int64
	err := old.Write.QueryRowContext(ctx,
		"INSERT INTO users (username, password_hash) VALUES ('carol', 'not a hash') RETURNING id").Scan(&carol)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.Write.ExecContext(ctx, "INSERT INTO tasks (user_id, title) VALUES (?, 'old task')", carol); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(t.TempDir(), "old-backup.db")
	if _, err := models.Backup(ctx, old, src, os.DirFS("migrations")); err != nil {
		t.Fatal(err)
	}

	dbPath := filepath.Join(t.TempDir(), "fresh", "docket.db")
	res, err := models.Restore(ctx, dbPath, src, all)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Applied) != len(wantMigrations)-2 || res.Previous != "" {
		t.Errorf("result = %+v, want the %d later migrations applied and no previous database", res, len(wantMigrations)-2)
	}
	restored := openTestDB(t, dbPath)
	ms, err := models.MigrationStatus(ctx, restored, all)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if !m.Applied {
			t.Errorf("migration %s not applied", m.Name)
		}
	}
	restored.Close()
	if got := titlesIn(t, dbPath); len(got) != 1 || got[0] != "old task" {
		t.Errorf("restored database holds %q", got)
	}
}

func TestRestoreKeepsEarlierBeforeRestore(t *testing.T) {
	testdb.SQLiteOnly(t)
	t.Parallel()
	dir := t.TempDir()
	dbPath := crashedDB(t, dir, "current")
	if err := os.WriteFile(dbPath+".before-restore", []byte("earlier"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := models.Restore(context.Background(), dbPath, backupOf(t, "x"), os.DirFS("migrations"))
	if err == nil || !strings.Contains(err.Error(), "earlier restore") {
		t.Fatalf("Restore error = %v", err)
	}
	if b, _ := os.ReadFile(dbPath + ".before-restore"); string(b) != "earlier" {
		t.Error("earlier .before-restore was overwritten")
	}
}
