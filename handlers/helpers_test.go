package handlers_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/alexedwards/argon2id"
	"github.com/uptrace/bun"

	"docket/handlers"
	"docket/internal/testdb"
	"docket/models"
)

// testPassword is the password every test account signs up with.
const testPassword = "correct horse battery"

// testPasswords hashes at argon2id's lowest cost: the tests sign up and
// log in hundreds of times. TestSignUpHashesAtRealCost covers the real cost.
var testPasswords = cheapPasswords()

func cheapPasswords() models.Passwords {
	pw, err := models.NewPasswords(argon2id.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32})
	if err != nil {
		panic(err)
	}
	return pw
}

// date parses a YYYY-MM-DD test date.
func date(t *testing.T, s string) models.Date {
	t.Helper()
	d, err := models.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// syncBuffer is a log sink the server goroutines and the test may share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testServer is the whole application on a temporary database.
type testServer struct {
	*httptest.Server
	handler http.Handler
	db      *models.DB
	clock   *clock
}

// migrated is the database every newTestServer starts from.
var migrated = testdb.New(os.DirFS("../models/migrations"))

// newTestServer starts Docket on a fresh database; opts adjust the config.
func newTestServer(t testing.TB, opts ...func(*handlers.Config)) *testServer {
	t.Helper()
	return startTestServer(t, migrated.Open(t), opts...)
}

// newTestServerAt starts Docket on the database dsn names, migrating it.
func newTestServerAt(t testing.TB, dsn string, opts ...func(*handlers.Config)) *testServer {
	t.Helper()
	db := testdb.OpenDSN(t, dsn)
	if _, err := models.Migrate(context.Background(), db, os.DirFS("../models/migrations")); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return startTestServer(t, db, opts...)
}

// startTestServer serves Docket on db until the test ends.
func startTestServer(t testing.TB, db *models.DB, opts ...func(*handlers.Config)) *testServer {
	t.Helper()
	clk := &clock{now: testNow}
	cfg := handlers.Config{
		DB:        db,
		Sessions:  handlers.NewSessions(db, false),
		Logger:    slog.New(slog.DiscardHandler),
		Passwords: testPasswords,
		Assets:    os.DirFS("../assets"),
		Now:       clk.Now,
	}
	for _, opt := range opts {
		opt(&cfg)
	}
	h, err := handlers.New(cfg)
	if err != nil {
		t.Fatalf("handlers.New: %v", err)
	}
	routes := h.Routes()
	srv := httptest.NewServer(routes)
	t.Cleanup(srv.Close)
	return &testServer{Server: srv, handler: routes, db: db, clock: clk}
}

// client is one browser: its own cookie jar, redirects not followed.
type client struct {
	t  testing.TB
	ts *testServer
	hc *http.Client
}

func (ts *testServer) newClient(t testing.TB) *client {
	t.Helper()
	return ts.clientWith(t, http.DefaultTransport)
}

// newLocalClient is a client whose requests go straight to the handler, in
// process: no network, and no transport that adds or strips gzip.
func (ts *testServer) newLocalClient(t testing.TB) *client {
	t.Helper()
	return ts.clientWith(t, handlerTransport{ts.handler})
}

func (ts *testServer) clientWith(t testing.TB, rt http.RoundTripper) *client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{
		Jar:           jar,
		Transport:     rt,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return &client{t: t, ts: ts, hc: hc}
}

// response is a finished response with its body read.
type response struct {
	*http.Response
	body string
}

// doc parses the body as HTML.
func (r *response) doc(t *testing.T) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(r.body))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	return d
}

// request sends method to path with form as the body (if not nil) and
// headers given as name, value pairs.
func (c *client) request(method, path string, form url.Values, header ...string) *response {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.ts.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return c.send(req, header...)
}

// send sends req with headers given as name, value pairs and reads the
// whole response.
func (c *client) send(req *http.Request, header ...string) *response {
	c.t.Helper()
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatalf("%s %s: read body: %v", req.Method, req.URL.Path, err)
	}
	return &response{Response: res, body: string(b)}
}

func (c *client) get(path string, header ...string) *response {
	c.t.Helper()
	return c.request(http.MethodGet, path, nil, header...)
}

