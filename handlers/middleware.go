package handlers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"runtime/debug"
	"time"

	"docket/components"
)

// maxBodyBytes caps request bodies; the largest form is a 10 000-character
// description.
const maxBodyBytes = 1 << 20

type requestInfoKey struct{}

// requestInfo travels in the context so inner middleware can tell the
// request log who the user was.
type requestInfo struct {
	id            string
	userID        int64
	sessionLoaded bool
}

func info(r *http.Request) *requestInfo {
	if ri, ok := r.Context().Value(requestInfoKey{}).(*requestInfo); ok {
		return ri
	}
	return &requestInfo{}
}

func requestID(r *http.Request) string { return info(r).id }

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
		ri := &requestInfo{id: hex.EncodeToString(b[:])}
		w.Header().Set("X-Request-Id", ri.id)
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, ri)))
		attrs := []any{"method", r.Method, "path", r.URL.Path, "status", rec.status,
			"duration", time.Since(start), "request_id", ri.id}
		if ri.userID != 0 {
			attrs = append(attrs, "user_id", ri.userID)
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
// The session carries the user's id and name, so this costs no query.
func (h *Handler) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := info(r)
		ri.sessionLoaded = true
		ctx := r.Context()
		if id := h.sessions.GetInt64(ctx, sessionUserID); id != 0 {
			ri.userID = id
			ctx = components.WithUser(ctx, &components.User{
				ID:       id,
				Username: h.sessions.GetString(ctx, sessionUsername),
				Timezone: h.sessions.GetString(ctx, sessionTimezone),
			})
			r = r.WithContext(ctx)
		}
		// One URL may serve a page or a fragment, and pages differ per user.
		w.Header().Add("Vary", "HX-Request")
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}
