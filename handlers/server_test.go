package handlers

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"docket/models"
)

// testApp is Docket's whole handler stack on a real database, driven
// in-process so tests and benchmarks see every middleware and query.
type testApp struct {
	h       *Handler
	db      *models.DB
	handler http.Handler
	queries *queryLog
}

// newTestApp opens the database at path (migrating it) and builds the
// handler stack on it. An empty path means a fresh database in t.TempDir().
func newTestApp(tb testing.TB, path string) *testApp {
	tb.Helper()
	if path == "" {
		path = filepath.Join(tb.TempDir(), "test.db")
	}
	ctx := context.Background()
	db, err := models.Open(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := models.Migrate(ctx, db, os.DirFS("../models/migrations")); err != nil {
		tb.Fatal(err)
	}
	ql := &queryLog{}
	db.AddQueryHook(ql)
	h, err := New(Config{
		DB:       db,
		Sessions: NewSessions(db, false),
		Logger:   slog.New(slog.DiscardHandler),
		Assets:   os.DirFS("../assets"),
	})
	if err != nil {
		tb.Fatal(err)
	}
	return &testApp{h: h, db: db, handler: h.Routes(), queries: ql}
}

// do sends one request through the stack and returns the response.
func (a *testApp) do(method, target string, form url.Values, header http.Header) *http.Response {
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req := httptest.NewRequest(method, "http://docket.test"+target, body)
	for k, vs := range header {
		req.Header[k] = vs
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	rec := httptest.NewRecorder()
	a.handler.ServeHTTP(rec, req)
	return rec.Result()
}

// login signs in and returns a header carrying the session cookie.
func (a *testApp) login(tb testing.TB, username, password string) http.Header {
	tb.Helper()
	res := a.do(http.MethodPost, "/login", url.Values{"username": {username}, "password": {password}}, nil)
	if res.StatusCode != http.StatusSeeOther {
		tb.Fatalf("log in as %s: status %d, want 303", username, res.StatusCode)
	}
	hd := http.Header{}
	for _, c := range res.Cookies() {
		hd.Add("Cookie", c.Name+"="+c.Value)
	}
	if hd.Get("Cookie") == "" {
		tb.Fatal("log in set no session cookie")
	}
	return hd
}

// htmx returns hd plus the headers htmx sends for a swap into target.
func htmx(hd http.Header, target string) http.Header {
	out := hd.Clone()
	out.Set("HX-Request", "true")
	if target != "" {
		out.Set("HX-Target", target)
	}
	return out
}

// queryLog is a Bun query hook that records every statement, BEGIN and
// COMMIT included.
type queryLog struct {
	mu      sync.Mutex
	queries []string
}

func (q *queryLog) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context { return ctx }

func (q *queryLog) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	q.mu.Lock()
	q.queries = append(q.queries, e.Query)
	q.mu.Unlock()
}

// reset forgets the statements so far.
func (q *queryLog) reset() {
	q.mu.Lock()
	q.queries = nil
	q.mu.Unlock()
}

// take returns and forgets the statements so far.
func (q *queryLog) take() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := q.queries
	q.queries = nil
	return out
}

// mustCreateUser stores a user with a known password.
func mustCreateUser(tb testing.TB, db *models.DB, username string) *models.User {
	tb.Helper()
	u, err := models.CreateUser(context.Background(), db.Write, username, "correct horse", "UTC")
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

// mustSeed adds n generated tasks for the user.
func mustSeed(tb testing.TB, db *models.DB, userID int64, n int) {
	tb.Helper()
	if err := models.SeedTasks(context.Background(), db, userID, n, models.DateOf(time.Now()), 7, nil); err != nil {
		tb.Fatal(err)
	}
}
