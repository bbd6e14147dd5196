package handlers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"docket/models"
)

// maxBodyBytes caps request bodies; the largest form is a 10 000-character
// description.
const maxBodyBytes = 1 << 20

// User is the signed-in person, as their session remembers them.
type User struct {
	ID       int64
	Username string
	Timezone string // IANA name
	// QuickAdd is whether quick add reads dates, priorities, lists and
	// labels in what is typed (models.User.QuickAddParse).
	QuickAdd bool
}

// request holds what Docket needs to know about one request, read once at
// the edge: logRequest reads the headers, authenticate adds the user and
// their day. Handlers take it with info(r) and pass it on.
type request struct {
	id            string            // sent back as X-Request-Id and logged
	sessionLoaded bool              // the session middleware ran, so a flash can be read
	user          *User             // the signed-in user, nil when signed out
	loc           *time.Location    // the user's time zone; UTC when signed out
	today         models.Date       // the current day in loc, when signed in
	htmx          bool              // sent by htmx, so a fragment is wanted rather than a page
	target        string            // HX-Target: the id of the element htmx will swap
	current       *url.URL          // HX-Current-URL, the page htmx asked from; nil for none
	taskPage      bool              // current is a task's own page or its editor
	view          models.TaskFilter // the filter of the list at current; the default view elsewhere
}

type requestKey struct{}

// newRequest reads the facts of r that its headers carry. History
// restores are not marked as htmx (historyRestoreAsHxRequest is off), so
// they always get full pages.
func newRequest(r *http.Request) *request {
	rq := &request{loc: time.UTC, htmx: r.Header.Get("HX-Request") == "true",
		target: r.Header.Get("HX-Target"), view: models.DefaultTaskFilter()}
	if u, err := url.Parse(r.Header.Get("HX-Current-URL")); err == nil && u.Path != "" {
		rq.current = u
		rq.taskPage = isTaskPath(u.Path)
		// The filter of the list the user is looking at, so an edited row
		// can leave a view it no longer belongs to.
		if f, ok := parseViewURL(u.Path, u.Query()); ok {
			rq.view = f
		}
	}
	return rq
}

// isTaskPath reports whether path is a task's own page (/tasks/{id} or
// its editor), where the task is shown in full rather than as a row.
func isTaskPath(path string) bool {
	id, ok := strings.CutPrefix(path, "/tasks/")
	if !ok {
		return false
	}
	_, err := strconv.ParseInt(strings.TrimSuffix(id, "/edit"), 10, 64)
	return err == nil
}

// signIn records the signed-in user and the day it is where they are at
// now.
func (rq *request) signIn(u *User, now time.Time) {
	rq.user = u
	rq.loc = models.LoadLocation(u.Timezone)
	rq.today = models.DateOf(now.In(rq.loc))
}

// withRequest returns a context carrying rq.
func withRequest(ctx context.Context, rq *request) context.Context {
	return context.WithValue(ctx, requestKey{}, rq)
}

// info returns the facts of r. A request that bypassed logRequest (a
// panic caught outside it) gets them read from its headers now.
func info(r *http.Request) *request {
	if rq, ok := r.Context().Value(requestKey{}).(*request); ok {
		return rq
	}
	return newRequest(r)
}

func requestID(r *http.Request) string { return info(r).id }

// currentUser is the signed-in user, or nil.
func currentUser(r *http.Request) *User { return info(r).user }

// statusRecorder remembers the status a handler wrote, for the log line.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// logRequest gives each request an id and logs one line when it ends.
func (h *Handler) logRequest(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		var b [8]byte
		_, _ = rand.Read(b[:])
		ri := newRequest(r)
		ri.id = hex.EncodeToString(b[:])
		w.Header().Set("X-Request-Id", ri.id)
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r.WithContext(withRequest(r.Context(), ri)))
		attrs := []any{"method", r.Method, "path", r.URL.Path, "status", rec.status,
			"duration", time.Since(start), "request_id", ri.id}
		if ri.user != nil {
			attrs = append(attrs, "user_id", ri.user.ID)
		}
		h.logger.InfoContext(r.Context(), "request", attrs...)
	})
}

// recoverPanic turns a panic into a logged 500 page; the stack goes to the
// log, never to the user.
func (h *Handler) recoverPanic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				w.Header().Set("Connection", "close")
				h.fail(w, r, fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// secureHeaders sets the headers every response carries. The CSP allows
// only Docket's own files: no inline script or style anywhere.
func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		limit := int64(maxBodyBytes)
		if r.URL.Path == importPath {
			limit = maxImportBytes
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// authenticate puts the signed-in user, if any, into the request context.
// The session carries the user's id, name and settings, so this costs no
// query.
func (h *Handler) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := info(r)
		ri.sessionLoaded = true
		ctx := r.Context()
		if id := h.sessions.GetInt64(ctx, sessionUserID); id != 0 {
			ri.signIn(&User{
				ID:       id,
				Username: h.sessions.GetString(ctx, sessionUsername),
				Timezone: h.sessions.GetString(ctx, sessionTimezone),
				QuickAdd: !h.sessions.GetBool(ctx, sessionQuickAddOff),
			}, h.now())
		}
		// One URL may serve a page or a fragment, and pages differ per user.
		w.Header().Add("Vary", "HX-Request")
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}
