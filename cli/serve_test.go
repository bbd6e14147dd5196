package cli

import (
	"bytes"
	"context"
	"docket/internal/testdb"
	"docket/models"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"
)

func TestScheduledBackupsRotate(t *testing.T) {
	testdb.SQLiteOnly(t)
	ctx := context.Background()
	dbPath := tempDB(t)
	db, err := openDB(ctx, Env{Files: testFiles}, dbPath, models.PoolConfig{}, discardLogger())
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
		scheduledBackup(ctx, db, testFiles.Migrations, start.AddDate(0, 0, day), 2, logger)
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
	testdb.SQLiteOnly(t)
	dbPath := tempDB(t)
	db, err := openDB(context.Background(), Env{Files: testFiles}, dbPath, models.PoolConfig{}, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		backupLoop(ctx, db, testFiles.Migrations, backupSchedule{every: 20 * time.Millisecond, keep: 1}, discardLogger())
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
	testdb.SQLiteOnly(t)
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

// TestServeHashesWithEnvPasswords: serve hashes new passwords with the
// Passwords of its Env, which is how the browser suite signs up cheaply.
func TestServeHashesWithEnvPasswords(t *testing.T) {
	cheap := argon2id.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	pw, err := models.NewPasswords(cheap)
	if err != nil {
		t.Fatal(err)
	}
	dbPath := tempDB(t)
	base := spawnServerWith(t, dbPath, pw).wait(t)
	if got := post(t, newClient(), base+"/register", url.Values{"username": {"frugal"}, "password": {"a long enough password"}}); got != http.StatusSeeOther {
		t.Fatalf("register: status %d, want 303", got)
	}
	u, err := models.GetUserByUsername(context.Background(), testdb.OpenDSN(t, dbPath).Read, "frugal")
	if err != nil {
		t.Fatal(err)
	}
	params, _, _, err := argon2id.DecodeHash(u.PasswordHash)
	if err != nil {
		t.Fatal(err)
	}
	if params.Memory != cheap.Memory || params.Iterations != cheap.Iterations || params.Parallelism != cheap.Parallelism {
		t.Errorf("stored hash has m=%d t=%d p=%d, want the Env's m=%d t=%d p=%d",
			params.Memory, params.Iterations, params.Parallelism, cheap.Memory, cheap.Iterations, cheap.Parallelism)
	}
}
