package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"docket/models"
)

func TestBackupAndRestoreCommands(t *testing.T) {
	t.Parallel()
	dbPath := tempDB(t)
	mustRun(t, dbPath, "password123\n", "user", "create", "alice")

	res := mustRun(t, dbPath, "", "backup")
	m := regexp.MustCompile(`^Backed up to (\S+) \((\d+(\.\d)? (bytes|KiB|MiB))\), integrity checked\.\n$`).FindStringSubmatch(res.stdout)
	if m == nil {
		t.Fatalf("backup printed %q", res.stdout)
	}
	auto := m[1]
	if dir := filepath.Join(filepath.Dir(dbPath), "backups"); filepath.Dir(auto) != dir {
		t.Errorf("backup went to %s, want the folder %s", auto, dir)
	}
	if !regexp.MustCompile(`^docket-\d{8}T\d{6}Z\.db$`).MatchString(filepath.Base(auto)) {
		t.Errorf("backup name %q has no UTC timestamp", filepath.Base(auto))
	}

	named := filepath.Join(t.TempDir(), "named.db")
	mustRun(t, dbPath, "", "backup", named)
	if res := runCmd(t, dbPath, "", "backup", named); res.err == nil || !strings.Contains(res.err.Error(), "already exists") {
		t.Errorf("second backup to the same path: %v", res.err)
	}

	mustRun(t, dbPath, "y\n", "user", "delete", "alice")
	if out := mustRun(t, dbPath, "", "user", "list").stdout; strings.Contains(out, "alice") {
		t.Fatalf("alice still listed after delete: %q", out)
	}
	res = mustRun(t, dbPath, "", "restore", named)
	if !strings.Contains(res.stdout, dbPath+".before-restore") {
		t.Errorf("restore did not say where the old database went: %q", res.stdout)
	}
	if out := mustRun(t, dbPath, "", "user", "list").stdout; !strings.Contains(out, "alice") {
		t.Errorf("alice missing after restore: %q", out)
	}
}

func TestBackupCommandErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no database", []string{"backup"}, "no database at"},
		{"two paths", []string{"backup", "a.db", "b.db"}, "unexpected argument"},
		{"restore without path", []string{"restore"}, "name the backup file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dbPath := tempDB(t)
			res := runCmd(t, dbPath, "", tt.args...)
			if res.err == nil || !strings.Contains(res.err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to mention %q", res.err, tt.want)
			}
			if _, err := os.Stat(dbPath); err == nil {
				t.Error("a failed command created the database")
			}
		})
	}
}

func TestRestoreRefusesWhileServing(t *testing.T) {
	t.Parallel()
	dbPath := tempDB(t)
	backup := filepath.Join(t.TempDir(), "b.db")
	startServer(t, dbPath)
	mustRun(t, dbPath, "", "backup", backup) // online: the server keeps the lock
	res := runCmd(t, dbPath, "", "restore", backup)
	want := "in use by docket process " + strconv.Itoa(os.Getpid())
	if res.err == nil || !strings.Contains(res.err.Error(), want) {
		t.Fatalf("restore while serving: %v, want %q", res.err, want)
	}
	if _, err := os.Stat(dbPath + ".before-restore"); err == nil {
		t.Error("refused restore moved the database")
	}
}

func TestScheduledBackupsRotate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dbPath := tempDB(t)
	db, err := openDB(ctx, dbPath, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dir := filepath.Join(filepath.Dir(dbPath), "backups")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	manual := filepath.Join(dir, "before-upgrade.db")
	if err := os.WriteFile(manual, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	start := time.Date(2026, 11, 1, 3, 0, 0, 0, time.UTC)
	for day := range 4 {
		scheduledBackup(ctx, db, start.AddDate(0, 0, day), 2, logger)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"before-upgrade.db", "docket-20261103T030000Z.db", "docket-20261104T030000Z.db"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("backups folder holds %q, want %q\nlog:\n%s", names, want, logs.String())
	}
	if n := strings.Count(logs.String(), "deleted old backup"); n != 2 {
		t.Errorf("logged %d deletions, want 2:\n%s", n, logs.String())
	}
}

func TestBackupLoopRunsUntilCancelled(t *testing.T) {
	t.Parallel()
	dbPath := tempDB(t)
	db, err := openDB(context.Background(), dbPath, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		backupLoop(ctx, db, backupSchedule{every: 20 * time.Millisecond, keep: 1}, discardLogger())
		close(done)
	}()
	deadline := time.Now().Add(20 * time.Second)
	for {
		done, _ := filepath.Glob(filepath.Join(filepath.Dir(dbPath), "backups", "docket-*Z.db"))
		if len(done) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no backup taken")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("backup loop did not stop")
	}
}

func TestFirstBackupDelay(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		backups []time.Time
		want    time.Duration
	}{
		{"none yet", nil, 0},
		{"recent", []time.Time{now.Add(-30 * time.Hour), now.Add(-6 * time.Hour)}, 18 * time.Hour},
		{"overdue", []time.Time{now.Add(-30 * time.Hour)}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dbPath := tempDB(t)
			for _, at := range tt.backups {
				p := models.BackupPath(dbPath, at)
				if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, nil, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if got := firstBackupDelay(dbPath, 24*time.Hour, now); got != tt.want {
				t.Errorf("delay = %s, want %s", got, tt.want)
			}
		})
	}
}
