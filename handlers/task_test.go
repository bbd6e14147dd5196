package handlers_test

import (
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
	wantCount(t, res.doc(t), `article#task-`+fmt.Sprint(task.ID)+`[data-testid="task-detail"]`, 1)

	res = c.htmx(http.MethodGet, path, nil, "HX-Current-URL", ts.URL+"/tasks")
	wantStatus(t, res, http.StatusOK)
	wantFragment(t, res)
	wantText(t, res.doc(t), `li[data-testid="task-row"] [data-testid="task-title"]`, "Write report")
}

// An htmx request gets the task as its own page shows it when sent from
// that page (or its editor), and as a list row from anywhere else.
func TestTaskShowShapeFollowsPage(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	task := ts.addTask(t, uid, models.Task{Title: "Write report"})
	path := fmt.Sprintf("/tasks/%d", task.ID)
	tests := []struct {
		name, page string
		detail     bool
	}{
		{"task page", path, true},
		{"editor page", path + "/edit?field=description", true},
		{"list", "/tasks?status=open", false},
		{"home", "/", false},
		{"not a task", "/tasks/new", false},
		{"no page reported", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var header []string
			if tt.page != "" {
				header = []string{"HX-Current-URL", ts.URL + tt.page}
			}
			res := c.htmx(http.MethodGet, path+"/edit?field=title", nil, header...)
			wantStatus(t, res, http.StatusOK)
			wantFragment(t, res)
			doc := res.doc(t)
			want := map[bool]string{true: `article[data-testid="task-detail"]`, false: `li[data-testid="task-row"]`}
			wantCount(t, doc, want[tt.detail]+` [data-testid="title-editor"]`, 1)
			wantCount(t, doc, want[!tt.detail], 0)
		})
	}
}

func TestTaskEditForm(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	task := ts.addTask(t, uid, models.Task{Title: "Write report", Description: "Q2 numbers"})
	base := fmt.Sprintf("/tasks/%d/edit", task.ID)

	res := c.htmx(http.MethodGet, base+"?field=title", nil, "HX-Current-URL", ts.URL+"/tasks")
	wantStatus(t, res, http.StatusOK)
	wantFragment(t, res)
	doc := res.doc(t)
	row := doc.Find(`li[data-testid="task-row"]`)
	if row.Length() != 1 {
		t.Fatalf("want one row, got:\n%s", res.body)
	}
	if v, _ := row.Find(`[data-testid="title-editor"] input[name="title"]`).Attr("value"); v != "Write report" {
		t.Errorf("editor holds %q, want the current title", v)
	}
	wantCount(t, doc, `[data-testid="task-title"]`, 0)

	res = c.htmx(http.MethodGet, base+"?field=description", nil, "HX-Current-URL", ts.URL+base+"?field=title")
	wantStatus(t, res, http.StatusOK)
	wantFragment(t, res)
	wantText(t, res.doc(t), `[data-testid="task-detail"] [data-testid="description-editor"] textarea`, "Q2 numbers")

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
				wantCount(t, doc, `li`, 0)
				wantText(t, doc, `#summary`, "0 open tasks")
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
		{"empty title in row", true, false, url.Values{"title": {"  "}}, func(t *testing.T, res *response) {
			doc := res.doc(t)
			wantText(t, doc, `li [data-testid="title-editor"] [data-testid="title-error"]`, "Give the task a title.")
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
			wantAlert(t, res, "Enter the due date as YYYY-MM-DD.")
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
