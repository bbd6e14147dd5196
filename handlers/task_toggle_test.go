package handlers_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"docket/models"
)

func TestTaskToggle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		done       bool   // the task's state before the toggle
		currentURL string // the list the user is looking at; "" for none
		wantRow    bool
	}{
		{"done, no current URL: default list", false, "", false},
		{"done, on open list", false, "/tasks?status=open", false},
		{"done, on default list", false, "/tasks", false},
		{"done, on all list", false, "/tasks?status=all", true},
		{"done, on done list", false, "/tasks?status=done", true},
		{"reopened, on done list", true, "/tasks?status=done", false},
		{"reopened, on open list", true, "/tasks?q=report", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t)
			c, uid := ts.signUp(t, "alice")
			status := models.StatusTodo
			if tt.done {
				status = models.StatusDone
			}
			task := ts.addTask(t, uid, models.Task{Title: "Write report", Status: status})
			var header []string
			if tt.currentURL != "" {
				header = []string{"HX-Current-URL", ts.URL + tt.currentURL}
			}
			res := c.htmx(http.MethodPost, fmt.Sprintf("/tasks/%d/toggle", task.ID), nil, header...)
			wantStatus(t, res, http.StatusOK)
			wantFragment(t, res)
			doc := res.doc(t)

			got := ts.task(t, uid, task.ID)
			if got.Done() == tt.done || got.CompletedAt.IsZero() == !tt.done {
				t.Fatalf("after toggle: status %v, completed %v; want the opposite of done=%v", got.Status, got.CompletedAt, tt.done)
			}
			wantSummary := "1 open task"
			if !tt.done {
				wantSummary = "0 open tasks"
			}
			wantText(t, doc, `#summary[data-hx-swap-oob="true"]`, wantSummary)

			row := doc.Find(fmt.Sprintf(`li#task-%d`, task.ID))
			if !tt.wantRow {
				if row.Length() != 0 {
					t.Errorf("the row was returned although it left the list:\n%s", res.body)
				}
				return
			}
			if row.Length() != 1 {
				t.Fatalf("no row for the task in:\n%s", res.body)
			}
			if row.HasClass("done") == tt.done {
				t.Errorf("row class %q, want done=%v", row.AttrOr("class", ""), !tt.done)
			}
			want := fmt.Sprint(!tt.done)
			if got := row.Find(`[data-testid="task-toggle"]`).AttrOr("aria-pressed", ""); got != want {
				t.Errorf("aria-pressed = %q, want %q", got, want)
			}
		})
	}
}

func TestTaskTogglePlainAndDetail(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	c.get("/tasks")
	task := ts.addTask(t, uid, models.Task{Title: "Write report"})
	path := fmt.Sprintf("/tasks/%d/toggle", task.ID)

	wantRedirect(t, c.postForm(path, url.Values{}, "Referer", ts.URL+"/tasks"), "/tasks")
	res := c.get("/tasks?status=done")
	wantStatus(t, res, http.StatusOK)
	doc := res.doc(t)
	wantText(t, doc, `[data-testid="alert"] span`, "Done: “Write report”.")
	if diff := cmp.Diff([]string{"Write report"}, rowTitles(doc)); diff != "" {
		t.Errorf("done list (-want +got):\n%s", diff)
	}

	res = c.htmx(http.MethodPost, path, nil, "HX-Current-URL", fmt.Sprintf("%s/tasks/%d", ts.URL, task.ID))
	wantStatus(t, res, http.StatusOK)
	wantFragment(t, res)
	doc = res.doc(t)
	wantCount(t, doc, `article[data-testid="task-detail"]:not(.done)`, 1)
	if ts.task(t, uid, task.ID).Done() {
		t.Error("second toggle did not reopen the task")
	}
}

