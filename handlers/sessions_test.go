package handlers_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"docket/handlers"
	"docket/models"
)

// inFlight is a POST /tasks whose headers the server has read, and whose
// handler is waiting for the body, on one raw connection.
type inFlight struct {
	t    *testing.T
	conn net.Conn
	br   *bufio.Reader
	body string
}

// startInFlight sends POST /tasks with the session cookie token and waits
// until the handler asks for the body (Expect: 100-continue), so the
// session has been loaded before the test goes on.
func (ts *testServer) startInFlight(t *testing.T, token string) *inFlight {
	t.Helper()
	conn, err := net.DialTimeout("tcp", ts.Listener.Addr().String(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	body := url.Values{"title": {"Written during the revocation"}}.Encode()
	fmt.Fprintf(conn, "POST /tasks HTTP/1.1\r\nHost: %s\r\nCookie: docket_session=%s\r\n"+
		"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n",
		ts.Listener.Addr(), token, len(body))
	br := bufio.NewReader(conn)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("read interim response: %v", err)
	}
	if res.StatusCode != http.StatusContinue {
		t.Fatalf("status before the body = %d, want 100", res.StatusCode)
	}
	return &inFlight{t: t, conn: conn, br: br, body: body}
}

// finish sends the body and returns the final status.
func (f *inFlight) finish() int {
	f.t.Helper()
	if _, err := f.conn.Write([]byte(f.body)); err != nil {
		f.t.Fatal(err)
	}
	res, err := http.ReadResponse(f.br, nil)
	if err != nil {
		f.t.Fatalf("read response: %v", err)
	}
	res.Body.Close()
	return res.StatusCode
}

// A session ended while one of its requests is in flight stays ended when
// that request saves the session.
func TestRevokedSessionStaysRevoked(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		revoke func(t *testing.T, ts *testServer, c *client, uid int64)
	}{
		{"log-out", func(t *testing.T, ts *testServer, c *client, uid int64) {
			wantRedirect(t, c.postForm("/logout", nil), "/login")
		}},
		{"password change on the web", func(t *testing.T, ts *testServer, _ *client, uid int64) {
			other := ts.newClient(t)
			other.login("alice", testPassword)
			res := other.postForm("/account/password", url.Values{"current": {testPassword}, "new": {"a brand new passphrase"}})
			wantRedirect(t, res, "/account")
		}},
		{"password reset", func(t *testing.T, ts *testServer, _ *client, uid int64) {
			ctx := context.Background()
			if _, err := models.SetPassword(ctx, ts.db.Write, testPasswords, uid, "a brand new passphrase"); err != nil {
				t.Fatal(err)
			}
			if err := models.DeleteUserSessions(ctx, ts.db.Write, uid, ""); err != nil {
				t.Fatal(err)
			}
		}},
		{"user deleted", func(t *testing.T, ts *testServer, _ *client, uid int64) {
			if err := models.DeleteUser(context.Background(), ts.db.Write, uid); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t)
			victim, uid := ts.signUp(t, "alice")
			token := victim.sessionToken()
			req := ts.startInFlight(t, token)

			// The revoking browser shares the victim's cookie.
			tt.revoke(t, ts, victim, uid)
			req.finish()

			stale := ts.newClient(t)
			u, _ := url.Parse(ts.URL)
			stale.hc.Jar.SetCookies(u, []*http.Cookie{{Name: "docket_session", Value: token}})
			wantRedirect(t, stale.get("/tasks"), "/login")
			if n := countSessions(t, ts, "token = ?", token); n != 0 {
				t.Errorf("%d session rows for the revoked token, want 0", n)
			}
		})
	}
}

