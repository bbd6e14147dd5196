package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// Session is a stored browser session; Data is opaque to this package.
type Session struct {
	bun.BaseModel `bun:"table:sessions,alias:s"`

	Token  string    `bun:"token,pk"`
	Data   []byte    `bun:"data,notnull"`
	Expiry time.Time `bun:"expiry,notnull"`
	// UserID is set once the session has logged in, so every session of a
	// user can be ended at once.
	UserID int64 `bun:"user_id,nullzero"`
	// Epoch is the user's session epoch read at log-in; a logged-in
	// session is only created while the user is still on it.
	Epoch int64 `bun:"-"`
}

// FindSession returns the data of an unexpired session; found is false for
// an unknown or expired token.
func FindSession(ctx context.Context, db bun.IDB, token string) (data []byte, found bool, err error) {
	rows, err := queryRows(ctx, db, sqlFindSession, token, dbTime(time.Now()))
	if err == nil {
		err = scanOne(rows, func(r *sql.Rows) error { return r.Scan(&data) })
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, fmt.Errorf("models: find session: %w", err)
	}
	return data, true, nil
}

// CreateSession stores a session under a new token. It never overwrites:
// a token already stored is ErrConflict. A logged-in session is only
// stored while its user exists and is still on s.Epoch, in one statement,
// so a password change that lands after the log-in checked the old
// password still holds; otherwise the result is ErrSessionEnded.
func CreateSession(ctx context.Context, db bun.IDB, s *Session) error {
	s.Expiry = s.Expiry.UTC()
	if s.UserID == 0 {
		_, err := db.NewInsert().Model(s).Exec(ctx)
		return createSessionError(err)
	}
	res, err := db.NewRaw(
		"INSERT INTO sessions (token, data, expiry, user_id) SELECT ?, ?, ?, u.id FROM users AS u WHERE u.id = ? AND u.session_epoch = ?"+
			lockRows(db, "FOR SHARE"),
		s.Token, s.Data, s.Expiry, s.UserID, s.Epoch).Exec(ctx)
	if err != nil {
		return createSessionError(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("models: create session: %w", err)
	} else if n == 0 {
		return ErrSessionEnded
	}
	return nil
}

// createSessionError maps a failed session insert to ErrConflict or wraps it.
func createSessionError(err error) error {
	if isUniqueViolation(err) {
		return ErrConflict
	} else if err != nil {
		return fmt.Errorf("models: create session: %w", err)
	}
	return nil
}

// UpdateSession rewrites a stored session. It never inserts: a session
// deleted meanwhile (log-out, password change, deleted user) stays deleted
// and the result is ErrNotFound.
func UpdateSession(ctx context.Context, db bun.IDB, s *Session) error {
	var userID any // NULL until the session has logged in
	if s.UserID != 0 {
		userID = s.UserID
	}
	res, err := execStmt(ctx, db, sqlUpdateSession, s.Data, dbTime(s.Expiry), userID, s.Token)
	return checkAffected(res, err, "update session")
}

// DeleteSession removes a session; an unknown token is not an error.
func DeleteSession(ctx context.Context, db bun.IDB, token string) error {
	if _, err := db.NewDelete().Model((*Session)(nil)).Where("token = ?", token).Exec(ctx); err != nil {
		return fmt.Errorf("models: delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions ends every session of the user except the one with
// token keep (pass "" to end them all).
func DeleteUserSessions(ctx context.Context, db bun.IDB, userID int64, keep string) error {
	_, err := db.NewDelete().Model((*Session)(nil)).Where("user_id = ? AND token <> ?", userID, keep).Exec(ctx)
	if err != nil {
		return fmt.Errorf("models: delete sessions of user %d: %w", userID, err)
	}
	return nil
}

// DeleteExpired removes expired sessions and stale log-in failure counts.
func DeleteExpired(ctx context.Context, db bun.IDB, now time.Time) error {
	now = now.UTC()
	if _, err := db.NewDelete().Model((*Session)(nil)).Where("expiry <= ?", now).Exec(ctx); err != nil {
		return fmt.Errorf("models: delete expired sessions: %w", err)
	}
	_, err := db.NewDelete().Model((*LoginFailure)(nil)).Where("window_start <= ?", now.Add(-LoginWindow)).Exec(ctx)
	if err != nil {
		return fmt.Errorf("models: delete old log-in failures: %w", err)
	}
	return nil
}
