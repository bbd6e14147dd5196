package handlers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"docket/models"
)

// Statement budgets per request, whatever the number of tasks. A list
// costs the session, the user's lists, labels and counts (the sidebar and
// the rows' chips), the tasks, and the rows' labels and subtask progress
// (models.LoadRowFacts; the parents' titles cost one more when a subtask
// is among the rows); a search one more, the probe that picks how the
// tasks are read (models/search.go). A change costs at most nine: the
// session, the change (in a transaction when it touches labels), whether
// the task still belongs in the view, the lists, labels and counts, and
// the row's facts.
const (
	listBudget     = 7
	searchBudget   = listBudget + 1
	mutationBudget = 9
)

func TestListQueryBudget(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		target   string
		hxTarget string // empty for a full page
	}{
		{"full page", "/tasks", ""},
		{"full page up to page 3", "/tasks?page=3&sort=priority", ""},
		{"filtered fragment", "/tasks?status=open&priority=high&sort=due", "task-list"},
		{"search fragment", "/tasks?q=report&status=all", "task-list"},
		{"search page", "/tasks?q=report&status=all", ""},
		{"load more", "/tasks?page=2&sort=title", "task-rows"},
		{"load more after a cursor", "/tasks?page=2&sort=title&after=" +
			models.NewCursor(models.TaskFilter{Sort: "title"}, models.Task{ID: 2, Title: "M"}).String(), "task-rows"},
	}
	counts := map[string][]int{}
	for _, size := range []int{3, 400} {
		ql := &queryLog{}
		ts := newTestServer(t, withQueryLog(ql))
		c := ts.newLocalClient(t)
		_, alice := ts.signUp(t, "alice")
		c.login("alice", testPassword) // a log-in, unlike a sign-up, leaves no message for the next page
		ts.seed(t, alice, size)
		_, bob := ts.signUp(t, "bob")
		ts.seed(t, bob, 50)
		for _, tc := range cases {
			var header []string
			if tc.hxTarget != "" {
				header = []string{"HX-Request", "true", "HX-Target", tc.hxTarget}
			}
			ql.reset()
			res := c.get(tc.target, header...)
			qs := ql.take()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s with %d tasks: status %d, want 200", tc.name, size, res.StatusCode)
			}
			budget := listBudget
			if strings.Contains(tc.target, "q=") {
				budget = searchBudget
			}
			if len(qs) > budget {
				t.Errorf("%s with %d tasks: %d statements, budget %d:\n%s", tc.name, size, len(qs), budget, strings.Join(qs, "\n"))
			}
			// Load more past the last of 3 tasks has no rows to load facts for.
			if strings.Contains(res.body, `data-testid="task-row"`) || !strings.Contains(tc.hxTarget, "rows") {
				counts[tc.name] = append(counts[tc.name], len(qs))
			}
		}
	}
	for name, n := range counts { // the same statements for 3 tasks as for 400: no N+1
		if len(n) == 2 && n[0] != n[1] {
			t.Errorf("%s: %d statements with 3 tasks, %d with 400", name, n[0], n[1])
		}
	}
}

func TestMutationQueryBudget(t *testing.T) {
	t.Parallel()
	ql := &queryLog{}
	ts := newTestServer(t, withQueryLog(ql))
	c := ts.newLocalClient(t)
	_, alice := ts.signUp(t, "alice")
	c.login("alice", testPassword) // a log-in, unlike a sign-up, leaves no message for the next page
	ts.seed(t, alice, 40)
	hx := func(target string) []string {
		h := []string{"HX-Request", "true"}
		if target != "" {
			h = append(h, "HX-Target", target)
		}
		return h
	}
	rowView := append(hx(""), "HX-Current-URL", ts.URL+"/tasks?status=open")
	detailView := append(hx(""), "HX-Current-URL", ts.URL+"/tasks/2")
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
		anon   bool // sent by a new browser without a session
		method string
		target string
		form   url.Values
		header []string
		status int
	}{
		{"create (htmx)", false, "POST", "/tasks", form("title", "Buy milk", "priority", "high", "due", "2026-12-01"), hx("task-rows"), 200},
		{"create (form)", false, "POST", "/tasks", form("title", "Buy bread"), nil, 303},
		{"create invalid", false, "POST", "/tasks", form("title", ""), hx("task-rows"), 422},
		{"toggle row", false, "POST", task(1, "/toggle"), form(), rowView, 200},
		{"toggle detail", false, "POST", task(2, "/toggle"), form(), detailView, 200},
		{"toggle (form)", false, "POST", task(3, "/toggle"), form(), nil, 303},
		{"inline title", false, "PATCH", task(4, ""), form("title", "Renamed"), rowView, 200},
		{"inline priority", false, "PATCH", task(5, ""), form("priority", "urgent", "status", "doing", "due", ""), rowView, 200},
		{"edit (form)", false, "POST", task(6, ""), form("title", "Renamed again", "description", "Notes"), nil, 303},
		{"inline title invalid", false, "PATCH", task(7, ""), form("title", ""), rowView, 422},
		{"delete row", false, "DELETE", task(8, ""), nil, rowView, 200},
		{"delete (form)", false, "POST", task(9, "/delete"), form(), nil, 303},
		{"time zone", false, "POST", "/account/timezone", form("timezone", "Europe/Paris"), nil, 303},
		{"log in", true, "POST", "/login", form("username", "alice", "password", testPassword), nil, 303},
		{"log in, wrong password", true, "POST", "/login", form("username", "alice", "password", "wrong horse"), nil, 422},
		{"log in after a failure", true, "POST", "/login", form("username", "alice", "password", testPassword), nil, 303},
		{"sign up", true, "POST", "/register", form("username", "carol", "password", "long enough", "timezone", "UTC"), nil, 303},
		{"log out", false, "POST", "/logout", form(), nil, 303},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sender := c
			if tc.anon {
				sender = ts.newLocalClient(t)
			}
			ql.reset()
			res := sender.request(tc.method, tc.target, tc.form, tc.header...)
			qs := ql.take()
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tc.status)
			}
			if len(qs) > mutationBudget {
				t.Errorf("%d statements, budget %d:\n%s", len(qs), mutationBudget, strings.Join(qs, "\n"))
			}
		})
	}
}
