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
	var s Session
	b := new(binds)
	q := db.NewSelect().Model(&s).Column("data").
		Where("s.token = ? AND s.expiry > ?", b.v(token), b.v(time.Now().UTC()))
	err = b.scanOne(ctx, db, q, &s)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, fmt.Errorf("models: find session: %w", err)
	}
	return s.Data, true, nil
}

// CreateSession stores a session under a new token. It never overwrites:
// a token already stored is ErrConflict. A logged-in session is only
// stored while its user exists and is still on s.Epoch, in one statement,
// so a password change that lands after the log-in checked the old
// password still holds; otherwise the result is ErrSessionEnded.
func CreateSession(ctx context.Context, db bun.IDB, s *Session) error {
	s.Expiry = s.Expiry.UTC()
	b := new(binds)
	if s.UserID == 0 {
		_, err := b.exec(ctx, db, b.insert(db.NewInsert().Model(s), s))
		return createSessionError(err)
	}
	res, err := b.exec(ctx, db, db.NewRaw(
		"INSERT INTO sessions (token, data, expiry, user_id) SELECT ?, ?, ?, u.id FROM users AS u WHERE u.id = ? AND u.session_epoch = ?",
		b.v(s.Token), b.v(s.Data), b.v(s.Expiry), b.v(s.UserID), b.v(s.Epoch)))
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
	b := new(binds)
	res, err := b.exec(ctx, db, db.NewUpdate().Model((*Session)(nil)).
		Set("data = ?", b.v(s.Data)).
		Set("expiry = ?", b.v(s.Expiry.UTC())).
		Set("user_id = ?", b.v(userID)).
		Where("token = ?", b.v(s.Token)))
	return checkAffected(res, err, "update session")
}

// DeleteSession removes a session; an unknown token is not an error.
func DeleteSession(ctx context.Context, db bun.IDB, token string) error {
	b := new(binds)
	if _, err := b.exec(ctx, db, db.NewDelete().Model((*Session)(nil)).Where("token = ?", b.v(token))); err != nil {
		return fmt.Errorf("models: delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions ends every session of the user except the one with
// token keep (pass "" to end them all).
func DeleteUserSessions(ctx context.Context, db bun.IDB, userID int64, keep string) error {
	b := new(binds)
	_, err := b.exec(ctx, db, db.NewDelete().Model((*Session)(nil)).Where("user_id = ? AND token <> ?", b.v(userID), b.v(keep)))
	if err != nil {
		return fmt.Errorf("models: delete sessions of user %d: %w", userID, err)
	}
	return nil
}

// DeleteExpired removes expired sessions and stale log-in failure counts.
func DeleteExpired(ctx context.Context, db bun.IDB, now time.Time) error {
	now = now.UTC()
	b := new(binds)
	if _, err := b.exec(ctx, db, db.NewDelete().Model((*Session)(nil)).Where("expiry <= ?", b.v(now))); err != nil {
		return fmt.Errorf("models: delete expired sessions: %w", err)
	}
	_, err := b.exec(ctx, db, db.NewDelete().Model((*LoginFailure)(nil)).Where("window_start <= ?", b.v(now.Add(-LoginWindow))))
	if err != nil {
		return fmt.Errorf("models: delete old log-in failures: %w", err)
	}
	return nil
}
