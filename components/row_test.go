package components_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
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
			// A link htmx does not take over: app.js opens the panel on a
			// plain click only, so Ctrl/Cmd/Shift/middle-click open a tab.
			wantAttr(t, doc, `[data-testid="task-title"]`, "href", "/tasks/7")
			wantCount(t, doc, `[data-testid="task-title"][data-hx-get]`, 0)
			wantAttr(t, doc, `[data-testid="task-toggle"]`, "aria-pressed", boolText(tt.done))
			wantAttr(t, doc, `[data-testid="task-toggle"]`, "aria-label", "Done: Write report")
			// The menu's choices come when it opens; without JavaScript it
			// leads to the task's page.
			wantText(t, doc, `[data-testid="row-menu"] summary`, "Change Write report")
			wantAttr(t, doc, `[data-testid="row-menu"] .menu a`, "href", "/tasks/7")
			// Nothing in a row is a form field but the checkbox: changes
			// happen in the menu and the panel.
			wantCount(t, doc, "li select, li input, li textarea", 0)
			wantCount(t, doc, "li a, li button, li summary", 4)

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
			if tt.extraText != "" && !strings.Contains(text(doc.Find(".chips")), tt.extraText) {
				t.Errorf("chips %q lack %q", text(doc.Find(".chips")), tt.extraText)
			}
			if tt.due == "" && tt.priority == "" {
				wantCount(t, doc, ".chips", 0)
			}
		})
	}
}

// A row shows each thing that is set once, as a chip: its list outside the
// list's view, its labels, its subtask progress and a mark for notes.
func TestTaskRowChips(t *testing.T) {
	t.Parallel()
	task := rowTask(t, "Write report", models.StatusTodo, "2026-06-16", models.PriorityHigh)
	task.Description = "Ask Ann for the figures."
	v := components.TaskView{Task: task, Today: date(t, today),
		List:     models.List{ID: 3, Name: "Work", Colour: "blue"},
		Labels:   []models.Label{{ID: 1, Name: "phone"}, {ID: 2, Name: "errands", Colour: "green"}},
		Progress: models.Progress{Done: 2, Total: 5}}
	doc := render(t, components.TaskRow(v))
	wantText(t, doc, `[data-testid="task-due"]`, "Tomorrow")
	wantText(t, doc, `[data-testid="task-priority"]`, "High")
	wantText(t, doc, `[data-testid="task-list-chip"]`, "Work")
	wantTexts(t, doc, `[data-testid="task-label"]`, "@phone", "@errands")
	wantText(t, doc, `[data-testid="task-progress"]`, "2/5 subtasks done")
	wantText(t, doc, `[data-testid="task-notes"]`, "Has notes")
	// Chips are words, not controls: the row opens the task.
	wantCount(t, doc, ".chips a, .chips button", 0)
	// Said once: the priority is no menu beside its chip.
	if n := strings.Count(text(doc.Find("li")), "High"); n != 1 {
		t.Errorf("the row says High %d times", n)
	}
}

// A typical row (a title, a due date, a priority, a label) renders in at
// most 1 KB.
func TestTaskRowSize(t *testing.T) {
	t.Parallel()
	task := rowTask(t, "Send the quarterly report to Ann", models.StatusTodo, "2026-06-16", models.PriorityHigh)
	task.ID = 123456
	v := components.TaskView{Task: task, Today: date(t, today), Labels: []models.Label{{ID: 1, Name: "work"}}}
	var buf bytes.Buffer
	if err := components.TaskRow(v).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	if buf.Len() > 1024 {
		t.Errorf("a typical row is %d bytes, want at most 1024:\n%s", buf.Len(), buf.String())
	}
}

