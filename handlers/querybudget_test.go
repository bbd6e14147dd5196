package handlers

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// Statement budgets per request: a list costs the session, the tasks and
// the counts whatever the number of tasks; a change costs at most four.
const (
	listBudget     = 3
	mutationBudget = 4
)

func TestListQueryBudget(t *testing.T) {
	cases := []struct {
		name   string
		target string
		header func(http.Header) http.Header
	}{
		{"full page", "/tasks", nil},
		{"full page up to page 3", "/tasks?page=3&sort=priority", nil},
		{"filtered fragment", "/tasks?status=open&priority=high&sort=due", func(h http.Header) http.Header { return htmx(h, "task-list") }},
		{"search fragment", "/tasks?q=report&status=all", func(h http.Header) http.Header { return htmx(h, "task-list") }},
		{"load more", "/tasks?page=2&sort=title", func(h http.Header) http.Header { return htmx(h, "task-rows") }},
	}
	counts := map[string][]int{}
	for _, size := range []int{3, 400} {
		app := newTestApp(t, "")
		u := mustCreateUser(t, app.db, "alice")
		mustSeed(t, app.db, u.ID, size)
		other := mustCreateUser(t, app.db, "bob")
		mustSeed(t, app.db, other.ID, 50)
		cookie := app.login(t, "alice", "correct horse")
		for _, c := range cases {
			hd := cookie
			if c.header != nil {
				hd = c.header(cookie)
			}
			app.queries.reset()
			res := app.do(http.MethodGet, c.target, nil, hd)
			qs := app.queries.take()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s with %d tasks: status %d, want 200", c.name, size, res.StatusCode)
			}
			if len(qs) > listBudget {
				t.Errorf("%s with %d tasks: %d statements, budget %d:\n%s", c.name, size, len(qs), listBudget, strings.Join(qs, "\n"))
			}
			counts[c.name] = append(counts[c.name], len(qs))
		}
	}
	for name, n := range counts { // the same statements for 3 tasks as for 400: no N+1
		if n[0] != n[1] {
			t.Errorf("%s: %d statements with 3 tasks, %d with 400", name, n[0], n[1])
		}
	}
}

func TestMutationQueryBudget(t *testing.T) {
	app := newTestApp(t, "")
	u := mustCreateUser(t, app.db, "alice")
	mustSeed(t, app.db, u.ID, 40)
	cookie := app.login(t, "alice", "correct horse")
	rowView := htmx(cookie, "")
	rowView.Set("HX-Current-URL", "http://docket.test/tasks?status=open")
	detailView := htmx(cookie, "")
	detailView.Set("HX-Current-URL", "http://docket.test/tasks/2")
	form := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	task := func(id int, suffix string) string { return "/tasks/" + strconv.Itoa(id) + suffix }

	cases := []struct {
		name   string
		method string
		target string
		form   url.Values
		header http.Header
		status int
	}{
		{"create (htmx)", "POST", "/tasks", form("title", "Buy milk", "priority", "high", "due", "2026-12-01"), htmx(cookie, "task-rows"), 200},
		{"create (form)", "POST", "/tasks", form("title", "Buy bread"), cookie, 303},
		{"create invalid", "POST", "/tasks", form("title", ""), htmx(cookie, "task-rows"), 422},
		{"toggle row", "POST", task(1, "/toggle"), form(), rowView, 200},
		{"toggle detail", "POST", task(2, "/toggle"), form(), detailView, 200},
		{"toggle (form)", "POST", task(3, "/toggle"), form(), cookie, 303},
		{"inline title", "PATCH", task(4, ""), form("title", "Renamed"), rowView, 200},
		{"inline priority", "PATCH", task(5, ""), form("priority", "urgent", "status", "doing", "due", ""), rowView, 200},
		{"edit (form)", "POST", task(6, ""), form("title", "Renamed again", "description", "Notes"), cookie, 303},
		{"inline title invalid", "PATCH", task(7, ""), form("title", ""), rowView, 422},
		{"delete row", "DELETE", task(8, ""), nil, rowView, 200},
		{"delete (form)", "POST", task(9, "/delete"), form(), cookie, 303},
		{"time zone", "POST", "/account/timezone", form("timezone", "Europe/Paris"), cookie, 303},
		{"log in", "POST", "/login", form("username", "alice", "password", "correct horse"), http.Header{}, 303},
		{"log in, wrong password", "POST", "/login", form("username", "alice", "password", "wrong horse"), http.Header{}, 422},
		{"log in after a failure", "POST", "/login", form("username", "alice", "password", "correct horse"), http.Header{}, 303},
		{"sign up", "POST", "/register", form("username", "carol", "password", "long enough", "timezone", "UTC"), http.Header{}, 303},
		{"log out", "POST", "/logout", form(), cookie, 303},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app.queries.reset()
			res := app.do(c.method, c.target, c.form, c.header)
			qs := app.queries.take()
			if res.StatusCode != c.status {
				t.Fatalf("status %d, want %d", res.StatusCode, c.status)
			}
			if len(qs) > mutationBudget {
				t.Errorf("%d statements, budget %d:\n%s", len(qs), mutationBudget, strings.Join(qs, "\n"))
			}
		})
	}
}
