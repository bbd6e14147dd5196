package handlers_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"docket/models"
)

func TestTaskShow(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	task := ts.addTask(t, uid, models.Task{Title: "Write report", Description: "Q2 numbers"})
	path := fmt.Sprintf("/tasks/%d", task.ID)

	res := c.get(path)
	wantStatus(t, res, http.StatusOK)
	doc := res.doc(t)
	wantText(t, doc, "title", "Write report · Docket")
	wantText(t, doc, `[data-testid="task-detail"] [data-testid="task-description"]`, "Q2 numbers")

	res = c.htmx(http.MethodGet, path, nil, "HX-Current-URL", ts.URL+path)
	wantStatus(t, res, http.StatusOK)
	wantFragment(t, res)
	wantCount(t, res.doc(t), `article#detail-`+fmt.Sprint(task.ID)+`[data-testid="task-detail"]`, 1)

	res = c.htmx(http.MethodGet, path, nil, "HX-Current-URL", ts.URL+"/tasks")
	wantStatus(t, res, http.StatusOK)
	wantFragment(t, res)
	wantText(t, res.doc(t), `li[data-testid="task-row"] [data-testid="task-title"]`, "Write report")
}

// An htmx request gets the task as its own page shows it when sent from
// that page (or its editor), as a list row from anywhere else, and in the
// task panel when it asks for the panel.
func TestTaskShowShapeFollowsPage(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	task := ts.addTask(t, uid, models.Task{Title: "Write report"})
	path := fmt.Sprintf("/tasks/%d", task.ID)
	tests := []struct {
		name, page, target string
		want               string
	}{
		{"task page", path, "", "detail"},
		{"editor page", path + "/edit?field=description", "", "detail"},
		{"list", "/tasks?status=open", "", "row"},
		{"home", "/", "", "row"},
		{"not a task", "/tasks/new", "", "row"},
		{"no page reported", "", "", "row"},
		{"panel from a list", "/today", "task-panel", "panel"},
		{"panel from a filtered list", "/tasks?priority=high", "task-panel", "panel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var header []string
			if tt.page != "" {
				header = []string{"HX-Current-URL", ts.URL + tt.page}
			}
			if tt.target != "" {
				header = append(header, "HX-Target", tt.target)
			}
			res := c.htmx(http.MethodGet, path, nil, header...)
			wantStatus(t, res, http.StatusOK)
			wantFragment(t, res)
			doc := res.doc(t)
			switch tt.want {
			case "row":
				wantCount(t, doc, `li[data-testid="task-row"]`, 1)
				wantCount(t, doc, `article`, 0)
			case "detail":
				wantCount(t, doc, `article[data-testid="task-detail"]`, 1)
				wantCount(t, doc, `li[data-testid="task-row"], [data-testid="panel-close"]`, 0)
			case "panel":
				wantCount(t, doc, `article[data-testid="task-detail"] [data-testid="subtask-add"]`, 1)
				// Close goes back to the list the panel was opened from.
				wantAttr(t, doc, `[data-testid="panel-close"]`, "href", tt.page)
				wantAttr(t, doc, `[data-testid="panel-page"]`, "href", path)
			}
		})
	}
}

func TestTaskEditForm(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	task := ts.addTask(t, uid, models.Task{Title: "Write report", Description: "Q2 numbers"})
	base := fmt.Sprintf("/tasks/%d/edit", task.ID)

	page := fmt.Sprintf("/tasks/%d", task.ID)
	res := c.htmx(http.MethodGet, base+"?field=title", nil, "HX-Current-URL", ts.URL+page)
	wantStatus(t, res, http.StatusOK)
	wantFragment(t, res)
	doc := res.doc(t)
	detail := doc.Find(`article[data-testid="task-detail"]`)
	if detail.Length() != 1 {
		t.Fatalf("want the detail, got:\n%s", res.body)
	}
	if v, _ := detail.Find(`[data-testid="title-editor"] input[name="title"]`).Attr("value"); v != "Write report" {
		t.Errorf("editor holds %q, want the current title", v)
	}
	wantCount(t, doc, `[data-testid="task-title"]`, 0)

	res = c.htmx(http.MethodGet, base+"?field=description", nil, "HX-Current-URL", ts.URL+base+"?field=title")
	wantStatus(t, res, http.StatusOK)
	wantFragment(t, res)
	wantText(t, res.doc(t), `[data-testid="task-detail"] [data-testid="description-editor"] textarea`, "Q2 numbers")

	// The labels editor opens under the task's chips, in place of its button.
	res = c.htmx(http.MethodGet, base+"?field=labels", nil, "HX-Current-URL", ts.URL+page)
	wantStatus(t, res, http.StatusOK)
	doc = res.doc(t)
	wantCount(t, doc, `article[data-testid="task-detail"] [data-testid="labels-editor"] input[name="labels"]`, 1)
	wantCount(t, doc, `[data-testid="title-editor"]`, 0)
	wantCount(t, doc, `[data-testid="edit-labels"]`, 0)

	// Without JavaScript the editor comes inside the task page.
	res = c.get(base + "?field=title")
	wantStatus(t, res, http.StatusOK)
	doc = res.doc(t)
	wantCount(t, doc, "html main article [data-testid=\"title-editor\"]", 1)
}

