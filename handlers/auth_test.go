package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"docket/handlers"
	"docket/models"
)

func TestRegister(t *testing.T) {
	ts := newTestServer(t)
	c := ts.newClient(t)

	res := c.get("/register")
	wantStatus(t, res, http.StatusOK)
	wantCount(t, res.doc(t), `[data-testid="register-form"]`, 1)

	res = c.postForm("/register", url.Values{"username": {"  Alice "}, "password": {testPassword}, "timezone": {"Europe/Paris"}})
	wantRedirect(t, res, "/tasks")
	u, err := models.GetUserByUsername(context.Background(), ts.db.Read, "alice")
	if err != nil {
		t.Fatalf("user not stored under its lower-case name: %v", err)
	}
	if u.Timezone != "Europe/Paris" {
		t.Errorf("timezone = %q, want Europe/Paris", u.Timezone)
	}

	res = c.get("/tasks")
	wantStatus(t, res, http.StatusOK)
	doc := res.doc(t)
	wantText(t, doc, `[data-testid="alert"] span`, "Welcome to Docket, alice!")
	wantText(t, doc, `[data-testid="account-link"]`, "alice")

	// Signed in, the forms send the user on to the list.
	wantRedirect(t, c.get("/register"), "/tasks")
	wantRedirect(t, c.get("/login"), "/tasks")
	wantRedirect(t, c.get("/"), "/tasks")
}

func TestRegisterInvalid(t *testing.T) {
	ts := newTestServer(t)
	ts.signUp(t, "taken")
	tests := []struct {
		name, username, password string
		field, msg               string
	}{
		{"short username", "ab", testPassword, "username", "Use 3–32 letters, digits, _ . or -."},
		{"username with space", "a b c", testPassword, "username", "Use 3–32 letters, digits, _ . or -."},
		{"long username", strings.Repeat("a", 33), testPassword, "username", "Use 3–32 letters, digits, _ . or -."},
		{"short password", "bob", "1234567", "password", "Use at least 8 characters."},
		{"long password", "bob", strings.Repeat("p", 1025), "password", "Use at most 1024 characters."},
		{"duplicate", "taken", testPassword, "username", "That username is taken. Try another."},
		{"duplicate other case", "TAKEN", testPassword, "username", "That username is taken. Try another."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ts.newClient(t)
			res := c.postForm("/register", url.Values{"username": {tt.username}, "password": {tt.password}})
			wantStatus(t, res, http.StatusUnprocessableEntity)
			doc := res.doc(t)
			wantText(t, doc, `[data-testid="`+tt.field+`-error"]`, tt.msg)
			if got, _ := doc.Find("#username").Attr("value"); got != strings.ToLower(tt.username) {
				t.Errorf("username input = %q, want the submitted name kept", got)
			}
			if c.sessionToken() != "" {
				t.Error("a failed sign-up set a session cookie")
			}
			users, err := models.ListUsers(context.Background(), ts.db.Read)
			if err != nil {
				t.Fatal(err)
			}
			if len(users) != 1 {
				t.Errorf("%d users stored, want only the one signed up before", len(users))
			}
		})
	}
}

func TestRegistrationClosed(t *testing.T) {
	ts := newTestServer(t, func(cfg *handlers.Config) { cfg.RegistrationClosed = true })
	c := ts.newClient(t)

	res := c.get("/register")
	wantStatus(t, res, http.StatusOK)
	doc := res.doc(t)
	wantCount(t, doc, `[data-testid="registration-closed"]`, 1)
	wantCount(t, doc, `[data-testid="register-form"]`, 0)

	res = c.postForm("/register", url.Values{"username": {"mallory"}, "password": {testPassword}})
	wantStatus(t, res, http.StatusForbidden)
	wantCount(t, res.doc(t), `[data-testid="registration-closed"]`, 1)
	if ts.userExists(t, "mallory") {
		t.Error("closed registration stored a user")
	}
}

func TestLogin(t *testing.T) {
	ts := newTestServer(t)
	c, _ := ts.signUp(t, "alice")
	signedUp := c.sessionToken()

	wantRedirect(t, c.postForm("/logout", nil), "/login")
	res := c.get("/login")
	wantStatus(t, res, http.StatusOK)
	wantText(t, res.doc(t), `[data-testid="alert"] span`, "You have logged out.")
	anonymous := c.sessionToken()
	if anonymous == "" || anonymous == signedUp {
		t.Fatalf("after log-out the token is %q, want a new anonymous one", anonymous)
	}

	// Upper case and spaces: usernames are case-insensitive.
	c.login(" ALICE ", testPassword)
	loggedIn := c.sessionToken()
	if loggedIn == "" || loggedIn == anonymous {
		t.Fatalf("log-in kept token %q; it must issue a new one", loggedIn)
	}
	if _, found, err := models.FindSession(context.Background(), ts.db.Read, anonymous); err != nil || found {
		t.Errorf("pre-log-in session still stored (found=%v, err=%v)", found, err)
	}
	wantStatus(t, c.get("/tasks"), http.StatusOK)

	// Whoever held the pre-log-in token gains nothing.
	planted := ts.newClient(t)
	u, _ := url.Parse(ts.URL)
	planted.hc.Jar.SetCookies(u, []*http.Cookie{{Name: "docket_session", Value: anonymous}})
	wantRedirect(t, planted.get("/tasks"), "/login")
}

func TestLoginFailureMessageIsTheSame(t *testing.T) {
	ts := newTestServer(t)
	ts.signUp(t, "alice")
	var msgs []string
	for _, form := range []url.Values{
		{"username": {"alice"}, "password": {"wrong password"}},
		{"username": {"nobody"}, "password": {testPassword}},
		{"username": {"alice"}, "password": {strings.Repeat("x", 2000)}},
	} {
		c := ts.newClient(t)
		res := c.postForm("/login", form)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		doc := res.doc(t)
		wantCount(t, doc, `[data-testid="login-form"]`, 1)
		msgs = append(msgs, strings.TrimSpace(doc.Find(`[data-testid="form-error"]`).Text()))
		if got, _ := doc.Find("#username").Attr("value"); got != form.Get("username") {
			t.Errorf("username input = %q, want %q kept", got, form.Get("username"))
		}
	}
	for _, m := range msgs {
		if m != "That username and password do not match an account." {
			t.Errorf("failure messages = %q, want one message for every failure", msgs)
			break
		}
	}
}

func TestLogout(t *testing.T) {
	ts := newTestServer(t)
	c, _ := ts.signUp(t, "alice")
	old := c.sessionToken()

	res := c.postForm("/logout", nil)
	wantRedirect(t, res, "/login")
	if _, found, err := models.FindSession(context.Background(), ts.db.Read, old); err != nil || found {
		t.Fatalf("session still stored after log-out (found=%v, err=%v)", found, err)
	}
	wantRedirect(t, c.get("/tasks"), "/login")

	// A copy of the old cookie no longer works either.
	stolen := ts.newClient(t)
	u, _ := url.Parse(ts.URL)
	stolen.hc.Jar.SetCookies(u, []*http.Cookie{{Name: "docket_session", Value: old}})
	wantRedirect(t, stolen.get("/tasks"), "/login")
}