func (c *client) postForm(path string, form url.Values, header ...string) *response {
	c.t.Helper()
	return c.request(http.MethodPost, path, form, header...)
}

// htmx sends a request as htmx does; header adds e.g. HX-Target.
func (c *client) htmx(method, path string, form url.Values, header ...string) *response {
	c.t.Helper()
	return c.request(method, path, form, append([]string{"HX-Request", "true"}, header...)...)
}

// register signs up on this client and expects to land on the list.
func (c *client) register(username, password string) {
	c.t.Helper()
	res := c.postForm("/register", url.Values{"username": {username}, "password": {password}})
	wantRedirect(c.t, res, "/tasks")
}

// login logs in on this client and expects to land on the list.
func (c *client) login(username, password string) {
	c.t.Helper()
	res := c.postForm("/login", url.Values{"username": {username}, "password": {password}})
	wantRedirect(c.t, res, "/tasks")
}

// sessionToken is the session cookie the browser holds, or "".
func (c *client) sessionToken() string {
	u, _ := url.Parse(c.ts.URL)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == "docket_session" {
			return ck.Value
		}
	}
	return ""
}

// signUp registers username on a new client and returns it with the user's id.
func (ts *testServer) signUp(t *testing.T, username string) (*client, int64) {
	t.Helper()
	c := ts.newClient(t)
	c.register(username, testPassword)
	return c, ts.userID(t, username)
}

// userID is the id of the stored account username.
func (ts *testServer) userID(t testing.TB, username string) int64 {
	t.Helper()
	u, err := models.GetUserByUsername(context.Background(), ts.db.Read, username)
	if err != nil {
		t.Fatalf("user %q: %v", username, err)
	}
	return u.ID
}

// seed adds n generated tasks for the user, spread around the server's today.
func (ts *testServer) seed(t testing.TB, userID int64, n int) {
	t.Helper()
	if err := models.SeedTasks(context.Background(), ts.db, userID, n, models.DateOf(ts.clock.Now()), 7, nil); err != nil {
		t.Fatalf("seed %d tasks: %v", n, err)
	}
}

// addTask stores task for the user directly, as seed data.
func (ts *testServer) addTask(t *testing.T, userID int64, task models.Task) models.Task {
	t.Helper()
	task.UserID = userID
	if task.Status == "" {
		task.Status = models.StatusTodo
	}
	if err := models.CreateTask(context.Background(), ts.db.Write, &task); err != nil {
		t.Fatalf("seed task %q: %v", task.Title, err)
	}
	return task
}

// addTasks stores n tasks for the user in one transaction, task i as
// make(i) describes it: one commit per task, each waiting for the disk,
// made seeding the slowest part of the tests that need a few pages.
func (ts *testServer) addTasks(t *testing.T, userID int64, n int, describe func(i int) models.Task) []models.Task {
	t.Helper()
	tasks := make([]models.Task, n)
	err := ts.db.Write.RunInTx(context.Background(), nil, func(ctx context.Context, tx bun.Tx) error {
		for i := range tasks {
			task := describe(i)
			task.UserID = userID
			if task.Status == "" {
				task.Status = models.StatusTodo
			}
			if err := models.CreateTask(ctx, tx, &task); err != nil {
				return fmt.Errorf("seed task %q: %w", task.Title, err)
			}
			tasks[i] = task
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tasks
}

// task reads the user's task back from the database.
func (ts *testServer) task(t *testing.T, userID, id int64) *models.Task {
	t.Helper()
	task, err := models.GetTask(context.Background(), ts.db.Read, userID, id)
	if err != nil {
		t.Fatalf("get task %d: %v", id, err)
	}
	return task
}

// taskCount counts every stored task of every user.
func (ts *testServer) taskCount(t *testing.T) int64 {
	t.Helper()
	n, err := ts.db.Read.NewSelect().Model((*models.Task)(nil)).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// userExists reports whether an account with that username is stored.
func (ts *testServer) userExists(t *testing.T, username string) bool {
	t.Helper()
	_, err := models.GetUserByUsername(context.Background(), ts.db.Read, username)
	if errors.Is(err, models.ErrNotFound) {
		return false
	} else if err != nil {
		t.Fatal(err)
	}
	return true
}