// countSessions counts stored session rows matching where.
func countSessions(t *testing.T, ts *testServer, where string, args ...any) int64 {
	t.Helper()
	n, err := ts.db.Read.NewSelect().Model((*models.Session)(nil)).Where(where, args...).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Log-in still stores a new session, and a session in use keeps saving.
func TestSessionStillSaves(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, _ := ts.signUp(t, "alice")
	wantStatus(t, c.get("/tasks"), http.StatusOK)
	res := c.postForm("/tasks", url.Values{"title": {"Milk"}})
	wantRedirect(t, res, "/tasks")
	res = c.get("/tasks")
	wantStatus(t, res, http.StatusOK)
	if !strings.Contains(res.body, "Added “Milk”.") {
		t.Errorf("the flash saved in the session is missing:\n%s", res.body)
	}
}

// No anonymous request stores a session: every row would be 30 days of
// database growth that anyone could cause.
func TestAnonymousRequestsStoreNoSession(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.signUp(t, "alice")
	before := countSessions(t, ts, "1 = 1")
	tests := []struct {
		name, method, path string
		form               url.Values
		header             []string
	}{
		{"home", "GET", "/", nil, nil},
		{"log-in page", "GET", "/login", nil, nil},
		{"sign-up page", "GET", "/register", nil, nil},
		{"wrong password", "POST", "/login", url.Values{"username": {"alice"}, "password": {"wrong password"}}, nil},
		{"invalid sign-up", "POST", "/register", url.Values{"username": {"x"}, "password": {"short"}}, nil},
		{"taken username", "POST", "/register", url.Values{"username": {"alice"}, "password": {testPassword}}, nil},
		{"log-out", "POST", "/logout", url.Values{}, nil},
		{"not found", "GET", "/no/such/page", nil, nil},
		{"private page", "GET", "/tasks", nil, nil},
		{"private htmx", "POST", "/tasks", url.Values{"title": {"x"}}, []string{"HX-Request", "true"}},
		{"cross-origin", "POST", "/logout", url.Values{}, []string{"Sec-Fetch-Site", "cross-site"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ts.newClient(t)
			res := c.request(tt.method, tt.path, tt.form, tt.header...)
			if res.StatusCode >= 500 {
				t.Fatalf("%s %s: status %d", tt.method, tt.path, res.StatusCode)
			}
			if n := countSessions(t, ts, "1 = 1"); n != before {
				t.Errorf("%s %s stored %d session rows, want none", tt.method, tt.path, n-before)
				before = n
			}
		})
	}
}

// A log-out holds while other requests on the same session keep saving it.
func TestLogoutHoldsUnderConcurrentPosts(t *testing.T) {
	t.Parallel()
	const trials, workers, posts = 6, 4, 6
	survived := 0
	for range trials {
		ts := newTestServer(t)
		c, _ := ts.signUp(t, "alice")
		token := c.sessionToken()
		done := make(chan struct{})
		for w := range workers {
			go func() {
				defer func() { done <- struct{}{} }()
				stale := ts.newClient(t)
				u, _ := url.Parse(ts.URL)
				stale.hc.Jar.SetCookies(u, []*http.Cookie{{Name: "docket_session", Value: token}})
				for i := range posts {
					req, _ := http.NewRequest(http.MethodPost, ts.URL+"/tasks", strings.NewReader(url.Values{"title": {fmt.Sprintf("w%d-%d", w, i)}}.Encode()))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					if res, err := stale.hc.Do(req); err == nil {
						res.Body.Close()
					}
				}
			}()
		}
		wantRedirect(t, c.postForm("/logout", nil), "/login")
		for range workers {
			<-done
		}
		if countSessions(t, ts, "token = ?", token) != 0 {
			survived++
		}
	}
	if survived > 0 {
		t.Errorf("the logged-out token survived %d of %d trials", survived, trials)
	}
}

// beforeSessionInsert is a query hook that runs an action once, just before
// the next session row is inserted: it holds a log-in between its password
// check and the storing of its session.
type beforeSessionInsert struct {
	action atomic.Pointer[func()]
}

func (b *beforeSessionInsert) BeforeQuery(ctx context.Context, e *bun.QueryEvent) context.Context {
	if strings.HasPrefix(strings.ReplaceAll(e.Query, `"`, ""), "INSERT INTO sessions") {
		if f := b.action.Swap(nil); f != nil {
			(*f)()
		}
	}
	return ctx
}

func (b *beforeSessionInsert) AfterQuery(context.Context, *bun.QueryEvent) {}

// A log-in whose password check passed before the password was changed
// gets no session: it answers as a wrong password would.
func TestLoginAcrossPasswordChange(t *testing.T) {
	const newPassword = "a brand new passphrase"
	tests := []struct {
		name string
		// change changes alice's password while a log-in is in flight; it
		// runs on the server's goroutine, so it reports what went wrong.
		change func(ts *testServer, owner *client, uid int64) error
	}{
		{"password change on the web", func(ts *testServer, owner *client, _ int64) error {
			res := owner.postForm("/account/password", url.Values{"current": {testPassword}, "new": {newPassword}})
			if res.StatusCode != http.StatusSeeOther {
				return fmt.Errorf("password change: status %d, want 303", res.StatusCode)
			}
			return nil
		}},
		{"password reset", func(ts *testServer, _ *client, uid int64) error {
			ctx := context.Background()
			if _, err := models.SetPassword(ctx, ts.db.Write, testPasswords, uid, newPassword); err != nil {
				return err
			}
			return models.DeleteUserSessions(ctx, ts.db.Write, uid, "")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hook := &beforeSessionInsert{}
			ts := newTestServer(t, func(c *handlers.Config) { c.DB.AddQueryHook(hook) })
			owner, uid := ts.signUp(t, "alice")
			changeErr := errors.New("the password was not changed during the log-in")
			change := func() { changeErr = tt.change(ts, owner, uid) }
			hook.action.Store(&change)

			thief := ts.newClient(t)
			res := thief.postForm("/login", url.Values{"username": {"alice"}, "password": {testPassword}})
			if changeErr != nil {
				t.Fatal(changeErr)
			}
			wantStatus(t, res, http.StatusUnprocessableEntity)
			wantText(t, res.doc(t), `[data-testid="form-error"]`, "That username and password do not match an account.")
			wantRedirect(t, thief.get("/tasks"), "/login")
			if n := countSessions(t, ts, "user_id = ?", uid); n > 1 {
				t.Errorf("%d sessions of alice, want at most the owner's", n)
			}
			ts.newClient(t).login("alice", newPassword)
		})
	}
}

// A new session refused because its user's sessions were all ended meanwhile
// leaves the browser signed out, not looking at a server error.
func TestRefusedNewSessionSignsOut(t *testing.T) {
	hook := &beforeSessionInsert{}
	ts := newTestServer(t, func(c *handlers.Config) { c.DB.AddQueryHook(hook) })
	var deleteErr error
	deleteAlice := func() {
		u, err := models.GetUserByUsername(context.Background(), ts.db.Read, "alice")
		if err == nil {
			err = models.DeleteUser(context.Background(), ts.db.Write, u.ID)
		}
		deleteErr = err
	}
	hook.action.Store(&deleteAlice)

	c := ts.newClient(t)
	res := c.postForm("/register", url.Values{"username": {"alice"}, "password": {testPassword}, "timezone": {"UTC"}})
	if deleteErr != nil {
		t.Fatal(deleteErr)
	}
	wantRedirect(t, res, "/tasks")
	wantRedirect(t, c.get("/tasks"), "/login")
	if n := countSessions(t, ts, "1 = 1"); n != 0 {
		t.Errorf("%d sessions stored, want none", n)
	}
}
