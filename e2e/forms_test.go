package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"docket/models"
)

func testValidation(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv, withTimezone("UTC"))
	tb.allowConsole("status of 422")
	tb.signUp("careful")
	due := today(t, "UTC").AddDays(3).String()

	// A blank title is refused next to the field; the rest stays as typed.
	tb.typeInto("#new-title", "   ")
	tb.openQuickOptions()
	tb.setField("#new-priority", "high")
	tb.setField("#new-due", due)
	tb.click("[data-testid=quick-add] button[type=submit]")
	tb.waitFor("the title error", `!!document.querySelector("[data-testid=quick-add] [data-testid=title-error]")`)
	if got, want := tb.text("[data-testid=title-error]"), "Give the task a title."; got != want {
		t.Errorf("title error = %q, want %q", got, want)
	}
	if got := js[string](tb, `document.getElementById("new-title").getAttribute("aria-describedby")`); got != "title-error" {
		t.Errorf("title input aria-describedby = %q, want title-error", got)
	}
	tb.wantControls("after the refused add", map[string]string{"#new-priority": "high", "#new-due": due})
	if got := tb.focused(); got != "#new-title" {
		t.Errorf("focus after the refused add is on %s, want the title field with the error", got)
	}
	if n := tb.count("[data-testid=task-row]"); n != 0 {
		t.Errorf("a refused task was added: %d rows", n)
	}

	// Fixing the title adds the task with the kept priority and date.
	tb.typeInto("#new-title", "Renew passport")
	tb.click("[data-testid=quick-add] button[type=submit]")
	tb.waitTitles("the fixed task", "Renew passport")
	if n := tb.count("[data-testid=quick-add] [data-testid=title-error]"); n != 0 {
		t.Error("the title error stayed after a successful add")
	}
	row := tb.rowOf("Renew passport")
	if got := tb.text(row + " [data-testid=task-priority]"); got != "High" {
		t.Errorf("added task priority = %q, want High", got)
	}

	// A day quick add's Due field cannot read is refused next to it, with
	// the focus there.
	tb.typeInto("#new-title", "Book flights")
	tb.openQuickOptions()
	tb.typeInto("#new-due", "someday")
	tb.click("[data-testid=quick-add] button[type=submit]")
	tb.waitFor("the due error", `!!document.querySelector("[data-testid=quick-add] [data-testid=due-error]")`)
	tb.settled()
	if got := tb.focused(); got != "#new-due" {
		t.Errorf("focus after a refused day is on %s, want the due field", got)
	}
	if !tb.visible("#new-due") {
		t.Error("the refused due field is hidden behind Options")
	}
	tb.typeInto("#new-due", "fri")
	tb.click("[data-testid=quick-add] button[type=submit]")
	tb.waitTitles("the task due on a Friday", "Book flights", "Renew passport")

	// The editor on the task's page refuses a blank title in place, and
	// Escape still leaves the saved title.
	tb.openPanel(row)
	title := "#task-panel [data-testid=task-title]"
	tb.click(title)
	tb.waitFor("the title editor", `!!document.querySelector("[data-testid=title-editor] input[name=title]")`)
	input := "#task-panel input[name=title]"
	tb.typeInto(input, " ")
	tb.do(sendKeys(input, kb.Enter)...)
	tb.waitFor("the title error", `!!document.querySelector("[data-testid=title-editor] [data-testid=title-error]")`)
	if got, want := tb.text("#task-panel [data-testid=title-error]"), "Give the task a title."; got != want {
		t.Errorf("title error = %q, want %q", got, want)
	}
	tb.do(sendKeys(input, kb.Escape)...)
	tb.waitFor("the editor to close", `!document.querySelector("[data-testid=title-editor]")`)
	tb.settled()
	tb.press(kb.Escape)
	tb.waitFor("the panel to close", `!document.querySelector("#task-panel [data-testid=task-detail]")`)
	tb.wantTitles("after cancelling the bad edit", "Book flights", "Renew passport")
}

func testLogoutLogin(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv)
	tb.signUp("returning")
	tb.quickAdd("Remember me", "medium", "")

	// A session ended elsewhere: the next in-page change says so and keeps
	// what was typed.
	other := tb.newTabLike()
	other.open("/tasks")
	tb.click("[data-testid=logout]")
	tb.waitFor("the log-in page", `location.pathname === "/login" && !!document.querySelector("[data-testid=login-form]")`)
	tb.waitFor("the log-out confirmation", `document.querySelector("[data-testid=alert]")?.textContent.includes("You have logged out.")`)
	tb.open("/tasks")
	tb.wantPath("/login")
	other.allowConsole("status of 401")
	other.allowConsole("Response Status Error Code 401")
	other.typeInto("#new-title", "Too late")
	other.click("[data-testid=quick-add] button[type=submit]")
	other.waitFor("the session-ended alert in the other tab", `!!document.querySelector("#alerts [data-testid=session-ended]")`)
	other.wantPath("/tasks")
	if got := other.value("#new-title"); got != "Too late" {
		t.Errorf("quick-add field after the session ended = %q, want what was typed kept", got)
	}

	tb.typeInto("#username", "returning")
	tb.typeInto("#password", "wrong password")
	tb.allowConsole("status of 422")
	tb.click("[data-testid=login-form] button[type=submit]")
	tb.waitFor("the log-in error", `!!document.querySelector("[data-testid=form-error]")`)
	if got := tb.value("#username"); got != "returning" {
		t.Errorf("username after a failed log-in = %q, want it kept", got)
	}
	if got := js[string](tb, `document.activeElement.id`); got != "password" {
		t.Errorf("focus after a failed log-in is on %q, want the password field", got)
	}

	tb.typeInto("#password", testPassword)
	tb.click("[data-testid=login-form] button[type=submit]")
	tb.waitFor("the task list", `location.pathname === "/tasks" && !!document.querySelector("[data-testid=task-list]")`)
	tb.wantTitles("after logging back in", "Remember me")
	if got := tb.text(tb.rowOf("Remember me") + " [data-testid=task-priority]"); got != "Medium" {
		t.Errorf("priority after logging back in = %q, want Medium", got)
	}
}

