package handlers

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"time"

	"github.com/alexedwards/scs/v2"

	"docket/models"
)

// Session keys.
const (
	sessionUserID   = "userID"
	sessionUsername = "username"
	sessionTimezone = "tz"
	sessionEpoch    = "epoch"
	sessionFlash    = "flash"
	// sessionQuickAddOff is set when the user turned quick add's parsing
	// off: a session from before the setting existed has it on.
	sessionQuickAddOff = "quick_add_off"
	// sessionQuickOffer is a quick add's confirmation with its "Keep it
	// as text", as JSON (components.QuickOffer).
	sessionQuickOffer = "quick_offer"
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
	serverError := sm.ErrorFunc
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		// A log-in that lost the race with a password change has answered
		// already (see saveNewSession); anywhere else the browser simply
		// gets no session and is signed out.
		if !errors.Is(err, models.ErrSessionEnded) {
			serverError(w, r, err)
		}
	}
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
// token, on this instance or any other. A new logged-in session carries its
// user's session epoch and is only inserted while the user is still on it,
// so a log-in with the old password in flight across a password change is
// refused too.
type sessionStore struct {
	db    *models.DB
	codec scs.Codec
}

type sessionReadKey struct{}

// sessionRead remembers which stored token a request's session came from,
// or which one it inserted and with what, so that the same session saved
// twice in a request (at log-in, see saveNewSession) is written once.
type sessionRead struct {
	token  string
	saved  map[string]any
	expiry time.Time
}

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
	_, values, err := s.codec.Decode(b)
	if err == nil {
		sess.UserID, _ = values[sessionUserID].(int64)
		sess.Epoch, _ = values[sessionEpoch].(int64)
	}
	sr, tracked := ctx.Value(sessionReadKey{}).(*sessionRead)
	if !tracked {
		return models.CreateSession(ctx, s.db.Write, sess)
	}
	if sr.token != token {
		if err := models.CreateSession(ctx, s.db.Write, sess); err != nil {
			return err
		}
		sr.token, sr.saved, sr.expiry = token, values, expiry
		return nil
	}
	if sr.saved != nil && expiry.Equal(sr.expiry) && reflect.DeepEqual(values, sr.saved) {
		return nil // inserted by this request as it is
	}
	sr.saved = nil
	err = models.UpdateSession(ctx, s.db.Write, sess)
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
