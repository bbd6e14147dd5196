package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"docket/models"
)

// FuzzTaskForm posts arbitrary task forms, as quick add and as an edit of
// an existing task, plain and through htmx. Whatever arrives, Docket never
// answers 500; a refused form changes nothing; an accepted one stores
// exactly the normalised values; and the list and task pages still render.
func FuzzTaskForm(f *testing.F) {
	seeds := []struct{ title, desc, due, priority, status string }{
		{"Buy milk", "", "", "", ""},
		{"  Pad  ", "notes\r\nline two  \n", "2026-12-24", "high", "doing"},
		{"", "", "", "", ""},
		{strings.Repeat("x", 201), "", "", "", ""},
		{"Dates", "", "0000-01-01", "", ""},
		{"Dates", "", "0001-01-01", "", ""},
		{"Dates", "", "9999-12-31", "", ""},
		{"Dates", "", "10000-01-01", "", ""},
		{"Dates", "", "2026-02-30", "", ""},
		{"Dates", "", "12/20/2026", "", ""},
		{"Bad enum", "", "", "critical", "finished"},
		{"<script>alert(1)</script>", "<b>x</b>", "", "urgent", "done"},
		{"nul\x00byte", "\x00", "", "", ""},
		{"\xff\xfe", "\xc3\x28", "", "", ""},
		{"=SUM(A1)", "", " 2026-01-01 ", " low ", " todo "},
	}
	for _, s := range seeds {
		for mode := range uint8(4) {
			f.Add(mode, s.title, s.desc, s.due, s.priority, s.status)
		}
	}

	ts := newTestServer(f)
	owner := ts.newLocalClient(f)
	owner.register("fuzzer", testPassword)
	uid := ts.userID(f, "fuzzer")
	ctx := context.Background()

	f.Fuzz(func(t *testing.T, mode uint8, title, desc, due, priority, status string) {
		c := *owner
		c.t = t
		form := url.Values{"title": {title}, "description": {desc}, "due": {due}, "priority": {priority}, "status": {status}}
		var header []string
		if mode&1 == 1 {
			header = []string{"HX-Request", "true"}
		}

		if mode&2 == 0 { // quick add
			before := ts.taskCount(t)
			res := c.request(http.MethodPost, "/tasks", form, header...)
			after := ts.taskCount(t)
			switch {
			case res.StatusCode == http.StatusUnprocessableEntity:
				if after != before {
					t.Fatalf("refused quick add changed the task count from %d to %d", before, after)
				}
			case res.StatusCode == http.StatusOK || res.StatusCode == http.StatusSeeOther:
				if after != before+1 {
					t.Fatalf("accepted quick add changed the task count from %d to %d", before, after)
				}
			default:
				t.Fatalf("quick add answered %d:\n%.500s", res.StatusCode, res.body)
			}
			wantPagesRender(t, &c, 0)
			return
		}

		// An edit of one fresh task, so the comparison is exact.
		task := ts.addTask(t, uid, models.Task{Title: "Before", Description: "old notes", Priority: models.PriorityLow})
		res := c.request(http.MethodPost, fmt.Sprintf("/tasks/%d", task.ID), form, header...)
		got, err := models.GetTask(ctx, ts.db.Read, uid, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		switch res.StatusCode {
		case http.StatusUnprocessableEntity:
			if got.Title != task.Title || got.Description != task.Description || got.Due != task.Due ||
				got.Priority != task.Priority || got.Status != task.Status {
				t.Fatalf("refused edit changed the task: %+v, was %+v", got, task)
			}
		case http.StatusOK, http.StatusSeeOther:
			if want := strings.TrimSpace(title); got.Title != want {
				t.Errorf("stored title %q, want %q", got.Title, want)
			}
			if want := models.NormalizeDescription(desc); got.Description != want {
				t.Errorf("stored notes %q, want %q", got.Description, want)
			}
			if got.Priority.String() != strings.TrimSpace(priority) || string(got.Status) != strings.TrimSpace(status) {
				t.Errorf("stored priority %q and status %q, sent %q and %q", got.Priority, got.Status, priority, status)
			}
		default:
			t.Fatalf("edit answered %d:\n%.500s", res.StatusCode, res.body)
		}
		wantPagesRender(t, &c, task.ID)
	})
}

// wantPagesRender fails unless the whole list, and the task page when id
// is set, answer 200: no stored value may break a page.
func wantPagesRender(t *testing.T, c *client, id int64) {
	t.Helper()
	paths := []string{"/tasks?status=all"}
	if id != 0 {
		paths = append(paths, fmt.Sprintf("/tasks/%d", id))
	}
	for _, p := range paths {
		if res := c.get(p); res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s after the post: status %d:\n%.500s", p, res.StatusCode, res.body)
		}
	}
}
