package components_test

import (
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"docket/components"
	"docket/models"
)

const today = "2026-06-15"

func rowTask(t *testing.T, title string, status models.Status, due string, p models.Priority) models.Task {
	t.Helper()
	task := models.Task{ID: 7, Title: title, Status: status, Priority: p}
	if due != "" {
		task.Due = date(t, due)
	}
	if status == models.StatusDone {
		task.CompletedAt = bun.NullTime{Time: time.Date(2026, 6, 14, 9, 0, 0, 0, time.UTC)}
	}
	return task
}

func TestTaskRowStates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		task      models.Task
		done      bool
		overdue   bool
		due       string // text of the due badge, "" for none
		priority  string // text of the priority badge, "" for none
		extraText string // text that must appear in the facts
	}{
		{name: "plain", task: rowTask(t, "Write report", models.StatusTodo, "", models.PriorityNone)},
		{name: "due today", task: rowTask(t, "Write report", models.StatusTodo, "2026-06-15", models.PriorityLow),
			due: "Today", priority: "Low"},
		{name: "due tomorrow", task: rowTask(t, "Write report", models.StatusDoing, "2026-06-16", models.PriorityHigh),
			due: "Tomorrow", priority: "High", extraText: "Doing"},
		{name: "overdue", task: rowTask(t, "Write report", models.StatusTodo, "2026-06-12", models.PriorityUrgent),
			overdue: true, due: "3 days overdue", priority: "Urgent"},
		{name: "done yesterday's", task: rowTask(t, "Write report", models.StatusDone, "2026-06-14", models.PriorityMedium),
			done: true, due: "Was due 14 Jun", priority: "Medium"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := render(t, components.TaskRow(components.TaskView{Task: tt.task, Today: date(t, today)}))
			row := doc.Find(`li[data-testid="task-row"]`)
			if row.Length() != 1 {
				t.Fatal("no task row")
			}
			wantAttr(t, doc, "li", "id", "task-7")
			// Every control swaps the whole row by inheriting these.
			wantAttr(t, doc, "li", "data-hx-target", "this")
			wantAttr(t, doc, "li", "data-hx-swap", "outerHTML")
			wantCount(t, doc, ownTargets("li"), 0)
			if got := row.HasClass("done"); got != tt.done {
				t.Errorf("class done = %v, want %v", got, tt.done)
			}
			if got := row.HasClass("overdue"); got != tt.overdue {
				t.Errorf("class overdue = %v, want %v", got, tt.overdue)
			}
			if !row.HasClass("priority-" + tt.task.Priority.String()) {
				t.Errorf("class %q lacks priority-%s", row.AttrOr("class", ""), tt.task.Priority)
			}
			wantText(t, doc, `[data-testid="task-title"]`, "Write report")
			wantAttr(t, doc, `[data-testid="task-title"]`, "href", "/tasks/7")
			// A link htmx does not take over: app.js opens the editor on a
			// plain click only, so Ctrl/Cmd/Shift/middle-click open a tab.
			wantAttr(t, doc, `[data-testid="task-title"]`, "data-edit", "/tasks/7/edit?field=title")
			wantCount(t, doc, `[data-testid="task-title"][data-hx-get]`, 0)
			// The task's page is one click away from every row, notes or not.
			wantAttr(t, doc, `a[data-testid="task-open"]`, "href", "/tasks/7")
			wantText(t, doc, `a[data-testid="task-open"]`, "Open")
			wantAttr(t, doc, `[data-testid="task-toggle"]`, "aria-pressed", boolText(tt.done))
			wantAttr(t, doc, `[data-testid="task-toggle"]`, "aria-label", "Done: Write report")
			wantAttr(t, doc, `[data-testid="task-delete"]`, "aria-label", "Delete Write report")
			wantAttr(t, doc, `[data-testid="task-delete"]`, "data-hx-delete", "/tasks/7")

			badge := doc.Find(`[data-testid="task-due"]`)
			if got := text(badge); got != tt.due {
				t.Errorf("due badge = %q, want %q", got, tt.due)
			}
			if tt.due != "" {
				wantAttr(t, doc, `[data-testid="task-due"]`, "datetime", tt.task.Due.String())
				if badge.HasClass("overdue") != tt.overdue {
					t.Errorf("due badge class %q, want overdue=%v", badge.AttrOr("class", ""), tt.overdue)
				}
			}
			if got := text(doc.Find(`[data-testid="task-priority"]`)); got != tt.priority {
				t.Errorf("priority badge = %q, want %q", got, tt.priority)
			}
			if tt.extraText != "" && !strings.Contains(text(doc.Find(".task-facts")), tt.extraText) {
				t.Errorf("facts %q lack %q", text(doc.Find(".task-facts")), tt.extraText)
			}
			wantAttr(t, doc, `#task-7-priority option[selected]`, "value", tt.task.Priority.String())
			wantAttr(t, doc, `#task-7-status option[selected]`, "value", string(tt.task.Status))
			wantAttr(t, doc, `#task-7-due`, "value", tt.task.Due.String())
		})
	}
}