// The row menu offers the quick changes, each a form post to the task that
// inherits the row's target: priority, the usual days, any day in words,
// the calendar, another list, and opening or deleting the task.
func TestRowMenu(t *testing.T) {
	t.Parallel()
	task := rowTask(t, "Write report", models.StatusTodo, "2026-06-16", models.PriorityHigh)
	task.ListID = 1
	shelf := components.Shelf{Lists: []models.List{{ID: 1, Name: "Inbox", Inbox: true}, {ID: 2, Name: "Work"}}}
	doc := render(t, components.RowMenu(components.TaskView{Task: task, Today: date(t, today), Shelf: shelf}))
	wantCount(t, doc, "[data-hx-target]:not(.calendar-head a), [data-hx-swap]:not(.calendar-head a)", 0)
	wantAttr(t, doc, `[data-testid="priority-picker"]`, "data-hx-post", "/tasks/7")
	wantAttr(t, doc, `[data-testid="priority-picker"] [aria-pressed="true"]`, "value", "high")
	wantTexts(t, doc, `[data-testid="priority-picker"] button`, "Urgent", "High", "Medium", "Low", "No priority")
	days := doc.Find(`[data-testid="due-picker"] .picker button`)
	var got []string
	days.Each(func(_ int, b *goquery.Selection) { got = append(got, text(b)+"="+b.AttrOr("value", "?")) })
	want := "Today=2026-06-15 Tomorrow=2026-06-16 Next week=2026-06-22 No date="
	if strings.Join(got, " ") != want {
		t.Errorf("due choices = %q, want %q", strings.Join(got, " "), want)
	}
	wantAttr(t, doc, `[data-testid="due-picker"] .picker [aria-pressed="true"]`, "value", "2026-06-16")
	wantAttr(t, doc, `[data-testid="due-words"]`, "value", "16 Jun")
	wantAttr(t, doc, `[data-testid="due-words"]`, "type", "text")
	wantCount(t, doc, `input[type="date"]`, 0)
	wantAttr(t, doc, `[data-testid="task-move"] option[selected]`, "value", "1")
	wantAttr(t, doc, `[data-testid="menu-open"]`, "href", "/tasks/7")
	wantAttr(t, doc, `[data-testid="task-delete"]`, "data-hx-delete", "/tasks/7")
	wantAttr(t, doc, `[data-testid="task-delete"]`, "href", "/tasks/7/delete")
	wantAttr(t, doc, `[data-testid="task-delete"]`, "data-hx-confirm", "Delete “Write report”?")
	// With one list there is nowhere to move to.
	doc = render(t, components.RowMenu(components.TaskView{Task: task, Today: date(t, today), Shelf: components.Shelf{Lists: shelf.Lists[:1]}}))
	wantCount(t, doc, `[data-testid="task-move"]`, 0)
}

// The calendar shows a month, Monday first, with the due date and today
// marked, and steps to the months around it by htmx or by the task's page.
func TestCalendar(t *testing.T) {
	t.Parallel()
	task := rowTask(t, "Write report", models.StatusTodo, "2026-02-10", models.PriorityNone)
	for _, tt := range []struct {
		name, month, title, first, prev, next string
		blanks, days                          int
	}{
		{"the due date's month", "", "February 2026", "2026-02-01", "2026-01", "2026-03", 6, 28},
		{"a month asked for", "2026-06", "June 2026", "2026-06-01", "2026-05", "2026-07", 0, 30},
		{"across a year", "2026-12", "December 2026", "2026-12-01", "2026-11", "2027-01", 1, 31},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := components.TaskView{Task: task, Today: date(t, today)}
			if tt.month != "" {
				v.Month, _ = models.ParseMonth(tt.month)
			}
			doc := render(t, components.Calendar(v))
			wantText(t, doc, `[data-testid="calendar-month"]`, tt.title)
			wantCount(t, doc, ".calendar-grid > span:not(.weekday)", tt.blanks)
			wantCount(t, doc, ".calendar-grid button.day", tt.days)
			wantAttr(t, doc, ".calendar-grid button.day", "value", tt.first)
			wantAttr(t, doc, `.calendar-head a[aria-label="Previous month"]`, "data-hx-get", "/tasks/7/calendar?month="+tt.prev)
			wantAttr(t, doc, `.calendar-head a[aria-label="Previous month"]`, "href", "/tasks/7?month="+tt.prev)
			wantAttr(t, doc, `.calendar-head a[aria-label="Next month"]`, "data-hx-get", "/tasks/7/calendar?month="+tt.next)
			wantAttr(t, doc, ".calendar", "data-hx-post", "/tasks/7")
		})
	}
	doc := render(t, components.Calendar(components.TaskView{Task: task, Today: date(t, today)}))
	wantAttr(t, doc, `button.day.due`, "aria-pressed", "true")
	wantAttr(t, doc, `button.day.due`, "aria-label", "Tuesday 10 February 2026")
	doc = render(t, components.Calendar(components.TaskView{Task: models.Task{ID: 7}, Today: date(t, today)}))
	wantText(t, doc, `[data-testid="calendar-month"]`, "June 2026")
	wantAttr(t, doc, `button.day.today`, "value", today)
	wantCount(t, doc, `button.day.due`, 0)
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

func TestTaskRowEscapesTitle(t *testing.T) {
	t.Parallel()
	title := `<script>alert("x")</script> & "quotes"`
	task := rowTask(t, title, models.StatusTodo, "", models.PriorityNone)
	doc := render(t, components.TaskRow(components.TaskView{Task: task, Today: date(t, today)}))
	wantCount(t, doc, "script", 0)
	wantText(t, doc, `[data-testid="task-title"]`, title)
	wantAttr(t, doc, `[data-testid="task-toggle"]`, "aria-label", "Done: "+title)
	doc = render(t, components.RowMenu(components.TaskView{Task: task, Today: date(t, today)}))
	wantAttr(t, doc, `[data-testid="task-delete"]`, "data-hx-confirm", "Delete “"+title+"”?")
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
