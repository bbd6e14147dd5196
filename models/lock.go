package models

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/gofrs/flock"
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

// pidOffset is where the holder's pid starts in the lock file. The lock
// covers the first byte, and on Windows no other process may read a locked
// range; the pid after it stays readable to whoever is refused.
const pidOffset = 1

// Lock is an exclusive hold on a database, released by Unlock or when the
// process ends, however it ends: the system drops the lock with its file.
type Lock struct {
	fl  *flock.Flock
	pid *os.File // the lock file, open for writing the holder's pid
}

// LockDB takes the exclusive lock on dbPath without waiting and records the
// process id in the lock file. If another process holds it, the error is a
// *LockedError naming that process.
func LockDB(dbPath string) (*Lock, error) {
	path := LockPath(dbPath)
	fl := flock.New(path, flock.SetPermissions(0o640))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("models: lock database: %w", err)
	}
	if !ok {
		return nil, &LockedError{Path: path, PID: readPID(path)}
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err == nil {
		err = writePID(f)
		if err != nil {
			f.Close()
		}
	}
	if err != nil {
		return nil, errors.Join(fmt.Errorf("models: lock database: %w", err), fl.Unlock())
	}
	return &Lock{fl: fl, pid: f}, nil
}

// writePID records this process's id in the lock file f after pidOffset.
func writePID(f *os.File) error {
	if err := f.Truncate(pidOffset); err != nil {
		return err
	}
	// Byte 0 may still hold the first digit of an older Docket's pid, which
	// readers would take for part of this one. Where the lock covers the
	// byte (Windows), clearing it fails, but readers skip it there anyway.
	_, _ = f.WriteAt([]byte{0}, 0)
	_, err := f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), pidOffset)
	return err
}

// readPID returns the pid recorded in the lock file at path, or 0. It
// reads from the start where it can, which also finds the pid an older
// Docket wrote at byte 0; where the holder's lock refuses that read, it
// reads from pidOffset.
func readPID(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	b := make([]byte, 32)
	n, err := f.ReadAt(b, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		if n, err = f.ReadAt(b, pidOffset); err != nil && !errors.Is(err, io.EOF) {
			return 0
		}
	}
	pid, _ := strconv.Atoi(strings.Trim(string(b[:n]), "\x00 \t\r\n"))
	return pid
}

// Unlock clears the pid and releases the lock. The file stays: removing it
// could let two processes each lock a different file of the same name.
func (l *Lock) Unlock() error {
	err := l.pid.Truncate(pidOffset)
	if uerr := l.fl.Unlock(); err == nil {
		err = uerr
	}
	// Closed only after the unlock: where the lock is an fcntl lock,
	// closing any handle of the file would drop it.
	if cerr := l.pid.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("models: unlock database: %w", err)
	}
	return nil
}