func TestTaskRowNotesLink(t *testing.T) {
	t.Parallel()
	task := rowTask(t, "Write report", models.StatusTodo, "", models.PriorityNone)
	task.Description = "Ask Ann for the figures."
	doc := render(t, components.TaskRow(components.TaskView{Task: task, Today: date(t, today)}))
	wantAttr(t, doc, `a[data-testid="task-open"]`, "href", "/tasks/7")
	wantText(t, doc, `a[data-testid="task-open"]`, "Notes")
}

func TestTaskRowDoneLongAgo(t *testing.T) {
	t.Parallel()
	task := rowTask(t, "Write report", models.StatusDone, "2026-06-10", models.PriorityNone)
	doc := render(t, components.TaskRow(components.TaskView{Task: task, Today: date(t, today)}))
	badge := doc.Find(`[data-testid="task-due"]`)
	if badge.Length() != 1 || badge.HasClass("overdue") || doc.Find("li.overdue").Length() != 0 {
		t.Fatalf("a done task is styled overdue: %q", badge.AttrOr("class", ""))
	}
	if got := text(badge); got != "Was due 10 Jun" {
		t.Errorf("a finished task's due badge reads %q, want %q", got, "Was due 10 Jun")
	}
}

func TestTaskRowTitleEditor(t *testing.T) {
	t.Parallel()
	task := rowTask(t, "Write report", models.StatusTodo, "", models.PriorityNone)
	tests := []struct {
		name  string
		view  components.TaskView
		value string
	}{
		{"opened", components.TaskView{Task: task, Edit: "title"}, "Write report"},
		{"rejected empty", components.TaskView{Task: task, Edit: "title", Input: "", Error: "Give the task a title."}, ""},
		{"rejected long", components.TaskView{Task: task, Edit: "title", Input: strings.Repeat("x", 201), Error: "Too long."}, strings.Repeat("x", 201)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.view.Today = date(t, today)
			doc := render(t, components.TaskRow(tt.view))
			wantCount(t, doc, `li [data-testid="title-editor"]`, 1)
			wantCount(t, doc, `[data-testid="task-title"]`, 0)
			wantAttr(t, doc, `[data-testid="title-editor"]`, "data-hx-patch", "/tasks/7")
			wantCount(t, doc, ownTargets("li"), 0)
			input := `[data-testid="title-editor"] input[name="title"]`
			wantAttr(t, doc, input, "value", tt.value)
			wantAttr(t, doc, `label[for="task-7-title-input"]`, "class", "sr-only")
			wantAttr(t, doc, "[data-cancel]", "data-hx-get", "/tasks/7")
			if tt.view.Error == "" {
				wantCount(t, doc, `[data-testid="title-error"]`, 0)
				wantCount(t, doc, input+`[aria-invalid]`, 0)
				return
			}
			wantText(t, doc, `[data-testid="title-error"]`, tt.view.Error)
			wantAttr(t, doc, `[data-testid="title-error"]`, "id", "task-7-title-error")
			wantAttr(t, doc, input, "aria-invalid", "true")
			wantAttr(t, doc, input, "aria-describedby", "task-7-title-error")
		})
	}
}

func TestTaskRowEscapesTitle(t *testing.T) {
	t.Parallel()
	title := `<script>alert("x")</script> & "quotes"`
	task := rowTask(t, title, models.StatusTodo, "", models.PriorityNone)
	doc := render(t, components.TaskRow(components.TaskView{Task: task, Today: date(t, today)}))
	wantCount(t, doc, "script", 0)
	wantText(t, doc, `[data-testid="task-title"]`, title)
	wantAttr(t, doc, `[data-testid="task-delete"]`, "data-hx-confirm", "Delete “"+title+"”?")
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