func TestTaskDelete(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		send   func(c *client, id int64) *response
		verify func(t *testing.T, c *client, res *response)
	}{
		{"plain form", func(c *client, id int64) *response {
			return c.postForm(fmt.Sprintf("/tasks/%d/delete", id), url.Values{})
		}, func(t *testing.T, c *client, res *response) {
			wantRedirect(t, res, "/tasks")
			next := c.get("/tasks")
			wantStatus(t, next, http.StatusOK)
			doc := next.doc(t)
			wantText(t, doc, `[data-testid="alert"] span`, "Task deleted.")
			wantCount(t, doc, `[data-testid="task-row"]`, 1)
		}},
		{"htmx row", func(c *client, id int64) *response {
			return c.htmx(http.MethodDelete, fmt.Sprintf("/tasks/%d", id), nil)
		}, func(t *testing.T, c *client, res *response) {
			wantStatus(t, res, http.StatusOK)
			wantFragment(t, res)
			doc := res.doc(t)
			wantCount(t, doc, `[data-testid="task-row"]`, 0)
			wantText(t, doc, `#summary[data-hx-swap-oob="true"]`, "1 open task")
			wantText(t, doc, `#alerts[data-hx-swap-oob="true"] [data-testid="alert"] span`, "Task deleted.")
		}},
		{"htmx detail", func(c *client, id int64) *response {
			return c.htmx(http.MethodDelete, fmt.Sprintf("/tasks/%d", id), nil, "HX-Current-URL", fmt.Sprintf("http://docket.test/tasks/%d", id))
		}, func(t *testing.T, c *client, res *response) {
			wantStatus(t, res, http.StatusOK)
			if got := res.Header.Get("HX-Redirect"); got != "/tasks" {
				t.Errorf("HX-Redirect = %q, want /tasks", got)
			}
			next := c.get("/tasks")
			wantStatus(t, next, http.StatusOK)
			wantText(t, next.doc(t), `[data-testid="alert"] span`, "Task deleted.")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t)
			c, uid := ts.signUp(t, "alice")
			c.get("/tasks")
			task := ts.addTask(t, uid, models.Task{Title: "Write report"})
			ts.addTask(t, uid, models.Task{Title: "Keep me"})
			res := tt.send(c, task.ID)
			tt.verify(t, c, res)
			if _, err := models.GetTask(context.Background(), ts.db.Read, uid, task.ID); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("task still stored (err=%v)", err)
			}
			if n := ts.taskCount(t); n != 1 {
				t.Errorf("%d tasks stored, want the other one kept", n)
			}
			// Deleting it again is a 404.
			wantStatus(t, tt.send(c, task.ID), http.StatusNotFound)
		})
	}
}

func TestTaskDeleteConfirm(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	task := ts.addTask(t, uid, models.Task{Title: "Write report"})
	res := c.get(fmt.Sprintf("/tasks/%d/delete", task.ID))
	wantStatus(t, res, http.StatusOK)
	doc := res.doc(t)
	wantText(t, doc, `[data-testid="delete-confirm"] p`, "“Write report” will be deleted for good.")
	if got := doc.Find(`[data-testid="delete-confirm"] form`).AttrOr("action", ""); got != fmt.Sprintf("/tasks/%d/delete", task.ID) {
		t.Errorf("form action = %q", got)
	}
	ts.task(t, uid, task.ID) // asking deletes nothing
}

func TestTaskOfAnotherUser(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	_, aliceID := ts.signUp(t, "alice")
	bob, _ := ts.signUp(t, "bob")
	task := ts.addTask(t, aliceID, models.Task{Title: "Alice's secret", Description: "private"})
	before := ts.task(t, aliceID, task.ID)
	p := fmt.Sprintf("/tasks/%d", task.ID)
	tests := []struct {
		method, path string
		form         url.Values
	}{
		{http.MethodGet, p, nil},
		{http.MethodGet, p + "/edit?field=title", nil},
		{http.MethodPatch, p, url.Values{"title": {"pwned"}}},
		{http.MethodPatch, p, url.Values{"title": {""}}},
		{http.MethodPost, p, url.Values{"status": {"done"}}},
		{http.MethodPost, p + "/toggle", url.Values{}},
		{http.MethodGet, p + "/delete", nil},
		{http.MethodPost, p + "/delete", url.Values{}},
		{http.MethodDelete, p, nil},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			res := bob.request(tt.method, tt.path, tt.form)
			wantStatus(t, res, http.StatusNotFound)
			if doc := res.doc(t); doc.Find(`[data-testid="error-page"]`).Length() != 1 {
				t.Errorf("no error page in:\n%s", res.body)
			}
			res = bob.htmx(tt.method, tt.path, tt.form)
			wantStatus(t, res, http.StatusNotFound)
			wantAlert(t, res, "Not found. It may have been deleted.")
			if diff := cmp.Diff(before, ts.task(t, aliceID, task.ID), unchanged); diff != "" {
				t.Errorf("bob changed alice's task (-before +after):\n%s", diff)
			}
		})
	}
}

func TestTaskBadID(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, _ := ts.signUp(t, "alice")
	for _, path := range []string{"/tasks/0", "/tasks/-1", "/tasks/abc", "/tasks/99999999999999999999", "/tasks/12345/edit"} {
		res := c.get(path)
		wantStatus(t, res, http.StatusNotFound)
		wantCount(t, res.doc(t), `[data-testid="error-page"]`, 1)
	}
}
