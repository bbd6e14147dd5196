package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"docket/handlers"
	"docket/models"
)

func TestRegister(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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

// After log-in the user lands on the page they first asked for, and only
// ever on a page of this site.
func TestLoginReturnsToRequestedPage(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.signUp(t, "alice")
	c := ts.newClient(t)
	res := c.get("/account?tab=password")
	wantRedirect(t, res, "/login?next=%2Faccount%3Ftab%3Dpassword")
	res = c.get(res.Header.Get("Location"))
	wantStatus(t, res, http.StatusOK)
	next, _ := res.doc(t).Find(`form[data-testid="login-form"] input[name="next"]`).Attr("value")
	if next != "/account?tab=password" {
		t.Fatalf("log-in form carries next %q, want /account?tab=password", next)
	}
	// A wrong password keeps it.
	res = c.postForm("/login", url.Values{"username": {"alice"}, "password": {"wrong password"}, "next": {next}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if got, _ := res.doc(t).Find(`input[name="next"]`).Attr("value"); got != next {
		t.Errorf("after a failure next = %q, want %q", got, next)
	}
	res = c.postForm("/login", url.Values{"username": {"alice"}, "password": {testPassword}, "next": {next}})
	wantRedirect(t, res, "/account?tab=password")
	// Signed in, the log-in page forwards there too.
	wantRedirect(t, c.get("/login?next=%2Faccount"), "/account")
}

func TestLoginRefusesOpenRedirects(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.signUp(t, "alice")
	for _, next := range []string{
		"//evil.example", "/\\evil.example", "\\\\evil.example", "/\\/evil.example", "https://evil.example/",
		"http:/evil.example", "evil.example", "javascript:alert(1)", "/\n/evil", "/\t/evil.example",
		" /tasks", "", "/" + strings.Repeat("a", 3000),
	} {
		t.Run(next, func(t *testing.T) {
			c := ts.newClient(t)
			res := c.get("/login?next=" + url.QueryEscape(next))
			wantStatus(t, res, http.StatusOK)
			wantCount(t, res.doc(t), `input[name="next"]`, 0)
			res = c.postForm("/login", url.Values{"username": {"alice"}, "password": {testPassword}, "next": {next}})
			wantRedirect(t, res, "/tasks")
		})
	}
}

// With registration closed nothing invites people to sign up.
func TestRegistrationClosedHidesInvitations(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, func(cfg *handlers.Config) { cfg.RegistrationClosed = true })
	c := ts.newClient(t)
	for _, path := range []string{"/login", "/register", "/no/such/page"} {
		res := c.get(path)
		if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusNotFound {
			t.Fatalf("GET %s: status %d", path, res.StatusCode)
		}
		doc := res.doc(t)
		wantCount(t, doc, `a[href="/register"]`, 0)
		wantCount(t, doc, `[data-testid="signup-invitation"]`, 0)
	}
	// Open registration still invites.
	open := newTestServer(t).newClient(t).get("/login")
	wantStatus(t, open, http.StatusOK)
	wantCount(t, open.doc(t), `[data-testid="signup-invitation"]`, 1)
}

// After a wrong password the cursor is back in the password field.
func TestLoginFailureFocusesPassword(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.signUp(t, "alice")
	c := ts.newClient(t)
	res := c.get("/login")
	wantStatus(t, res, http.StatusOK)
	wantCount(t, res.doc(t), `[autofocus]`, 0)
	res = c.postForm("/login", url.Values{"username": {"alice"}, "password": {"wrong password"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	doc := res.doc(t)
	wantCount(t, doc, `[autofocus]`, 1)
	wantCount(t, doc, `input#password[autofocus]`, 1)
}

// An htmx edit sent after the session ended is not thrown away: the page
// gets an alert, and the log-in link leads back to the page.
func TestSessionEndedDuringEdit(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	task := ts.addTask(t, uid, models.Task{Title: "Write report"})
	wantRedirect(t, c.postForm("/logout", nil), "/login")
	page := fmt.Sprintf("%s/tasks/%d", ts.URL, task.ID)
	res := c.htmx(http.MethodPatch, fmt.Sprintf("/tasks/%d", task.ID), url.Values{"title": {"Write the report"}}, "HX-Current-URL", page)
	wantStatus(t, res, http.StatusUnauthorized)
	if res.Header.Get("HX-Redirect") != "" {
		t.Error("HX-Redirect would navigate away from what the user typed")
	}
	wantAlert(t, res, "Your session ended — log in again in a new tab, then save here again. What you typed is still here.")
	href, _ := res.doc(t).Find(`[data-testid="session-ended-login"]`).Attr("href")
	if want := fmt.Sprintf("/login?next=%%2Ftasks%%2F%d", task.ID); href != want {
		t.Errorf("log-in link = %q, want %q", href, want)
	}
	// Another site's page is not a place to return to.
	res = c.htmx(http.MethodPatch, fmt.Sprintf("/tasks/%d", task.ID), url.Values{"title": {"x"}}, "HX-Current-URL", "https://evil.example/tasks/1")
	wantStatus(t, res, http.StatusUnauthorized)
	if href, _ := res.doc(t).Find(`[data-testid="session-ended-login"]`).Attr("href"); href != "/login" {
		t.Errorf("log-in link = %q, want /login", href)
	}
	if got := ts.task(t, uid, task.ID); got.Title != "Write report" {
		t.Errorf("title = %q, want it unchanged", got.Title)
	}
}

// A server configured without Passwords, as the serve command builds it,
// hashes at the real argon2id cost; the other tests use a cheap one.
func TestSignUpHashesAtRealCost(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, func(cfg *handlers.Config) { cfg.Passwords = models.Passwords{} })
	_, uid := ts.signUp(t, "alice")
	var hash string
	if err := ts.db.Read.QueryRowContext(t.Context(), "SELECT password_hash FROM users WHERE id = ?", uid).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if want := "$argon2id$v=19$m=19456,t=2,p=1$"; !strings.HasPrefix(hash, want) {
		t.Errorf("stored hash = %q, want prefix %q", hash, want)
	}
	ts.newClient(t).login("alice", testPassword)
}
