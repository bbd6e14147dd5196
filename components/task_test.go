package components_test

import (
	"testing"
	"time"

	"github.com/uptrace/bun"

	"docket/components"
	"docket/models"
)

// The task page shows when a task was created and completed on the user's
// calendar, not UTC's.
func TestTaskDetailTimesInUserZone(t *testing.T) {
	t.Parallel()
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	task := models.Task{
		ID: 7, Title: "Write report", Status: models.StatusDone,
		CreatedAt:   time.Date(2026, 11, 23, 23, 30, 0, 0, time.UTC),                    // 24 Nov in Tokyo
		CompletedAt: bun.NullTime{Time: time.Date(2026, 11, 30, 16, 0, 0, 0, time.UTC)}, // 1 Dec in Tokyo
	}
	tests := []struct {
		name              string
		zone              *time.Location
		today             string
		created, finished string
	}{
		// Days are written as due dates are: the year only when it is not this one.
		{"user in Tokyo", tokyo, "2026-12-01", "24 Nov", "1 Dec"},
		{"no zone known", nil, "2026-12-01", "23 Nov", "30 Nov"},
		{"a year later", tokyo, "2027-01-02", "24 Nov 2026", "1 Dec 2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := render(t, components.TaskDetail(components.TaskView{Task: task, Today: date(t, tt.today), Zone: tt.zone}))
			times := doc.Find(".detail-foot time")
			if times.Length() != 2 {
				t.Fatalf("found %d times in the footer, want 2", times.Length())
			}
			if got := text(times.Eq(0)); got != tt.created {
				t.Errorf("created = %q, want %q", got, tt.created)
			}
			if got := text(times.Eq(1)); got != tt.finished {
				t.Errorf("completed = %q, want %q", got, tt.finished)
			}
		})
	}
}

// The task page's controls replace the whole article by inheriting its
// target and swap; none may override them.
func TestTaskDetailControlsSwapArticle(t *testing.T) {
	t.Parallel()
	for _, edit := range []string{"", "title", "description"} {
		t.Run("edit "+edit, func(t *testing.T) {
			t.Parallel()
			doc := render(t, components.TaskDetail(components.TaskView{Task: models.Task{ID: 7, Title: "Write report"}, Today: date(t, "2026-12-01"), Edit: edit}))
			// Not the row's id: the panel shows the task beside its row.
			wantAttr(t, doc, "article#detail-7", "data-hx-target", "this")
			wantAttr(t, doc, "article#detail-7", "data-hx-swap", "outerHTML")
			wantCount(t, doc, "#task-7", 0)
			wantCount(t, doc, ownTargets("article"), 0)
			if got := doc.Find("article [data-hx-get], article [data-hx-post], article [data-hx-patch], article [data-hx-delete]").Length(); got < 3 {
				t.Errorf("found %d htmx controls, want at least 3", got)
			}
		})
	}
}
