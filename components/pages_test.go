package components_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"docket/components"
)

var signedOut = components.Page{Title: "Log in", AssetVersion: "v1"}

func TestErrorPage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		page     components.Page
		status   int
		msg      string
		linkText string
		linkHref string
	}{
		{"signed out 404", signedOut, 404, "There is no page at this address.", "Go to the start page", "/"},
		{"signed in 500", signedIn, 500, "Something went wrong.", "Back to your tasks", "/tasks"},
		{"signed in 429", signedIn, 429, "Slow down.", "Back to your tasks", "/tasks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := render(t, components.ErrorPage(tt.page, tt.status, tt.msg))
			wantText(t, doc, `[data-testid="error-page"] .error-code`, strconv.Itoa(tt.status))
			wantText(t, doc, `[data-testid="error-page"] h1`, tt.msg)
			wantText(t, doc, `[data-testid="error-page"] a`, tt.linkText)
			wantAttr(t, doc, `[data-testid="error-page"] a`, "href", tt.linkHref)
		})
	}
}

func TestAlert(t *testing.T) {
	t.Parallel()
	doc := render(t, components.Alert("Saved.", false))
	wantText(t, doc, `[data-testid="alert"] span`, "Saved.")
	wantCount(t, doc, `[data-testid="alert"][role]`, 0)
	wantCount(t, doc, `.alert-error`, 0)
	wantAttr(t, doc, ".alert-close", "aria-label", "Dismiss")

	doc = render(t, components.Alert("Not found.", true))
	wantAttr(t, doc, `[data-testid="alert"].alert-error`, "role", "alert")

	doc = render(t, components.AlertOOB("Task deleted."))
	wantAttr(t, doc, "#alerts", "data-hx-swap-oob", "true")
	wantText(t, doc, `#alerts [data-testid="alert"] span`, "Task deleted.")
}

func TestLoginPage(t *testing.T) {
	t.Parallel()
	doc := render(t, components.LoginPage(signedOut, components.AuthFormData{}))
	wantCount(t, doc, `form[data-testid="login-form"][action="/login"][method="post"]`, 1)
	wantCount(t, doc, `[data-testid="form-error"]`, 0)
	wantAttr(t, doc, "#password", "autocomplete", "current-password")

	f := components.AuthFormData{Username: "alice", Errors: components.FormErrors{
		"form":     "That username and password do not match an account.",
		"username": "Enter your username.",
	}}
	doc = render(t, components.LoginPage(signedOut, f))
	wantText(t, doc, `[data-testid="form-error"]`, "That username and password do not match an account.")
	wantAttr(t, doc, `[data-testid="form-error"]`, "role", "alert")
	wantAttr(t, doc, "#username", "value", "alice")
	wantAttr(t, doc, "#username", "aria-invalid", "true")
	wantAttr(t, doc, "#username", "aria-describedby", "username-error")
	wantText(t, doc, "#username-error", "Enter your username.")
	wantCount(t, doc, "#password[value]", 0) // a password is never echoed
}

// rejectedSignUp is a sign-up form sent back with an error on each field.
var rejectedSignUp = components.AuthFormData{Username: "a b", Errors: components.FormErrors{
	"username": "Use 3–32 letters, digits, _ . or -.",
	"password": "Use at least 8 characters.",
}}

func TestRegisterPage(t *testing.T) {
	t.Parallel()
	doc := render(t, components.RegisterPage(signedOut, components.AuthFormData{Timezone: "Europe/Paris"}))
	wantCount(t, doc, `form[data-testid="register-form"][action="/register"]`, 1)
	wantCount(t, doc, `[data-testid="registration-closed"]`, 0)
	wantAttr(t, doc, `input[name="timezone"]`, "value", "Europe/Paris")
	wantAttr(t, doc, "#password", "autocomplete", "new-password")

	doc = render(t, components.RegisterPage(signedOut, rejectedSignUp))
	wantText(t, doc, `[data-testid="username-error"]`, "Use 3–32 letters, digits, _ . or -.")
	wantText(t, doc, `[data-testid="password-error"]`, "Use at least 8 characters.")
	wantAttr(t, doc, "#username", "value", "a b")
	wantCount(t, doc, ".field.has-error", 2)

	closed := render(t, components.RegisterPage(signedOut, components.AuthFormData{Closed: true}))
	wantText(t, closed, `[data-testid="registration-closed"]`,
		"This Docket is not accepting new accounts. Ask its administrator to create one for you.")
	wantCount(t, closed, `[data-testid="register-form"]`, 0)
	wantCount(t, closed, "input", 0)
}

// TestRegisterPageErrorsAreAnnounced checks that a rejected field points at
// its message, as the log-in and task forms do.
func TestRegisterPageErrorsAreAnnounced(t *testing.T) {
	t.Parallel()
	doc := render(t, components.RegisterPage(signedOut, rejectedSignUp))
	for _, field := range []string{"username", "password"} {
		wantAttr(t, doc, "#"+field, "aria-invalid", "true")
		if ids := strings.Fields(doc.Find("#"+field).AttrOr("aria-describedby", "")); !slices.Contains(ids, field+"-error") {
			t.Errorf("#%s aria-describedby = %q, want it to name %s-error", field, ids, field)
		}
	}
}
