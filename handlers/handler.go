// Package handlers serves Docket over HTTP: routing, middleware, sessions
// and one file of handlers per resource. Handlers return errors; the
// adapters in this file turn them into logged, rendered responses.
package handlers

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"time"

	"github.com/a-h/templ"
	"github.com/alexedwards/scs/v2"

	"docket/components"
	"docket/models"
)

// Config is what a Handler is built from.
type Config struct {
	DB       *models.DB
	Sessions *scs.SessionManager
	Logger   *slog.Logger
	// Passwords hashes and checks passwords; the zero value is the real cost.
	Passwords models.Passwords
	// Assets is the folder served under /assets/.
	Assets fs.FS
	// RegistrationClosed refuses new sign-ups.
	RegistrationClosed bool
	// Now returns the current time; tests set it to fix "today".
	Now func() time.Time
	// PublicURL, when set, is the address users reach Docket at; requests
	// for any other host are refused.
	PublicURL *url.URL
	// LoopbackOnly, when no PublicURL is set, refuses host names other
	// than localhost and loopback addresses: set it when listening on a
	// loopback address.
	LoopbackOnly bool
	// MaxTasksPerUser caps each list; 0 means no limit.
	MaxTasksPerUser int
	// ImportTimeout is how long an import may run before it is abandoned
	// and nothing of it kept: less than the server's write timeout, so the
	// client always hears how it ended. 0 means no limit.
	ImportTimeout time.Duration
}

// Handler holds the dependencies every handler needs.
type Handler struct {
	db                 *models.DB
	sessions           *scs.SessionManager
	logger             *slog.Logger
	passwords          models.Passwords
	assets             map[string]*asset
	assetVersion       string
	registrationClosed bool
	now                func() time.Time
	// hashSlots caps concurrent argon2id hashes: each takes 19 MiB, so a
	// burst of log-ins queues here instead of exhausting memory.
	hashSlots chan struct{}
	bufs      *bufferPool
	gzip      func(http.Handler) http.HandlerFunc
	hosts     hostPolicy
	limits    models.ImportLimits
	// importTimeout bounds one import; see Config.ImportTimeout.
	importTimeout time.Duration
}

// New builds a Handler. It reads and fingerprints the assets once, so their
// URLs change whenever their content does and browsers may cache them forever.
func New(cfg Config) (*Handler, error) {
	assets, version, err := loadAssets(cfg.Assets)
	if err != nil {
		return nil, err
	}
	gzip, err := newGzipWrapper()
	if err != nil {
		return nil, err
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	return &Handler{
		db:                 cfg.DB,
		sessions:           cfg.Sessions,
		logger:             cfg.Logger,
		passwords:          cfg.Passwords,
		assets:             assets,
		assetVersion:       version,
		registrationClosed: cfg.RegistrationClosed,
		now:                now,
		hashSlots:          make(chan struct{}, max(2, runtime.NumCPU())),
		bufs:               &bufferPool{},
		gzip:               gzip,
		hosts:              newHostPolicy(cfg.PublicURL, cfg.LoopbackOnly),
		limits:             models.ImportLimits{MaxRows: models.DefaultMaxImportRows, MaxTasksPerUser: cfg.MaxTasksPerUser},
		importTimeout:      cfg.ImportTimeout,
	}, nil
}

// handlerFunc is a handler that reports failure by returning an error.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// httpError is an error with the status and message the user should see.
// err, if set, is logged but never shown.
type httpError struct {
	status int
	msg    string
	err    error
}

func (e *httpError) Error() string {
	if e.err != nil {
		return fmt.Sprintf("%d %s: %v", e.status, e.msg, e.err)
	}
	return fmt.Sprintf("%d %s", e.status, e.msg)
}

func (e *httpError) Unwrap() error { return e.err }

// public adapts fn for routes anyone may use.
func (h *Handler) public(fn handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			h.fail(w, r, err)
		}
	})
}

// private adapts fn for routes that need a signed-in user. Others are sent
// to log in and then back to the page they asked for; an htmx request gets
// an alert instead, so nothing the user typed is swapped away.
func (h *Handler) private(fn handlerFunc) http.Handler {
	return h.public(func(w http.ResponseWriter, r *http.Request) error {
		if currentUser(r) != nil {
			return fn(w, r)
		}
		if isHTMX(r) {
			w.Header().Set("HX-Retarget", "#alerts")
			w.Header().Set("HX-Reswap", "innerHTML")
			return h.render(w, r, http.StatusUnauthorized, components.SessionEndedAlert(loginURL(htmxPage(r))))
		}
		next := r.URL.RequestURI()
		if r.Method != http.MethodGet {
			next = backTo(r, "/tasks") // a form's target is no page to come back to
		}
		http.Redirect(w, r, loginURL(next), http.StatusSeeOther)
		return nil
	})
}

// fail turns a handler error into a logged, rendered response: a full error
// page, or for htmx an alert swapped into #alerts.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	var he *httpError
	switch {
	case errors.As(err, &he):
	case errors.Is(err, models.ErrNotFound):
		he = &httpError{status: http.StatusNotFound, msg: "Not found. It may have been deleted."}
	default:
		he = &httpError{status: http.StatusInternalServerError, msg: "Something went wrong on our side. Please try again.", err: err}
	}
	level := slog.LevelInfo
	if he.status >= 500 {
		level = slog.LevelError
	}
	h.logger.Log(r.Context(), level, "request failed",
		"method", r.Method, "path", r.URL.Path, "status", he.status, "request_id", requestID(r), "error", err)
	var page templ.Component
	if isHTMX(r) {
		w.Header().Set("HX-Retarget", "#alerts")
		w.Header().Set("HX-Reswap", "innerHTML")
		page = components.Alert(he.msg, true)
	} else {
		page = components.ErrorPage(h.page(r, http.StatusText(he.status)), he.status, he.msg)
	}
	if rerr := h.render(w, r, he.status, page); rerr != nil {
		h.logger.Error("render error page", "error", rerr, "request_id", requestID(r))
	}
}

// render buffers c so a failing component never leaves half a page on the
// wire, then writes it with status.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, c ...templ.Component) error {
	buf := h.bufs.get()
	defer h.bufs.put(buf)
	for _, part := range c {
		if err := part.Render(r.Context(), buf); err != nil {
			return fmt.Errorf("render: %w", err)
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return h.writeBody(w, r, status, buf)
}

// page is the frame of a full page for this request: title, user, flash.
func (h *Handler) page(r *http.Request, title string) components.Page {
	p := components.Page{Title: title, AssetVersion: h.assetVersion, RegistrationClosed: h.registrationClosed}
	if u := currentUser(r); u != nil {
		p.Username = u.Username
	}
	if info(r).sessionLoaded { // errors outside the session stack have no session
		p.Flash = h.sessions.PopString(r.Context(), sessionFlash)
		p.Offer = h.popOffer(r)
	}
	return p
}

// flash stores a confirmation for the next full page.
func (h *Handler) flash(r *http.Request, msg string) {
	h.sessions.Put(r.Context(), sessionFlash, msg)
}

// isHTMX reports whether htmx sent r, so a fragment is wanted rather than a
// page.
func isHTMX(r *http.Request) bool { return info(r).htmx }
