package main

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"docket/models"
)

func testValidation(t *testing.T, b *browser) {
	srv := startServer(t)
	tb := b.newTab(t, srv, withTimezone("UTC"))
	tb.allowConsole("status of 422")
	tb.signUp("careful")
	due := today(t, "UTC").AddDays(3).String()

	// A blank title is refused next to the field; the rest stays as typed.
	tb.typeInto("#new-title", "   ")
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

	// The inline editor refuses a blank title in place, and Escape
	// still leaves the saved title.
	tb.click(row + " [data-testid=task-title]")
	tb.waitFor("the title editor", `!!document.querySelector("[data-testid=title-editor] input[name=title]")`)
	tb.typeInto(row+" input[name=title]", " ")
	tb.do(chromedp.SendKeys(chromedp.CSS(row+" input[name=title]"), kb.Enter))
	tb.waitFor("the inline title error", `!!document.querySelector("[data-testid=title-editor] [data-testid=title-error]")`)
	if got, want := tb.text(row+" [data-testid=title-error]"), "Give the task a title."; got != want {
		t.Errorf("inline title error = %q, want %q", got, want)
	}
	tb.do(chromedp.SendKeys(chromedp.CSS(row+" input[name=title]"), kb.Escape))
	tb.waitFor("the editor to close", `!document.querySelector("[data-testid=title-editor]")`)
	tb.wantTitles("after cancelling the bad edit", "Renew passport")
}

func testLogoutLogin(t *testing.T, b *browser) {
	srv := startServer(t)
	tb := b.newTab(t, srv)
	tb.signUp("returning")
	tb.quickAdd("Remember me", "medium", "")

	tb.click("[data-testid=logout]")
	tb.waitFor("the log-in page", `location.pathname === "/login" && !!document.querySelector("[data-testid=login-form]")`)
	tb.waitFor("the log-out confirmation", `document.querySelector("[data-testid=alert]")?.textContent.includes("You have logged out.")`)
	tb.open("/tasks")
	tb.wantPath("/login")

	tb.typeInto("#username", "returning")
	tb.typeInto("#password", "wrong password")
	tb.allowConsole("status of 422")
	tb.click("[data-testid=login-form] button[type=submit]")
	tb.waitFor("the log-in error", `!!document.querySelector("[data-testid=form-error]")`)
	if got := tb.value("#username"); got != "returning" {
		t.Errorf("username after a failed log-in = %q, want it kept", got)
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
	srv := startServer(t)
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
	u, err := models.GetUser(t.Context(), srv.db.Read, srv.userID(t, "traveller"))
	if err != nil || u.Timezone != "Europe/Lisbon" {
		t.Errorf("stored zone = %v, %v; want Europe/Lisbon", u, err)
	}
}
