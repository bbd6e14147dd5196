package handlers

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"

	"docket/models"
)

// Session keys.
const (
	sessionUserID   = "userID"
	sessionUsername = "username"
	sessionTimezone = "tz"
	sessionFlash    = "flash"
)

// NewSessions returns a session manager that keeps sessions in the
// database, so they survive restarts and can be shared by several instances.
// Sessions last 30 days from log-in; there is no idle timeout, because
// extending one would write to the database on every request.
func NewSessions(db *models.DB, secureCookies bool) *scs.SessionManager {
	sm := scs.New()
	sm.Store = &sessionStore{db: db, codec: sm.Codec}
	sm.Lifetime = 30 * 24 * time.Hour
	sm.Cookie.Name = "docket_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = secureCookies
	sm.Cookie.Persist = true
	return sm
}

// sessionStore is an scs.CtxStore on Docket's database. Reads use the read
// pool, so loading a session never waits behind a write; each saved session
// records its user, so a user's sessions can be ended together.
//
// A save never brings back a deleted session: a token this request read
// from the database is only ever updated, and only a token it did not read
// (a new session, or one renewed at log-in) is inserted. So a log-out or a
// password change holds against requests already in flight on the old
// token, on this instance or any other.
type sessionStore struct {
	db    *models.DB
	codec scs.Codec
}

type sessionReadKey struct{}

// sessionRead remembers which stored token a request's session came from.
type sessionRead struct{ token string }

// trackSessionRead lets the store tell, when a request saves its session,
// whether the token was read from the database by this request.
func trackSessionRead(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), sessionReadKey{}, &sessionRead{})))
	})
}

func (s *sessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	b, found, err := models.FindSession(ctx, s.db.Read, token)
	if sr, ok := ctx.Value(sessionReadKey{}).(*sessionRead); ok && found {
		sr.token = token
	}
	return b, found, err
}

func (s *sessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	sess := &models.Session{Token: token, Data: b, Expiry: expiry}
	if _, values, err := s.codec.Decode(b); err == nil {
		sess.UserID, _ = values[sessionUserID].(int64)
	}
	sr, tracked := ctx.Value(sessionReadKey{}).(*sessionRead)
	if !tracked || sr.token != token {
		return models.CreateSession(ctx, s.db.Write, sess)
	}
	err := models.UpdateSession(ctx, s.db.Write, sess)
	if errors.Is(err, models.ErrNotFound) {
		return nil // ended while this request ran: it stays ended
	}
	return err
}

func (s *sessionStore) DeleteCtx(ctx context.Context, token string) error {
	return models.DeleteSession(ctx, s.db.Write, token)
}

func (s *sessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

func (s *sessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

func (s *sessionStore) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}
