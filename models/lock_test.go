package models_test

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"docket/models"
)

func TestLockDB(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "docket.db")
	// What an older Docket that crashed leaves: its pid at byte 0.
	if err := os.WriteFile(models.LockPath(dbPath), []byte("98765\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	l, err := models.LockDB(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(models.LockPath(dbPath))
	if err != nil {
		t.Fatal(err)
	}
	if pid := strconv.Itoa(os.Getpid()); !strings.Contains(string(b), pid) {
		t.Errorf("lock file holds %q, want the pid %s", b, pid)
	}

	// A second hold, as a second server or a restore would take, is refused
	// with the holder's pid.
	_, err = models.LockDB(dbPath)
	le, ok := errors.AsType[*models.LockedError](err)
	if !ok {
		t.Fatalf("second LockDB error = %v, want a *LockedError", err)
	}
	if le.PID != os.Getpid() || le.Path != models.LockPath(dbPath) {
		t.Errorf("LockedError = %+v, want pid %d and path %s", le, os.Getpid(), models.LockPath(dbPath))
	}
	if want := "in use by docket process " + strconv.Itoa(os.Getpid()); !strings.Contains(err.Error(), want) {
		t.Errorf("error %q lacks %q", err, want)
	}

	if err := l.Unlock(); err != nil {
		t.Fatal(err)
	}
	b, err = os.ReadFile(models.LockPath(dbPath))
	if err != nil {
		t.Fatalf("lock file gone after unlock: %v", err)
	}
	if strings.Contains(string(b), strconv.Itoa(os.Getpid())) {
		t.Errorf("lock file still names the pid after unlock: %q", b)
	}

	// Released, it can be taken again.
	l, err = models.LockDB(dbPath)
	if err != nil {
		t.Fatalf("LockDB after Unlock: %v", err)
	}
	if err := l.Unlock(); err != nil {
		t.Fatal(err)
	}
}
