package e2e

import (
	"context"
	"slices"
	"testing"

	"github.com/chromedp/chromedp/kb"

	"docket/models"
)

// newestTask is the user's most recently added task as stored, with the
// name of its list and its labels.
func (s *server) newestTask(t *testing.T, userID int64) (models.Task, string, []string) {
	t.Helper()
	ctx := context.Background()
	var task models.Task
	if err := s.db.Read.NewSelect().Model(&task).Where("t.user_id = ?", userID).OrderExpr("t.id DESC").Limit(1).Scan(ctx); err != nil {
		t.Fatalf("newest task: %v", err)
	}
	l, err := models.GetList(ctx, s.db.Read, userID, task.ListID)
	if err != nil {
		t.Fatalf("list of task %d: %v", task.ID, err)
	}
	labels, err := models.LabelsOfTasks(ctx, s.db.Read, userID, []int64{task.ID})
	if err != nil {
		t.Fatal(err)
	}
	return task, l.Name, models.LabelNames(labels[task.ID])
}

// testQuickAddChips types a line quick add understands, turns one chip
// back into text and saves with Enter.
func testQuickAddChips(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv, withTimezone("UTC"))
	tb.signUp("quickchips")
	uid := srv.userID(t, "quickchips")
	srv.seedList(t, uid, "Family", "")
	day := today(t, "UTC")

	tb.open("/tasks")
	tb.typeInto("#new-title", "Call mom tomorrow p1 #Family @phone")
	tb.waitFor("four chips", `document.querySelectorAll("[data-testid=quick-chip]").length === 4`)
	if got, want := tb.texts("[data-testid=quick-chip-text]"), []string{"Tomorrow", "P1", "#Family", "@phone"}; !slices.Equal(got, want) {
		t.Errorf("chips = %q, want %q", got, want)
	}
	if got, want := tb.text("#quick-summary"), "Will set: due tomorrow, priority 1, list Family, label phone."; got != want {
		t.Errorf("spoken summary = %q, want %q", got, want)
	}

	tb.click(`[data-testid=quick-keep][aria-label="Keep “@phone” as text"]`)
	tb.waitFor("three chips", `document.querySelectorAll("[data-testid=quick-chip]").length === 3`)
	if got := tb.focused(); got != "#new-title" {
		t.Errorf("after a chip went back to text the focus is on %s, want the title", got)
	}
	tb.do(sendKeys("#new-title", kb.Enter)...)
	tb.waitFor("the new row", `[...document.querySelectorAll("[data-testid=task-title]")].some(e => e.textContent.trim() === "Call mom @phone")`)
	tb.waitFor("the chips cleared", `document.querySelectorAll("[data-testid=quick-chip]").length === 0 && document.querySelector("#new-title").value === ""`)
	task, list, labels := srv.newestTask(t, uid)
	if task.Title != "Call mom @phone" || task.Due != day.AddDays(1) || task.Priority != models.PriorityUrgent || list != "Family" || len(labels) != 0 {
		t.Errorf("stored %q due %s priority %v in %s labelled %q; want “Call mom @phone” due tomorrow, urgent, in Family, no labels",
			task.Title, task.Due, task.Priority, list, labels)
	}
	if n := tb.count("#alerts [data-testid=keep-as-text]"); n != 1 {
		t.Errorf("%d Keep it as text buttons in the alert, want 1", n)
	}
}

// testQuickAddNoJavaScript adds a task whose title quick add read, then
// keeps it as typed, with scripts off.
func testQuickAddNoJavaScript(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv, withoutJavaScript, withTimezone("UTC"))
	tb.signUp("quickplain")
	uid := srv.userID(t, "quickplain")

	tb.typeInto("#new-title", "Buy milk tomorrow")
	tb.clickAndLoad("[data-testid=quick-add] button[type=submit]", "/tasks")
	tb.wantAlert("Added “Buy milk”: Tomorrow.")
	if task, _, _ := srv.newestTask(t, uid); task.Title != "Buy milk" || task.Due != today(t, "UTC").AddDays(1) {
		t.Errorf("stored %q due %s, want “Buy milk” due tomorrow", task.Title, task.Due)
	}
	tb.clickAndLoad("#alerts [data-testid=keep-as-text]", "/tasks")
	tb.wantAlert("Kept “Buy milk tomorrow” as typed.")
	if task, _, _ := srv.newestTask(t, uid); task.Title != "Buy milk tomorrow" || !task.Due.IsZero() {
		t.Errorf("kept as text: stored %q due %s, want “Buy milk tomorrow” with no date", task.Title, task.Due)
	}
	tb.wantTitles("the list", "Buy milk tomorrow")
	if tb.dialogCount() != 0 {
		t.Error("a JavaScript dialog opened with scripts off")
	}
}