// unchanged compares stored tasks field by field.
var unchanged = cmp.Options{cmpopts.IgnoreFields(models.Task{}, "BaseModel"), cmpopts.EquateComparable(models.Date{})}

func TestTaskUpdate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		method string
		htmx   bool
		detail bool // sent from the task's own page rather than the list
		form   url.Values
		check  func(t *testing.T, got *models.Task, doc *response)
	}{
		{"title by PATCH", http.MethodPatch, true, false, url.Values{"title": {" Renamed "}},
			func(t *testing.T, got *models.Task, res *response) {
				if got.Title != "Renamed" {
					t.Errorf("title = %q, want Renamed", got.Title)
				}
				doc := res.doc(t)
				wantText(t, doc, `li [data-testid="task-title"]`, "Renamed")
				wantText(t, doc, `#summary[data-hx-swap-oob="true"]`, "1 open task")
			}},
		{"title by htmx POST", http.MethodPost, true, false, url.Values{"title": {"Renamed"}},
			func(t *testing.T, got *models.Task, res *response) {
				if got.Title != "Renamed" {
					t.Errorf("title = %q, want Renamed", got.Title)
				}
				wantText(t, res.doc(t), `li [data-testid="task-title"]`, "Renamed")
			}},
		{"description", http.MethodPatch, true, true, url.Values{"description": {"line one\r\nline two  \r\n"}},
			func(t *testing.T, got *models.Task, res *response) {
				if got.Description != "line one\nline two" {
					t.Errorf("description = %q, want CRLF normalised and trailing space trimmed", got.Description)
				}
				wantText(t, res.doc(t), `article [data-testid="task-description"]`, "line one line two")
			}},
		{"priority status due", http.MethodPatch, true, false, url.Values{"priority": {"urgent"}, "status": {"doing"}, "due": {"2026-06-14"}},
			func(t *testing.T, got *models.Task, res *response) {
				if got.Priority != models.PriorityUrgent || got.Status != models.StatusDoing || got.Due.String() != "2026-06-14" {
					t.Errorf("stored %v %v %v, want urgent doing 2026-06-14", got.Priority, got.Status, got.Due)
				}
				doc := res.doc(t)
				wantText(t, doc, `li.overdue [data-testid="task-due"]`, "1 day overdue")
				wantText(t, doc, `li [data-testid="task-priority"]`, "Urgent")
				wantText(t, doc, `#summary`, "1 open task · 1 overdue")
			}},
		{"status done", http.MethodPatch, true, false, url.Values{"status": {"done"}},
			func(t *testing.T, got *models.Task, res *response) {
				if !got.Done() || got.CompletedAt.IsZero() {
					t.Errorf("status %v completed %v, want done with a completion time", got.Status, got.CompletedAt)
				}
				// Done tasks leave the default (open) list the row is on.
				doc := res.doc(t)
				wantCount(t, doc, `li[data-testid="task-row"]`, 0)
				wantText(t, doc, `#summary`, "0 open tasks")
			}},
		{"due in words from the row menu", http.MethodPost, true, false, url.Values{"due": {"  in 3 days "}},
			func(t *testing.T, got *models.Task, res *response) {
				today := models.DateOf(testNow)
				if want := today.AddDays(3); got.Due != want {
					t.Errorf("due = %v, want %v", got.Due, want)
				}
				wantText(t, res.doc(t), `li [data-testid="task-due"]`, today.AddDays(3).Time().Format("Mon"))
			}},
		{"clear due", http.MethodPatch, true, false, url.Values{"due": {""}},
			func(t *testing.T, got *models.Task, res *response) {
				if !got.Due.IsZero() {
					t.Errorf("due = %v, want none", got.Due)
				}
				wantCount(t, res.doc(t), `[data-testid="task-due"]`, 0)
			}},
		{"plain form", http.MethodPost, false, false, url.Values{"title": {"Renamed"}, "priority": {"low"}},
			func(t *testing.T, got *models.Task, res *response) {
				if got.Title != "Renamed" || got.Priority != models.PriorityLow {
					t.Errorf("stored %q %v, want Renamed low", got.Title, got.Priority)
				}
				wantRedirect(t, res, fmt.Sprintf("/tasks/%d", got.ID))
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t)
			c, uid := ts.signUp(t, "alice")
			task := ts.addTask(t, uid, models.Task{Title: "Write report", Due: date(t, "2026-06-20")})
			path := fmt.Sprintf("/tasks/%d", task.ID)
			var res *response
			if tt.htmx {
				res = c.htmx(tt.method, path, tt.form, "HX-Current-URL", ts.URL+fromPage(tt.detail, path))
				wantStatus(t, res, http.StatusOK)
				wantFragment(t, res)
			} else {
				res = c.request(tt.method, path, tt.form)
				wantStatus(t, res, http.StatusSeeOther)
			}
			tt.check(t, ts.task(t, uid, task.ID), res)
		})
	}
}