func testAccountTimezone(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv, withTimezone("Asia/Kolkata"))
	tb.signUp("traveller")
	zone := js[string](tb, `Intl.DateTimeFormat().resolvedOptions().timeZone`)

	// The account page shows the zone the browser gave, whatever its name.
	tb.open("/account")
	if got := tb.value("#timezone"); got != zone {
		t.Errorf("account time zone picker = %q, want the stored %q", got, zone)
	}
	tb.setField("#timezone", "Europe/Lisbon")
	tb.click("[data-testid=timezone-form] button[type=submit]")
	tb.waitFor("the saved zone", `document.querySelector("[data-testid=alert]")?.textContent.includes("Europe/Lisbon")`)
	if got := tb.value("#timezone"); got != "Europe/Lisbon" {
		t.Errorf("picker after saving = %q, want Europe/Lisbon", got)
	}
	u, err := models.GetUserByUsername(t.Context(), srv.db.Read, "traveller")
	if err != nil || u.Timezone != "Europe/Lisbon" {
		t.Errorf("stored zone = %v, %v; want Europe/Lisbon", u, err)
	}
}

// testTaskPage edits every part of a task on its own page in place.
func testTaskPage(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv)
	tb.signUp("detail")
	task := srv.seed(t, srv.userID(t, "detail"), models.Task{Title: "Write the report"})[0]
	tb.open(fmt.Sprintf("/tasks/%d", task.ID))
	tb.markPage()

	tb.click("[data-testid=edit-description]")
	tb.waitFor("the notes editor", `!!document.querySelector("[data-testid=description-editor] textarea")`)
	tb.settled()
	if got := tb.focused(); got != fmt.Sprintf("#detail-%d-description", task.ID) {
		t.Errorf("focus in the open notes editor is on %s", got)
	}
	tb.do(chromedp.KeyEvent("Intro first." + kb.Enter + "Then the numbers."))
	tb.do(chromedp.KeyEvent(kb.Enter, chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	tb.waitFor("the saved notes", `!!document.querySelector("[data-testid=task-description]")`)
	if got, want := tb.text("[data-testid=task-description]"), "Intro first.\nThen the numbers."; got != want {
		t.Errorf("notes = %q, want %q", got, want)
	}

	// Escape leaves the notes as saved.
	tb.click("[data-testid=edit-description]")
	tb.waitFor("the notes editor", `!!document.querySelector("[data-testid=description-editor] textarea")`)
	tb.settled()
	tb.do(chromedp.KeyEvent(" Unsaved." + kb.Escape))
	tb.waitFor("the notes editor to close", `!document.querySelector("[data-testid=description-editor]")`)
	if got := tb.text("[data-testid=task-description]"); got != "Intro first.\nThen the numbers." {
		t.Errorf("notes after Escape = %q", got)
	}

	tb.click("[data-testid=task-detail] [data-testid=task-title]")
	tb.waitFor("the title editor", `!!document.querySelector("[data-testid=title-editor] input[name=title]")`)
	tb.settled()
	tb.do(chromedp.KeyEvent(" v2" + kb.Enter))
	tb.waitFor("the saved title", `document.querySelector("[data-testid=task-detail] [data-testid=task-title]")?.textContent.trim() === "Write the report v2"`)

	tb.click("[data-testid=task-detail] [data-testid=priority-picker] button[value=urgent]")
	tb.waitFor("the priority badge", `document.querySelector("[data-testid=task-detail] .task-facts")?.textContent.includes("Urgent")`)
	tb.click("[data-testid=task-detail] [data-testid=task-toggle]")
	tb.waitFor("the done task", `document.querySelector("[data-testid=task-detail] [data-testid=task-toggle]")?.getAttribute("aria-pressed") === "true"`)
	if got := tb.text("[data-testid=task-detail] .detail-foot"); !strings.Contains(got, "completed") {
		t.Errorf("task page footer after done = %q, want the completion date", got)
	}
	tb.wantNoReload()

	got, err := models.GetTask(t.Context(), srv.db.Read, task.UserID, task.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Write the report v2" || got.Description != "Intro first.\nThen the numbers." || got.Priority != models.PriorityUrgent || !got.Done() {
		t.Errorf("stored task = %+v", got)
	}
}
