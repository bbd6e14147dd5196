package e2e

import (
	"fmt"
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

	// Change the priority with the row's Save button.
	tb.open("/tasks")
	row := tb.rowOf("Edited plainly")
	tb.setField(row+" select[name=priority]", "low")
	tb.clickAndLoad(row+" [data-testid=task-meta] button[type=submit]", "/tasks")
	if got := tb.text(tb.rowOf("Edited plainly") + " [data-testid=task-priority]"); got != "Low" {
		t.Errorf("priority after the plain save = %q, want Low", got)
	}

	// Mark done: the task leaves the open list.
	tb.clickAndLoad(tb.rowOf("Edited plainly")+" [data-testid=task-toggle]", "/tasks")
	tb.wantTitles("after marking done", "Second task")
	tb.wantAlert("Done: “Edited plainly”.")

	// Filter with the Apply button.
	tb.setField("#filter-status", "done")
	tb.clickAndLoad("#filters button[type=submit]", "/tasks?q=&status=done&priority=&due=any&sort=due")
	tb.wantTitles("the done filter", "Edited plainly")

	// Delete through the confirmation page.
	tb.click(tb.rowOf("Edited plainly") + " [data-testid=task-delete]")
	tb.waitFor("the confirmation page", `!!document.querySelector("[data-testid=delete-confirm]")`)
	tb.clickAndLoad("[data-testid=delete-confirm] button[type=submit]", "/tasks?q=&status=done&priority=&due=any&sort=due")
	tb.wantAlert("Task deleted.")
	tb.wantTitles("after deleting, back in the done filter it was deleted from")
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
