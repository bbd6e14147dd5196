package handlers

import (
	"net/http"
	"net/url"
	"testing"
)

func TestLoginThrottle(t *testing.T) {
	app := newTestApp(t, "")
	mustCreateUser(t, app.db, "alice")
	try := func(password string) int {
		return app.do(http.MethodPost, "/login", url.Values{"username": {"alice"}, "password": {password}}, nil).StatusCode
	}
	for i := range maxFailuresPerUser {
		if got := try("wrong horse"); got != http.StatusUnprocessableEntity {
			t.Fatalf("failure %d: status %d, want 422", i+1, got)
		}
	}
	if got := try("correct horse"); got != http.StatusTooManyRequests {
		t.Errorf("right password after %d failures: status %d, want 429", maxFailuresPerUser, got)
	}
}

func TestLoginClearsFailures(t *testing.T) {
	app := newTestApp(t, "")
	mustCreateUser(t, app.db, "alice")
	try := func(password string) int {
		return app.do(http.MethodPost, "/login", url.Values{"username": {"alice"}, "password": {password}}, nil).StatusCode
	}
	for range maxFailuresPerUser - 1 {
		if got := try("wrong horse"); got != http.StatusUnprocessableEntity {
			t.Fatalf("failure: status %d, want 422", got)
		}
	}
	if got := try("correct horse"); got != http.StatusSeeOther {
		t.Fatalf("right password: status %d, want 303", got)
	}
	// The success cleared the user's count, so more mistakes are allowed.
	for range maxFailuresPerUser - 1 {
		if got := try("wrong horse"); got != http.StatusUnprocessableEntity {
			t.Fatalf("failure after a success: status %d, want 422", got)
		}
	}
	if got := try("correct horse"); got != http.StatusSeeOther {
		t.Errorf("right password after the count was cleared: status %d, want 303", got)
	}
}
