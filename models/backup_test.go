package models_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/uptrace/bun"

	"docket/models"
)

// writePair stores tasks "n-a" and "n-b" in one transaction, so a
// consistent copy holds both or neither.
func writePair(ctx context.Context, db *models.DB, userID int64, n int) error {
	return db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, suffix := range []string{"a", "b"} {
			if err := models.CreateTask(ctx, tx, &models.Task{UserID: userID, Title: fmt.Sprintf("%d-%s", n, suffix)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// TestBackupDuringWrites restores a backup taken while a writer commits
// two-task transactions and checks the result holds every transaction
// acknowledged before the backup began, and no half of one. On PostgreSQL
// the backup is the same kind of SQLite file, from one snapshot.
func TestBackupDuringWrites(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := newTestDB(t)
	u := createUser(t, db, "alice")

	var acked atomic.Int64   // pairs 1..acked are committed
	var started atomic.Int64 // pairs 1..started may be: a commit lands before its acknowledgement
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		for n := 1; ; n++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			started.Store(int64(n))
			if err := writePair(ctx, db, u.ID, n); err != nil {
				done <- err
				return
			}
			acked.Store(int64(n))
		}
	}()
	for acked.Load() < 20 {
		time.Sleep(time.Millisecond)
	}
	before := acked.Load()
	path := filepath.Join(t.TempDir(), "copy.db")
	size, err := models.Backup(ctx, db, path, os.DirFS("migrations"))
	afterBackup := started.Load()
	close(stop)
	if werr := <-done; werr != nil {
		t.Fatal(werr)
	}
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() != size {
		t.Fatalf("backup file: %v, size %d, reported %d", err, fi.Size(), size)
	}
	if _, err := os.Stat(path + "-wal"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("backup has a -wal beside it: %v", err)
	}

	restored := filepath.Join(t.TempDir(), "restored.db")
	if _, err := models.Restore(ctx, restored, path, os.DirFS("migrations")); err != nil {
		t.Fatal(err)
	}
	cp := openTestDB(t, restored)
	wantIntact(t, cp)
	var titles []string
	if err := cp.Read.NewSelect().Model((*models.Task)(nil)).Column("title").Scan(ctx, &titles); err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, title := range titles {
		have[title] = true
	}
	var n int64
	for n = 1; have[fmt.Sprintf("%d-a", n)]; n++ {
		if !have[fmt.Sprintf("%d-b", n)] {
			t.Fatalf("restored database holds half of transaction %d", n)
		}
	}
	pairs := n - 1
	t.Logf("pairs before %d, in backup %d, after %d", before, pairs, afterBackup)
	if int64(len(titles)) != 2*pairs {
		t.Errorf("restored database holds %d tasks, want %d (pairs 1..%d)", len(titles), 2*pairs, pairs)
	}
	if pairs < before || pairs > afterBackup {
		t.Errorf("restored database holds pairs 1..%d; want at least the %d acknowledged before it began and at most the %d started by its end", pairs, before, afterBackup)
	}
}

func TestBackupRefusesExistingFile(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(path, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := models.Backup(context.Background(), db, path, os.DirFS("migrations")); err == nil {
		t.Fatal("Backup overwrote an existing file")
	}
	if b, _ := os.ReadFile(path); string(b) != "keep me" {
		t.Errorf("existing file changed to %q", b)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("folder holds %d files, want only the original", len(entries))
	}
}

func TestBackupPath(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 23, 9, 30, 5, 0, time.FixedZone("CET", 3600))
	got := models.BackupPath("/srv/docket/docket.db", at)
	if want := "/srv/docket/backups/docket-20261123T083005Z.db"; got != want {
		t.Errorf("BackupPath = %q, want %q", got, want)
	}
	for dsn, want := range map[string]string{
		"/srv/docket/docket.db":                       "/srv/docket/docket.db",
		"postgres://docket:secret@db.example/tasks":   "tasks",
		"host=db.example dbname=tasks user=docket":    "tasks",
		"postgresql://db.example/../../etc/passwd.db": "passwd.db",
	} {
		if got := models.BackupBase(dsn); got != want {
			t.Errorf("BackupBase(%q) = %q, want %q", dsn, got, want)
		}
	}
}

func TestPruneBackups(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "docket.db")
	backups := filepath.Join(dir, "backups")
	if err := os.MkdirAll(backups, 0o750); err != nil {
		t.Fatal(err)
	}
	names := []string{
		"docket-20261101T000000Z.db", "docket-20261102T000000Z.db", "docket-20261103T000000Z.db",
		"docket-20261104T000000Z.db",
		"docket-manual.db", "other-20261101T000000Z.db", "docket-20261101T000000Z.db.txt", "notes.txt",
	}
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(backups, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	deleted, err := models.PruneBackups(dbPath, backups, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(backups, names[0]), filepath.Join(backups, names[1])}
	if diff := cmp.Diff(want, deleted); diff != "" {
		t.Errorf("deleted (-want +got):\n%s", diff)
	}
	entries, _ := os.ReadDir(backups)
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	wantLeft := append([]string{}, names[2:]...)
	sort.Strings(wantLeft)
	if diff := cmp.Diff(wantLeft, left); diff != "" {
		t.Errorf("left (-want +got):\n%s", diff)
	}
}
