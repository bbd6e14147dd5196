package models

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// LockPath is the lock file beside the database that a running server holds.
func LockPath(dbPath string) string { return dbPath + ".lock" }

// LockedError means another process holds the database's lock.
type LockedError struct {
	Path string
	// PID is the holder's process id as it wrote it, or 0 if unreadable.
	PID int
}

func (e *LockedError) Error() string {
	who := "another docket process"
	if e.PID > 0 {
		who = fmt.Sprintf("docket process %d", e.PID)
	}
	return fmt.Sprintf("the database is in use by %s (lock %s); stop it first", who, e.Path)
}

// errLockHeld is tryLock's answer when another process holds the lock.
var errLockHeld = errors.New("models: lock held")

// Lock is an exclusive hold on a database, released by Unlock or when the
// process ends, however it ends: the system drops the lock with its file.
type Lock struct {
	f *os.File
}

// LockDB takes the exclusive lock on dbPath without waiting and records the
// process id in the lock file. If another process holds it, the error is a
// *LockedError naming that process.
func LockDB(dbPath string) (*Lock, error) {
	path := LockPath(dbPath)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return nil, fmt.Errorf("models: lock database: %w", err)
	}
	if err := tryLock(f); err != nil {
		defer f.Close()
		if errors.Is(err, errLockHeld) {
			b, _ := os.ReadFile(path)
			pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
			return nil, &LockedError{Path: path, PID: pid}
		}
		return nil, fmt.Errorf("models: lock database: %w", err)
	}
	if err := f.Truncate(0); err == nil {
		_, err = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("models: lock database: %w", err)
	}
	return &Lock{f: f}, nil
}

// Unlock releases the lock. The file stays: removing it could let two
// processes each lock a different file of the same name.
func (l *Lock) Unlock() error {
	if err := l.f.Truncate(0); err != nil {
		l.f.Close()
		return fmt.Errorf("models: unlock database: %w", err)
	}
	return l.f.Close()
}
