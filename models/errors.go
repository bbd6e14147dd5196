package models

import (
	"errors"
	"strings"
)

var (
	// ErrNotFound means the row does not exist or belongs to another user.
	ErrNotFound = errors.New("models: not found")
	// ErrConflict means a unique constraint refused the write.
	ErrConflict = errors.New("models: conflict")
	// ErrInvalidCredentials means the username is unknown or the password is
	// wrong; callers must not be able to tell which.
	ErrInvalidCredentials = errors.New("models: invalid credentials")
	// ErrSessionEnded means a new session was refused because every session
	// of its user was ended (a password change, a deleted user) after the
	// log-in that started it read the user.
	ErrSessionEnded = errors.New("models: session ended")
)

// isUniqueViolation reports whether err is a unique-constraint failure. The
// message test covers SQLite ("UNIQUE constraint failed") and PostgreSQL
// ("duplicate key value violates unique constraint") without importing either
// driver's error type.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "duplicate key value")
}

// isForeignKeyViolation reports whether err is a foreign-key failure, in
// the words of SQLite ("FOREIGN KEY constraint failed") or PostgreSQL
// ("violates foreign key constraint").
func isForeignKeyViolation(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "FOREIGN KEY constraint failed") || strings.Contains(msg, "violates foreign key constraint")
}
