package e2e

import (
	"fmt"
	"strconv"
	"testing"

	"docket/models"
)

// testNoJavaScript runs the core flow with scripts off: plain forms and
// links must do everything htmx does.
func testNoJavaScript(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv, withoutJavaScript)
	tb.signUp("plain")
	if js[bool](tb, `document.documentElement.classList.contains("js")`) {
		t.Fatal("scripts ran although they are off")
	}
	u, err := models.GetUserByUsername(t.Context(), srv.db.Read, "plain")
	if err != nil || u.Timezone != "UTC" {
		t.Errorf("without a browser time zone the account has %v, %v; want UTC", u, err)
	}

	// Add.
	tb.typeInto("#new-title", "Plain task")
	tb.click("[data-testid=quick-options] > summary")
	tb.setField("#new-priority", "high")
	tb.clickAndLoad("[data-testid=quick-add] button[type=submit]", "/tasks")
	tb.wantTitles("after adding", "Plain task")
	tb.wantAlert("Added “Plain task”.")
	tb.typeInto("#new-title", "Second task")
	tb.clickAndLoad("[data-testid=quick-add] button[type=submit]", "/tasks")
	tb.wantTitles("after adding another", "Plain task", "Second task")
	id := js[string](tb, `document.querySelector("[data-testid=task-row]").id.replace("task-", "")`)

	// Edit the title from the task's page.
	tb.click(tb.rowOf("Plain task") + " [data-testid=task-title]")
	tb.waitFor("the task page", fmt.Sprintf(`location.pathname === "/tasks/%s" && !!document.querySelector("[data-testid=task-detail]")`, id))
	tb.click("[data-testid=task-detail] [data-testid=task-title]")
	tb.waitFor("the title editor page", `!!document.querySelector("[data-testid=title-editor]")`)
	tb.typeInto("[data-testid=title-editor] input[name=title]", "Edited plainly")
	tb.clickAndLoad("[data-testid=title-editor] button[type=submit]", "/tasks/"+id)
	if got := tb.text("[data-testid=task-detail] [data-testid=task-title]"); got != "Edited plainly" {
		t.Errorf("title after the plain edit = %q", got)
	}
	if n := tb.count("[data-testid=title-editor]"); n != 0 {
		t.Error("the title editor is still open after saving")
	}

	// The row's menu leads to the task's page, where one press sets the
	// priority and another the due date, and the calendar steps to other
	// months.
	tb.open("/tasks")
	row := tb.rowOf("Edited plainly")
	tb.click(row + " [data-testid=row-menu] > summary")
	tb.clickAndLoad(row+" [data-testid=row-menu] .menu a", "/tasks/"+id)
	tb.clickAndLoad(`[data-testid=priority-picker] button[value=low]`, "/tasks/"+id)
	if got := tb.text("[data-testid=task-detail] [data-testid=task-priority]"); got != "Low" {
		t.Errorf("priority after the plain save = %q, want Low", got)
	}
	next := today(t, "UTC").AddMonths(1)
	tb.clickAndLoad(`.calendar-head a[aria-label="Next month"]`, "/tasks/"+id+"?month="+next.Month())
	tb.clickAndLoad(fmt.Sprintf(`.calendar button[value=%q]`, next.AddDays(14).String()), "/tasks/"+id+"?month="+next.Month())
	if got := srv.task(t, u.ID, mustID(t, id)).Due; got != next.AddDays(14) {
		t.Errorf("due after a calendar press = %v, want %v", got, next.AddDays(14))
	}
	tb.typeInto("[data-testid=due-words]", "tomorrow")
	tb.clickAndNext(".due-words button[type=submit]")
	if got := srv.task(t, u.ID, mustID(t, id)).Due; got != today(t, "UTC").AddDays(1) {
		t.Errorf("due after typing tomorrow = %v", got)
	}
	tb.open("/tasks")

	// Mark done: the task leaves the open list.
	tb.clickAndLoad(tb.rowOf("Edited plainly")+" [data-testid=task-toggle]", "/tasks")
	tb.wantTitles("after marking done", "Second task")
	tb.wantAlert("Done: “Edited plainly”.")

	// Filter with the Apply button.
	tb.openFilters()
	tb.setField("#filter-status", "done")
	tb.clickAndLoad("#filters button[type=submit]", "/tasks?q=&status=done&priority=&due=any&sort=due")
	tb.wantTitles("the done filter", "Edited plainly")

	// Delete from the task's page, through the confirmation page, back to
	// the list it was opened from.
	tb.clickAndNext(tb.rowOf("Edited plainly") + " [data-testid=task-title]")
	tb.click("[data-testid=task-detail] [data-testid=task-delete]")
	tb.waitFor("the confirmation page", `!!document.querySelector("[data-testid=delete-confirm]")`)
	tb.clickAndNext("[data-testid=delete-confirm] button[type=submit]")
	tb.wantAlert("Task deleted.")
	tb.wantTitles("after deleting, back in its list", "Second task")
	if tb.dialogCount() != 0 {
		t.Error("a JavaScript dialog opened with scripts off")
	}
}

func (tb *tab) wantAlert(text string) {
	tb.t.Helper()
	if got := tb.text("#alerts [data-testid=alert] span"); got != text {
		tb.t.Errorf("alert = %q, want %q", got, text)
	}
}

func (tb *tab) dialogCount() int {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return len(tb.dialogs)
}

// mustID reads a task id from the page.
func mustID(t *testing.T, s string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("task id %q: %v", s, err)
	}
	return id
}
