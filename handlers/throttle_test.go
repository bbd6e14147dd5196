package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"docket/models"
)

// from is the header that makes a test request come from address ip: the
// test server trusts X-Forwarded-For from its loopback peer, as from a proxy.
func from(ip string) []string { return []string{"X-Forwarded-For", ip} }

// failLogins sends n wrong passwords for username, from address ip, each
// expected to answer 422.
func failLogins(t *testing.T, ts *testServer, username, ip string, n int) {
	t.Helper()
	bad := url.Values{"username": {username}, "password": {"wrong password"}}
	for i := range n {
		if res := ts.newClient(t).postForm("/login", bad, from(ip)...); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("failure %d from %s: status %d, want 422", i+1, ip, res.StatusCode)
		}
	}
}

// loginFrom tries the right password for alice from ip.
func loginFrom(t *testing.T, ts *testServer, ip string) *response {
	t.Helper()
	return ts.newClient(t).postForm("/login", url.Values{"username": {"alice"}, "password": {testPassword}}, from(ip)...)
}

func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// fail runs the failures before the log-in.
		fail func(t *testing.T, ts *testServer)
		ip   string
		want int
	}{
		{"ten failures from ten addresses do not lock the owner out", func(t *testing.T, ts *testServer) {
			for i := range 10 {
				failLogins(t, ts, "alice", fmt.Sprintf("203.0.113.%d", i+1), 1)
			}
		}, "198.51.100.7", http.StatusSeeOther},
		{"a distributed attack leaves a clean address in", func(t *testing.T, ts *testServer) {
			for i := range 30 {
				failLogins(t, ts, "alice", fmt.Sprintf("203.0.113.%d", i+1), 1)
			}
		}, "198.51.100.7", http.StatusSeeOther},
		{"during a distributed attack a failing address waits", func(t *testing.T, ts *testServer) {
			for i := range 30 {
				failLogins(t, ts, "alice", fmt.Sprintf("203.0.113.%d", i+1), 1)
			}
		}, "203.0.113.1", http.StatusTooManyRequests},
		{"one address guessing one account waits", func(t *testing.T, ts *testServer) {
			failLogins(t, ts, "alice", "203.0.113.1", 5)
		}, "203.0.113.1", http.StatusTooManyRequests},
		{"while another address gets in", func(t *testing.T, ts *testServer) {
			failLogins(t, ts, "alice", "203.0.113.1", 5)
		}, "198.51.100.7", http.StatusSeeOther},
		{"four failures leave the address in", func(t *testing.T, ts *testServer) {
			failLogins(t, ts, "alice", "203.0.113.1", 4)
		}, "203.0.113.1", http.StatusSeeOther},
		{"one address guessing many accounts waits", func(t *testing.T, ts *testServer) {
			for i := range 50 {
				failLogins(t, ts, fmt.Sprintf("user%02d", i), "203.0.113.1", 1)
			}
		}, "203.0.113.1", http.StatusTooManyRequests},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t)
			ts.signUp(t, "alice")
			tt.fail(t, ts)
			res := loginFrom(t, ts, tt.ip)
			wantStatus(t, res, tt.want)
			if tt.want == http.StatusTooManyRequests {
				wantText(t, res.doc(t), `[data-testid="form-error"]`, "Too many failed log-ins. Wait 15 minutes, then try again.")
				// Once the window has passed, the address may try again.
				ts.clock.set(testNow.Add(models.LoginWindow + time.Minute))
				wantStatus(t, loginFrom(t, ts, tt.ip), http.StatusSeeOther)
			}
		})
	}
}

// A success forgets the address's failures on the account, so a user who
// mistypes now and then never reaches the limit.
func TestLoginClearsFailures(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.signUp(t, "alice")
	for range 3 {
		failLogins(t, ts, "alice", "203.0.113.1", 4)
		wantStatus(t, loginFrom(t, ts, "203.0.113.1"), http.StatusSeeOther)
	}
}

// Hostile usernames are not stored: what a failure keeps is a few short rows.
func TestLoginFailureStoresShortKeys(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	for _, name := range []string{strings.Repeat("a", 1<<19), strings.Repeat("é", 40), "alice"} {
		res := ts.newClient(t).postForm("/login", url.Values{"username": {name}, "password": {"wrong password"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
	}
	var longest int
	if err := ts.db.Read.NewRaw("SELECT coalesce(max(length(key)), 0) FROM login_failures").Scan(t.Context(), &longest); err != nil {
		t.Fatal(err)
	}
	if longest > 128 {
		t.Errorf("longest stored throttle key has %d characters, want at most 128", longest)
	}
}

// The account page's password checks count as log-ins do: a stolen session
// cannot guess the password without limit.
func TestAccountPasswordChecksThrottled(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path, field, msg string
		form             func(password string) url.Values
	}{
		{"/account/password", "current", "Too many wrong passwords. Wait 15 minutes, then try again.", func(p string) url.Values {
			return url.Values{"current": {p}, "new": {"a brand new secret"}}
		}},
		{"/account/delete", "delete-password", "Too many wrong passwords. Wait 15 minutes, then try again. Your account was not deleted.", func(p string) url.Values {
			return url.Values{"password": {p}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t)
			c, _ := ts.signUp(t, "alice")
			for i := range 5 {
				res := c.postForm(tt.path, tt.form(fmt.Sprintf("guess %d", i)))
				wantStatus(t, res, http.StatusUnprocessableEntity)
			}
			// Refused even with the right password, and nothing changes.
			res := c.postForm(tt.path, tt.form(testPassword))
			wantStatus(t, res, http.StatusTooManyRequests)
			wantText(t, res.doc(t), `[data-testid="`+tt.field+`-error"]`, tt.msg)
			if !ts.userExists(t, "alice") {
				t.Fatal("a throttled deletion removed the account")
			}
			wantStatus(t, loginFrom(t, ts, "198.51.100.7"), http.StatusSeeOther) // the password did not change
		})
	}
}

func TestNewPasswordMustDiffer(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, _ := ts.signUp(t, "alice")
	res := c.postForm("/account/password", url.Values{"current": {testPassword}, "new": {testPassword}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantText(t, res.doc(t), `[data-testid="new-error"]`, "The new password is the same as the current one. Choose a different one.")
	wantStatus(t, c.get("/tasks"), http.StatusOK)
}