func TestTaskUpdateFlashAndReturn(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	c.get("/tasks")
	task := ts.addTask(t, uid, models.Task{Title: "Write report"})
	res := c.postForm(fmt.Sprintf("/tasks/%d", task.ID), url.Values{"status": {"doing"}},
		"Referer", ts.URL+"/tasks?status=doing")
	wantRedirect(t, res, "/tasks?status=doing")
	res = c.get("/tasks?status=doing")
	wantStatus(t, res, http.StatusOK)
	doc := res.doc(t)
	wantText(t, doc, `[data-testid="alert"] span`, "Saved.")
	if diff := cmp.Diff([]string{"Write report"}, rowTitles(doc)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestTaskUpdateInvalid(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 201)
	tests := []struct {
		name   string
		htmx   bool
		detail bool // sent from the task's own page rather than the list
		form   url.Values
		check  func(t *testing.T, res *response)
	}{
		{"empty title from a list", true, false, url.Values{"title": {"  "}}, func(t *testing.T, res *response) {
			wantAlert(t, res, "Give the task a title.")
		}},
		{"empty title in detail", true, true, url.Values{"title": {"  "}}, func(t *testing.T, res *response) {
			doc := res.doc(t)
			wantText(t, doc, `article [data-testid="title-editor"] [data-testid="title-error"]`, "Give the task a title.")
			input := doc.Find(`[data-testid="title-editor"] input[name="title"]`)
			if v, _ := input.Attr("value"); v != "  " {
				t.Errorf("editor holds %q, want the rejected input", v)
			}
			if v, _ := input.Attr("aria-invalid"); v != "true" {
				t.Errorf("aria-invalid = %q, want true", v)
			}
		}},
		{"long title in detail", true, true, url.Values{"title": {long}}, func(t *testing.T, res *response) {
			doc := res.doc(t)
			wantText(t, doc, `article [data-testid="title-error"]`, "Keep the title under 200 characters.")
			if v, _ := doc.Find(`[data-testid="title-editor"] input[name="title"]`).Attr("value"); v != long {
				t.Errorf("editor holds %q, want the rejected input", v)
			}
		}},
		{"long notes", true, true, url.Values{"description": {strings.Repeat("n", 10001)}}, func(t *testing.T, res *response) {
			doc := res.doc(t)
			wantText(t, doc, `[data-testid="description-editor"] [data-testid="description-error"]`, "Keep the notes under 10 000 characters.")
			if got := doc.Find("textarea").Text(); len(got) != 10001 {
				t.Errorf("textarea holds %d characters, want the rejected 10001", len(got))
			}
		}},
		{"bad priority with good title", true, false, url.Values{"title": {"Renamed"}, "priority": {"extreme"}}, func(t *testing.T, res *response) {
			wantAlert(t, res, "Choose a priority from the list.")
		}},
		{"bad status", true, false, url.Values{"status": {"later"}}, func(t *testing.T, res *response) {
			wantAlert(t, res, "Choose a status from the list.")
		}},
		{"bad due", true, false, url.Values{"due": {"31/12/2026"}}, func(t *testing.T, res *response) {
			wantAlert(t, res, "Enter a day such as “fri”, “12 Dec” or 2026-12-12.")
		}},
		{"bad due in detail", true, true, url.Values{"due": {"someday"}}, func(t *testing.T, res *response) {
			wantAlert(t, res, "Enter a day such as “fri”, “12 Dec” or 2026-12-12.")
		}},
		{"plain form", false, false, url.Values{"title": {""}}, func(t *testing.T, res *response) {
			doc := res.doc(t)
			wantCount(t, doc, "html main", 1)
			wantText(t, doc, `article [data-testid="title-error"]`, "Give the task a title.")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t)
			c, uid := ts.signUp(t, "alice")
			task := ts.addTask(t, uid, models.Task{Title: "Write report", Description: "Q2", Priority: models.PriorityLow})
			before := ts.task(t, uid, task.ID)
			path := fmt.Sprintf("/tasks/%d", task.ID)
			var res *response
			if tt.htmx {
				res = c.htmx(http.MethodPatch, path, tt.form, "HX-Current-URL", ts.URL+fromPage(tt.detail, path))
				wantStatus(t, res, http.StatusUnprocessableEntity)
				wantFragment(t, res)
			} else {
				res = c.postForm(path, tt.form)
				wantStatus(t, res, http.StatusUnprocessableEntity)
			}
			tt.check(t, res)
			if diff := cmp.Diff(before, ts.task(t, uid, task.ID), unchanged); diff != "" {
				t.Errorf("rejected edit changed the task (-before +after):\n%s", diff)
			}
		})
	}
}

