package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"docket/models"
)

func TestAccountPage(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.newClient(t)
	res := c.postForm("/register", url.Values{"username": {"alice"}, "password": {testPassword}, "timezone": {"Asia/Tokyo"}})
	wantRedirect(t, res, "/tasks")

	res = c.get("/account")
	wantStatus(t, res, http.StatusOK)
	doc := res.doc(t)
	wantText(t, doc, "main p.muted strong", "alice")
	wantText(t, doc, "#timezone option[selected]", "Asia/Tokyo")
	wantCount(t, doc, "#timezone option", len(models.Timezones))
	for _, form := range []string{"timezone-form", "password-form", "delete-account-form"} {
		wantCount(t, doc, `form[data-testid="`+form+`"]`, 1)
	}
}

func TestAccountTimezone(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	// 20:00 in London is already the next morning in Auckland.
	ts.clock.set(time.Date(2026, 6, 15, 20, 0, 0, 0, time.UTC))
	ts.addTask(t, uid, models.Task{Title: "Pay rent", Due: date(t, "2026-06-16")})
	due := `[data-testid="task-row"] [data-testid="task-due"]`

	res := c.get("/tasks")
	wantStatus(t, res, http.StatusOK)
	wantText(t, res.doc(t), due, "Tomorrow")

	for _, bad := range []string{"", "Mars/Olympus_Mons", "Local", "utc"} {
		res = c.postForm("/account/timezone", url.Values{"timezone": {bad}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantText(t, res.doc(t), `[data-testid="timezone-error"]`, "Choose a time zone from the list.")
	}
	if u, err := models.GetUserByUsername(context.Background(), ts.db.Read, "alice"); err != nil || u.Timezone != "UTC" {
		t.Fatalf("after rejected changes timezone = %v (err %v), want UTC", u, err)
	}

	res = c.postForm("/account/timezone", url.Values{"timezone": {"Pacific/Auckland"}})
	wantRedirect(t, res, "/account")
	res = c.get("/account")
	wantStatus(t, res, http.StatusOK)
	doc := res.doc(t)
	wantText(t, doc, `[data-testid="alert"] span`, "Time zone set to Pacific/Auckland.")
	wantText(t, doc, "#timezone option[selected]", "Pacific/Auckland")
	if u, err := models.GetUserByUsername(context.Background(), ts.db.Read, "alice"); err != nil || u.Timezone != "Pacific/Auckland" {
		t.Fatalf("stored timezone = %v (err %v), want Pacific/Auckland", u, err)
	}

	// "Today" now follows the new zone, in this session at once.
	res = c.get("/tasks")
	wantStatus(t, res, http.StatusOK)
	doc = res.doc(t)
	wantText(t, doc, due, "Today")
	wantText(t, doc, "#summary", "1 open task · 1 due today")
}

func TestAccountPassword(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, _ := ts.signUp(t, "alice")
	other := ts.newClient(t)
	other.login("alice", testPassword)
	const next = "a brand new secret"

	tests := []struct {
		name, current, new, field, msg string
	}{
		{"wrong current", "not my password", next, "current", "That is not your current password."},
		{"empty current", "", next, "current", "That is not your current password."},
		{"short new", testPassword, "short", "new", "Use at least 8 characters."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.postForm("/account/password", url.Values{"current": {tt.current}, "new": {tt.new}})
			wantStatus(t, res, http.StatusUnprocessableEntity)
			wantText(t, res.doc(t), `[data-testid="`+tt.field+`-error"]`, tt.msg)
			wantStatus(t, other.get("/tasks"), http.StatusOK) // nobody was signed out
		})
	}
	ts.newClient(t).login("alice", testPassword) // and the password still works

	before := c.sessionToken()
	res := c.postForm("/account/password", url.Values{"current": {testPassword}, "new": {next}})
	wantRedirect(t, res, "/account")
	if c.sessionToken() == before {
		t.Error("the session token was not renewed")
	}
	res = c.get("/account")
	wantStatus(t, res, http.StatusOK)
	wantText(t, res.doc(t), `[data-testid="alert"] span`, "Password changed. Other devices have been signed out.")

	wantRedirect(t, other.get("/tasks"), "/login")

	res = ts.newClient(t).postForm("/login", url.Values{"username": {"alice"}, "password": {testPassword}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	ts.newClient(t).login("alice", next)
	wantStatus(t, c.get("/tasks"), http.StatusOK) // still signed in here
}

func TestAccountDelete(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, aliceID := ts.signUp(t, "alice")
	other := ts.newClient(t)
	other.login("alice", testPassword)
	_, bobID := ts.signUp(t, "bob")
	ts.addTask(t, aliceID, models.Task{Title: "Alice one"})
	ts.addTask(t, aliceID, models.Task{Title: "Alice two"})
	bobTask := ts.addTask(t, bobID, models.Task{Title: "Bob's"})

	res := c.postForm("/account/delete", url.Values{"password": {"wrong password"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantText(t, res.doc(t), `[data-testid="delete-password-error"]`, "That is not your password. Your account was not deleted.")
	if !ts.userExists(t, "alice") || ts.taskCount(t) != 3 {
		t.Fatal("a rejected deletion removed data")
	}

	res = c.postForm("/account/delete", url.Values{"password": {testPassword}})
	wantRedirect(t, res, "/register")
	res = c.get("/register")
	wantStatus(t, res, http.StatusOK)
	wantText(t, res.doc(t), `[data-testid="alert"] span`, "Your account and all its tasks have been deleted.")

	if ts.userExists(t, "alice") {
		t.Error("alice is still stored")
	}
	if n := ts.taskCount(t); n != 1 {
		t.Errorf("%d tasks stored, want only bob's", n)
	}
	ts.task(t, bobID, bobTask.ID)
	wantRedirect(t, c.get("/tasks"), "/login")
	wantRedirect(t, other.get("/tasks"), "/login")

	// The name is free again.
	ts.newClient(t).register("alice", "another password")
}

// A refused account form comes back with the focus on the field at fault,
// which the browser scrolls into view, without JavaScript.
func TestAccountErrorTakesFocus(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, _ := ts.signUp(t, "alice")
	tests := []struct {
		name  string
		send  func() *response
		field string // id of the field that must be focused
	}{
		{"wrong password on delete", func() *response {
			return c.postForm("/account/delete", url.Values{"password": {"wrong password"}})
		}, "delete-password"},
		{"wrong current password", func() *response {
			return c.postForm("/account/password", url.Values{"current": {"wrong"}, "new": {"a long new secret"}})
		}, "current"},
		{"short new password", func() *response {
			return c.postForm("/account/password", url.Values{"current": {testPassword}, "new": {"short"}})
		}, "new"},
		{"unknown time zone", func() *response {
			return c.postForm("/account/timezone", url.Values{"timezone": {"Mars/Olympus"}})
		}, "timezone"},
		{"bad import", func() *response { return c.upload("tasks.json", "not json") }, "import-file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.send()
			wantStatus(t, res, http.StatusUnprocessableEntity)
			doc := res.doc(t)
			wantCount(t, doc, "[autofocus]", 1)
			wantCount(t, doc, "#"+tt.field+"[autofocus][aria-invalid=true]", 1)
		})
	}
	res := c.get("/account")
	wantStatus(t, res, http.StatusOK)
	wantCount(t, res.doc(t), "[autofocus]", 0)
}
