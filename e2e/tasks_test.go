package e2e

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"docket/models"
)

// today is the current day in zone, as the server computes it.
func today(t *testing.T, zone string) models.Date {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	return models.DateOf(time.Now().In(loc))
}

// setField sets a form control's value and fires the events a person's
// input would, so htmx's change triggers run.
func (tb *tab) setField(sel, value string) {
	tb.t.Helper()
	tb.settled()
	tb.do(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
		const e = document.querySelector(%s);
		e.value = %s;
		e.dispatchEvent(new Event("input", {bubbles: true}));
		e.dispatchEvent(new Event("change", {bubbles: true}));
	})()`, strconv.Quote(sel), strconv.Quote(value))))
}

// quickAdd adds a task through the quick-add form and waits for its row.
func (tb *tab) quickAdd(title, priority, due string) {
	tb.t.Helper()
	before := tb.count("[data-testid=task-row]")
	tb.typeInto("#new-title", title)
	if priority != "none" || due != "" {
		tb.openQuickOptions()
		tb.setField("#new-priority", priority)
		tb.setField("#new-due", due)
	}
	tb.click("[data-testid=quick-add] button[type=submit]")
	tb.waitFor("the new row of "+title, fmt.Sprintf(`document.querySelectorAll("[data-testid=task-row]").length === %d`, before+1))
}

// openQuickOptions opens quick add's fields beyond the title.
func (tb *tab) openQuickOptions() {
	tb.t.Helper()
	if !js[bool](tb, `document.querySelector("[data-testid=quick-options]").open`) {
		tb.click("[data-testid=quick-options] > summary")
	}
}

// rowOf is the CSS selector of the row whose title is title.
func (tb *tab) rowOf(title string) string {
	tb.t.Helper()
	id := js[string](tb, fmt.Sprintf(`(Array.from(document.querySelectorAll("[data-testid=task-row]")).find(r => r.querySelector("[data-testid=task-title]")?.textContent.trim() === %s) || {}).id || ""`, strconv.Quote(title)))
	if id == "" {
		tb.t.Fatalf("no row titled %q; rows: %q", title, tb.texts("[data-testid=task-title]"))
	}
	return "#" + id
}

// markPage sets a marker on window that only survives while no full page
// load happens.
func (tb *tab) markPage() {
	tb.t.Helper()
	tb.do(chromedp.Evaluate[chromedp.Void](`window.docketMarker = "still here"`))
}

func (tb *tab) wantNoReload() {
	tb.t.Helper()
	if !js[bool](tb, `window.docketMarker === "still here"`) {
		tb.t.Fatal("the page was reloaded; the change should have been swapped in place")
	}
}

func testQuickAdd(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv, withTimezone("UTC"))
	tb.signUp("quick")
	day := today(t, "UTC")
	tb.markPage()
	// The empty list's one action puts the caret in quick add.
	tb.click("[data-testid=empty-action]")
	if got := tb.focused(); got != "#new-title" {
		t.Errorf("the empty list's action focused %s, want quick add's field", got)
	}
	tb.quickAdd("Pay rent", "urgent", day.String())
	tb.quickAdd("Buy milk", "low", day.AddDays(1).String())
	tb.quickAdd("Read a book", "none", "")
	tb.wantNoReload()

	if got := tb.value("#new-title"); got != "" {
		t.Errorf("quick-add title after adding = %q, want it cleared", got)
	}
	if got, want := tb.text("[data-testid=summary]"), "3 open tasks · 1 due today"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	if tb.visible("[data-testid=empty-state]") {
		t.Error("the empty state still shows with three rows")
	}
	wantRow := func(title, priority, due string) {
		t.Helper()
		row := tb.rowOf(title)
		if got := tb.texts(row + " [data-testid=task-priority]"); !slices.Equal(got, nonEmpty(priority)) {
			t.Errorf("%s: priority badge %q, want %q", title, got, priority)
		}
		if got := tb.texts(row + " [data-testid=task-due]"); !slices.Equal(got, nonEmpty(due)) {
			t.Errorf("%s: due badge %q, want %q", title, got, due)
		}
	}
	wantRow("Pay rent", "Urgent", "Today")
	wantRow("Buy milk", "Low", "Tomorrow")
	wantRow("Read a book", "", "")

	// A reload shows the same tasks, now in the list's order: by due date.
	tb.open("/tasks")
	want := []string{"Pay rent", "Buy milk", "Read a book"}
	if got := tb.texts("[data-testid=task-title]"); !slices.Equal(got, want) {
		t.Errorf("after reload rows = %q, want %q", got, want)
	}
}

func nonEmpty(s string) []string {
	if s == "" {
		return []string{}
	}
	return []string{s}
}

// value is the current value of a form control.
func (tb *tab) value(sel string) string {
	tb.t.Helper()
	return js[string](tb, fmt.Sprintf(`document.querySelector(%s).value`, strconv.Quote(sel)))
}

// openMenu opens a row's menu and waits for its choices.
func (tb *tab) openMenu(row string) {
	tb.t.Helper()
	tb.click(row + " [data-testid=row-menu] > summary")
	tb.waitFor("the row menu's choices", fmt.Sprintf(`!!document.querySelector(%q)`, row+" [data-testid=row-menu][open] [data-testid=priority-picker]"))
	tb.settled()
}

// openPanel opens a task in the panel by a plain click on its row and
// waits for it.
func (tb *tab) openPanel(row string) {
	tb.t.Helper()
	tb.click(row + " [data-testid=task-title]")
	tb.waitFor("the task panel", `!!document.querySelector("#task-panel [data-testid=task-detail]") && location.pathname.startsWith("/tasks/")`)
	tb.settled()
}

// testPanelTitle edits a title in the task panel: Enter saves it, in the
// panel and in the row beside it, and Escape throws a change away.
func testPanelTitle(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv)
	tb.signUp("editor")
	tb.quickAdd("Draft letter", "none", "")
	row := tb.rowOf("Draft letter")
	id := strings.TrimPrefix(row, "#task-")
	tb.markPage()

	tb.openPanel(row)
	tb.wantPath("/tasks/" + id)
	panelTitle := "#task-panel [data-testid=task-title]"
	tb.click(panelTitle)
	tb.waitFor("the title editor", `!!document.querySelector("#task-panel [data-testid=title-editor] input[name=title]")`)
	input := "#task-panel input[name=title]"
	tb.typeInto(input, "Send letter")
	tb.do(sendKeys(input, kb.Enter)...)
	tb.waitFor("the saved title in the panel", fmt.Sprintf(`document.querySelector(%q)?.textContent.trim() === "Send letter"`, panelTitle))
	tb.waitFor("the saved title in the row", fmt.Sprintf(`document.querySelector(%q)?.textContent.trim() === "Send letter"`, row+" [data-testid=task-title]"))
	tb.wantNoReload()

	// Escape closes the editor and keeps the saved title; the next one
	// closes the panel.
	tb.click(panelTitle)
	tb.waitFor("the title editor", `!!document.querySelector("#task-panel [data-testid=title-editor] input[name=title]")`)
	tb.typeInto(input, "Throw away")
	tb.do(sendKeys(input, kb.Escape)...)
	tb.waitFor("the editor to close", `!document.querySelector("[data-testid=title-editor]")`)
	if got := tb.text(panelTitle); got != "Send letter" {
		t.Errorf("after Escape title = %q, want the saved one", got)
	}
	tb.press(kb.Escape)
	tb.waitFor("the panel to close", `!document.querySelector("#task-panel [data-testid=task-detail]") && location.pathname === "/tasks"`)
	tb.wantNoReload()
	tb.open("/tasks")
	if got := tb.texts("[data-testid=task-title]"); !slices.Equal(got, []string{"Send letter"}) {
		t.Errorf("after reload titles = %q, want the one saved edit", got)
	}
}

// testRowMenu makes the quick changes from a row's menu: each saves with
// one press, shows in the row and the counts, and closes the menu.
func testRowMenu(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv, withTimezone("UTC"))
	tb.signUp("meta")
	day := today(t, "UTC")
	tb.quickAdd("Water plants", "none", "")
	tb.quickAdd("File taxes", "none", "")
	row := tb.rowOf("Water plants")
	tb.markPage()

	tb.openMenu(row)
	tb.click(row + " [data-testid=priority-picker] button[value=high]")
	tb.waitFor("the priority chip", fmt.Sprintf(`document.querySelector(%q)?.textContent.trim() === "High"`, row+" [data-testid=task-priority]"))
	if tb.count(row+" [data-testid=row-menu][open]") != 0 {
		t.Error("the menu stays open after a choice")
	}

	tb.openMenu(row)
	tb.click(row + " [data-testid=due-picker] .picker button:nth-of-type(2)") // Tomorrow
	tb.waitFor("the due chip", fmt.Sprintf(`document.querySelector(%q)?.textContent.trim() === "Tomorrow"`, row+" [data-testid=task-due]"))

	// Any day in words, here a date two days ago.
	tb.openMenu(row)
	tb.typeInto(row+" [data-testid=due-words]", day.AddDays(-2).String())
	tb.do(sendKeys(row+" [data-testid=due-words]", kb.Enter)...)
	tb.waitFor("the overdue chip", fmt.Sprintf(`document.querySelector(%q)?.textContent.trim() === "2 days overdue"`, row+" [data-testid=task-due]"))
	if got, want := tb.text("[data-testid=summary]"), "2 open tasks · 1 overdue"; got != want {
		t.Errorf("summary after the due change = %q, want %q", got, want)
	}

	// Words it does not read change nothing and say what it takes.
	tb.allowConsole("status of 422")
	tb.openMenu(row)
	tb.typeInto(row+" [data-testid=due-words]", "someday")
	tb.do(sendKeys(row+" [data-testid=due-words]", kb.Enter)...)
	tb.waitFor("the error", `document.querySelector("[data-testid=alert][role=alert]")?.textContent.includes("Enter a day such as")`)
	if got := tb.text(row + " [data-testid=task-due]"); got != "2 days overdue" {
		t.Errorf("a refused day changed the due date to %q", got)
	}
	tb.press(kb.Escape)
	if tb.count(row+" [data-testid=row-menu][open]") != 0 {
		t.Error("Escape left the row menu open")
	}
	tb.click("[data-testid=alert] .alert-close")

	// The calendar opens on the due date's month: the month after it, then
	// its 10th.
	tb.openMenu(row)
	tb.click(row + " .calendar-toggle > summary")
	tb.click(row + ` .calendar-head a[aria-label="Next month"]`)
	next := day.AddDays(-2).AddMonths(1)
	tb.waitFor("the next month", fmt.Sprintf(`document.querySelector(%q)?.textContent.trim() === %q`, row+" [data-testid=calendar-month]", next.Time().Format("January 2006")))
	tb.click(fmt.Sprintf(`%s .calendar button[value=%q]`, row, next.AddDays(9).String()))
	tb.waitFor("the calendar's day", fmt.Sprintf(`document.querySelector(%q)?.getAttribute("datetime") === %q`, row+" [data-testid=task-due]", next.AddDays(9).String()))

	// Done leaves the open list, and the counts follow.
	tb.click(row + " [data-testid=task-toggle]")
	tb.waitFor("the done row to leave the open list", fmt.Sprintf(`!document.querySelector(%q)`, row))
	if got, want := tb.text("[data-testid=summary]"), "1 open task"; got != want {
		t.Errorf("summary after done = %q, want %q", got, want)
	}
	tb.wantNoReload()

	uid := srv.userID(t, "meta")
	tasks, err := models.ListTasks(context.Background(), srv.db.Read, uid, models.TaskFilter{Status: "all", Due: "any", Query: "Water", Sort: "due", Page: 1}, day)
	if err != nil || len(tasks.Tasks) != 1 {
		t.Fatalf("stored task: %v, %v", tasks, err)
	}
	got := tasks.Tasks[0]
	if got.Priority != models.PriorityHigh || got.Status != models.StatusDone || got.Due != next.AddDays(9) {
		t.Errorf("stored task = priority %v, status %v, due %v; want high, done, %v", got.Priority, got.Status, got.Due, next.AddDays(9))
	}

	// In the "done" view, toggling reopens the task.
	tb.open("/tasks?status=done")
	row = tb.rowOf("Water plants")
	if got := js[string](tb, fmt.Sprintf(`document.querySelector(%q).getAttribute("aria-pressed")`, row+" [data-testid=task-toggle]")); got != "true" {
		t.Errorf("done task's check aria-pressed = %q, want true", got)
	}
	tb.click(row + " [data-testid=task-toggle]")
	tb.waitFor("the reopened row to leave the done list", fmt.Sprintf(`!document.querySelector(%q)`, row))
	if got, want := tb.text("[data-testid=summary]"), "2 open tasks"; got != want {
		t.Errorf("summary after reopening = %q, want %q", got, want)
	}
}

// userID looks up a user the test signed up.
func (s *server) userID(t *testing.T, username string) int64 {
	t.Helper()
	u, err := models.GetUserByUsername(context.Background(), s.db.Read, username)
	if err != nil {
		t.Fatalf("user %s: %v", username, err)
	}
	return u.ID
}
