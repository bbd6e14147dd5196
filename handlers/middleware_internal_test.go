package handlers

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"docket/models"
)

func TestNewRequest(t *testing.T) {
	filtered := models.TaskFilter{Status: "done", Due: "any", Sort: "title", Page: 1}
	tests := []struct {
		name     string
		headers  map[string]string
		htmx     bool
		target   string
		page     string // the current page's path, "" for none
		taskPage bool
		view     models.TaskFilter
	}{
		{"plain", nil, false, "", "", false, models.DefaultTaskFilter()},
		{"htmx from the list", map[string]string{"HX-Request": "true", "HX-Target": "task-rows",
			"HX-Current-URL": "http://docket.test/tasks?status=done&sort=title&page=0"},
			true, "task-rows", "/tasks", false, filtered},
		{"htmx from a task", map[string]string{"HX-Request": "true", "HX-Current-URL": "http://docket.test/tasks/12"},
			true, "", "/tasks/12", true, models.DefaultTaskFilter()},
		{"htmx from an editor", map[string]string{"HX-Request": "true", "HX-Current-URL": "/tasks/12/edit?field=title"},
			true, "", "/tasks/12/edit", true, models.DefaultTaskFilter()},
		{"not a task id", map[string]string{"HX-Request": "true", "HX-Current-URL": "http://docket.test/tasks/x"},
			true, "", "/tasks/x", false, models.DefaultTaskFilter()},
		{"another page's filter is not the list's", map[string]string{"HX-Current-URL": "http://docket.test/account?status=done"},
			false, "", "/account", false, models.DefaultTaskFilter()},
		{"unreadable page", map[string]string{"HX-Request": "yes", "HX-Current-URL": "http://[::1"},
			false, "", "", false, models.DefaultTaskFilter()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/tasks", nil)
			for k, v := range tt.headers {
				r.Header.Set(k, v)
			}
			rq := newRequest(r)
			page := ""
			if rq.current != nil {
				page = rq.current.Path
			}
			if rq.htmx != tt.htmx || rq.target != tt.target || page != tt.page || rq.taskPage != tt.taskPage {
				t.Errorf("htmx %v, target %q, page %q, task page %v; want %v, %q, %q, %v",
					rq.htmx, rq.target, page, rq.taskPage, tt.htmx, tt.target, tt.page, tt.taskPage)
			}
			if diff := cmp.Diff(tt.view, rq.view); diff != "" {
				t.Errorf("view (-want +got):\n%s", diff)
			}
			if rq.user != nil || rq.loc != time.UTC {
				t.Errorf("signed out: user %+v, zone %v; want nil, UTC", rq.user, rq.loc)
			}
		})
	}
}

func TestSignIn(t *testing.T) {
	// 23:30 in London on 14 June is already 15 June in Auckland.
	now := time.Date(2026, 6, 14, 22, 30, 0, 0, time.UTC)
	tests := []struct {
		zone, today string
	}{
		{"Europe/London", "2026-06-14"},
		{"Pacific/Auckland", "2026-06-15"},
		{"America/Los_Angeles", "2026-06-14"},
		{"Not/AZone", "2026-06-14"},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/tasks", nil)
			rq := newRequest(r)
			r = r.WithContext(withRequest(r.Context(), rq))
			u := &User{ID: 7, Username: "alice", Timezone: tt.zone}
			rq.signIn(u, now)
			if got := currentUser(r); got != u {
				t.Errorf("currentUser = %+v, want %+v", got, u)
			}
			if got := rq.today.String(); got != tt.today {
				t.Errorf("today = %s, want %s", got, tt.today)
			}
			if want := models.LoadLocation(tt.zone); rq.loc.String() != want.String() {
				t.Errorf("zone = %v, want %v", rq.loc, want)
			}
		})
	}
}

func TestCurrentUserSignedOut(t *testing.T) {
	r := httptest.NewRequest("GET", "/tasks", nil)
	if u := currentUser(r); u != nil {
		t.Errorf("currentUser of a bare request = %+v, want nil", u)
	}
	r = r.WithContext(withRequest(r.Context(), newRequest(r)))
	if u := currentUser(r); u != nil {
		t.Errorf("currentUser before sign-in = %+v, want nil", u)
	}
}