// fromPage is the page an htmx request in a table test is sent from: the
// task's own page at path, or the list.
func fromPage(detail bool, path string) string {
	if detail {
		return path
	}
	return "/tasks"
}

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
			wantRedirect(t, res, "/tasks?list=1") // back to the task's list, the Inbox
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
			if got := res.Header.Get("HX-Redirect"); got != "/tasks?list=1" {
				t.Errorf("HX-Redirect = %q, want the task's list, /tasks?list=1", got)
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

// A row's menu and a task's calendar are fragments of the user's own task:
// another user's id, or a month that is not one, changes nothing and
// answers an error.
func TestTaskMenuAndCalendar(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	task := ts.addTask(t, uid, models.Task{Title: "Write report", Due: date(t, "2026-06-20"), Priority: models.PriorityHigh})
	mallory, _ := ts.signUp(t, "mallory")
	path := fmt.Sprintf("/tasks/%d", task.ID)

	res := c.htmx(http.MethodGet, path+"/menu", nil, "HX-Current-URL", ts.URL+"/tasks")
	wantStatus(t, res, http.StatusOK)
	wantFragment(t, res)
	doc := res.doc(t)
	wantAttr(t, doc, `[data-testid="priority-picker"] [aria-pressed="true"]`, "value", "high")
	wantAttr(t, doc, `[data-testid="due-words"]`, "value", "20 Jun")
	wantText(t, doc, `[data-testid="calendar-month"]`, "June 2026")
	// Its changes save through the row: the forms post to the task.
	wantAttr(t, doc, `[data-testid="priority-picker"]`, "data-hx-post", path)

	res = c.htmx(http.MethodGet, path+"/calendar?month=2027-02", nil, "HX-Current-URL", ts.URL+"/tasks")
	wantStatus(t, res, http.StatusOK)
	doc = res.doc(t)
	wantText(t, doc, `[data-testid="calendar-month"]`, "February 2027")
	wantCount(t, doc, `button.day`, 28)
	// Without JavaScript the calendar's steps lead to the task's page on that month.
	doc = c.get(path + "?month=2027-02").doc(t)
	wantText(t, doc, `article [data-testid="calendar-month"]`, "February 2027")

	// Asked for as pages, both lead to the task's page.
	wantRedirect(t, c.get(path+"/menu"), path)
	wantRedirect(t, c.get(path+"/calendar?month=2027-02"), path+"?month=2027-02")
	for _, month := range []string{"", "2027-13", "1899-12", "x"} {
		if res := c.htmx(http.MethodGet, path+"/calendar?month="+month, nil); res.StatusCode != http.StatusBadRequest {
			t.Errorf("calendar of month %q: status %d, want 400", month, res.StatusCode)
		}
	}
	for _, p := range []string{path + "/menu", path + "/calendar?month=2026-06"} {
		if res := mallory.htmx(http.MethodGet, p, nil); res.StatusCode != http.StatusNotFound || strings.Contains(res.body, "Write report") {
			t.Errorf("another user's %s: status %d, want 404 without the task", p, res.StatusCode)
		}
	}
}
