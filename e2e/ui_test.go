package e2e

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"docket/models"
)

// clickWith clicks the first element matching sel with the mouse options
// given: another button, or modifier keys held.
func (tb *tab) clickWith(sel string, opts ...chromedp.MouseOption) {
	tb.t.Helper()
	tb.settled()
	nodes := value(tb, chromedp.Nodes(chromedp.CSS(sel), chromedp.NodeVisible))
	tb.do(chromedp.MouseClickNode(nodes[0], opts...))
}

// newTarget reports whether the browser has opened a page at path, as a
// modified click on a link does, within a few seconds.
func (tb *tab) newTarget(path string) bool {
	tb.t.Helper()
	return eventually(3*time.Second, func() bool {
		infos, err := chromedp.Targets(tb.ctx)
		if err != nil {
			tb.t.Fatalf("list targets: %v", err)
		}
		return slices.ContainsFunc(infos, func(i *target.Info) bool { return i.Type == "page" && i.URL == tb.base+path })
	})
}

// testTaskPanel: a plain click on a row opens the task in the panel at its
// own address, while a modified click on the title opens the task's page
// in a new tab, as any link does. Back, Close and Escape return to the
// list; a change in the panel shows in the row and one in the row in the
// panel; the address alone shows the task's page.
func testTaskPanel(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv)
	tb.signUp("linker")
	tb.quickAdd("Plan trip", "none", "")
	tb.quickAdd("Pack bags", "none", "")
	row := tb.rowOf("Plan trip")
	id := strings.TrimPrefix(row, "#task-")
	title := row + " [data-testid=task-title]"

	for _, click := range []struct {
		name string
		opts []chromedp.MouseOption
	}{
		{"Ctrl+click", []chromedp.MouseOption{chromedp.ButtonModifiers(chromedp.ModifierCtrl)}},
		{"Shift+click", []chromedp.MouseOption{chromedp.ButtonModifiers(chromedp.ModifierShift)}},
		{"middle click", []chromedp.MouseOption{chromedp.ButtonType("middle")}},
	} {
		// A listener on window runs after the page's own: it sees whether
		// anything cancelled the browser's "open in a new tab".
		tb.do(chromedp.Evaluate[chromedp.Void](`window.docketClick = null;
			for (const type of ["click", "auxclick"]) window.addEventListener(type, e => {
				if (e.target.closest("[data-testid=task-title]")) window.docketClick = {prevented: e.defaultPrevented};
			}, {once: true});`))
		tb.clickWith(title, click.opts...)
		tb.waitFor(click.name, `window.docketClick !== null`)
		if js[bool](tb, `window.docketClick.prevented`) {
			t.Errorf("%s on a title was cancelled; it must open the task in a new tab", click.name)
		}
		if !tb.newTarget("/tasks/" + id) {
			t.Errorf("%s on a title opened no tab with the task's page", click.name)
		}
		tb.settled()
		if tb.visible("#task-panel") {
			t.Errorf("%s on a title opened the panel", click.name)
		}
		tb.wantPath("/tasks")
	}

	// A plain click anywhere on the row opens the panel; Back closes it.
	tb.markPage()
	tb.openPanel(row)
	tb.wantPath("/tasks/" + id)
	if got := tb.text("#task-panel [data-testid=task-title]"); got != "Plan trip" {
		t.Errorf("the panel shows %q", got)
	}
	if tb.focused() != "#detail-"+id+"-title" {
		t.Errorf("focus after opening the panel is on %s, want its title", tb.focused())
	}
	tb.do(chromedp.NavigateBack())
	tb.waitFor("Back to close the panel", `location.pathname === "/tasks" && !document.querySelector("#task-panel [data-testid=task-detail]")`)
	tb.wantNoReload()

	// Forward opens it again; Close closes it and the focus goes back to
	// the row it was opened from.
	tb.do(chromedp.NavigateForward())
	tb.waitFor("Forward to open the panel", `location.pathname === "/tasks/`+id+`" && !!document.querySelector("#task-panel [data-testid=task-detail]")`)
	tb.click("[data-testid=panel-close]")
	tb.waitFor("Close", `location.pathname === "/tasks" && !document.querySelector("#task-panel [data-testid=task-detail]")`)
	if got := tb.focused(); got != "#task-"+id+"-title" {
		t.Errorf("focus after closing the panel is on %s, want the row's title", got)
	}

	// A change in the panel shows in the row, one in the row in the panel.
	tb.click(row + " .chips, " + row + " [data-testid=task-title]")
	tb.waitFor("the panel", `!!document.querySelector("#task-panel [data-testid=task-detail]")`)
	tb.settled()
	tb.click("#task-panel [data-testid=priority-picker] button[value=urgent]")
	tb.waitFor("the row to follow the panel", fmt.Sprintf(`document.querySelector(%q)?.textContent.trim() === "Urgent"`, row+" [data-testid=task-priority]"))
	tb.click(row + " [data-testid=task-toggle]")
	tb.waitFor("the panel to follow the row", `document.querySelector("#task-panel [data-testid=task-toggle]")?.getAttribute("aria-pressed") === "true"`)
	tb.wantNoReload()

	// Another row replaces the panel's task.
	other := tb.rowOf("Pack bags")
	tb.openPanel(other)
	if got := tb.text("#task-panel [data-testid=task-title]"); got != "Pack bags" {
		t.Errorf("the panel shows %q after opening another row", got)
	}

	// The address alone is the task's page.
	tb.open("/tasks/" + id)
	if tb.count("[data-testid=task-list]") != 0 || tb.count("main > article[data-testid=task-detail], main [data-testid=task-detail]") != 1 {
		t.Error("the task's address does not show the task's page")
	}
	if !tb.visible("[data-testid=edit-description]") {
		t.Error("the task page offers no way to add notes")
	}
}

// countRequests makes the page count the requests htmx sends from now on,
// in window.docketRequests, across swaps.
func (tb *tab) countRequests() {
	tb.t.Helper()
	tb.do(chromedp.Evaluate[chromedp.Void](`window.docketRequests = 0;
		document.addEventListener("htmx:beforeRequest", () => window.docketRequests++);`))
}

func (tb *tab) requests() int {
	tb.t.Helper()
	tb.settled()
	return js[int](tb, `window.docketRequests`)
}

// testSelectKeys: arrow keys on a closed select of the task's page browse
// the options without saving; Enter or leaving the select saves the choice
// once.
func testSelectKeys(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv)
	tb.signUp("picker")
	tb.quickAdd("Pick me", "none", "")
	id := strings.TrimPrefix(tb.rowOf("Pick me"), "#task-")
	stored := func() *models.Task {
		t.Helper()
		n, _ := strconv.ParseInt(id, 10, 64)
		task, err := models.GetTask(t.Context(), srv.db.Read, srv.userID(t, "picker"), n)
		if err != nil {
			t.Fatal(err)
		}
		return task
	}
	tb.open("/tasks/" + id)
	tb.countRequests()

	status := "#detail-" + id + "-status"
	tb.do(chromedp.Focus(chromedp.CSS(status)))
	tb.press(kb.ArrowDown)
	tb.press(kb.ArrowDown)
	if got := tb.requests(); got != 0 {
		t.Errorf("two ArrowDown presses sent %d requests, want none before a choice", got)
	}
	tb.press(kb.Enter)
	tb.waitFor("the saved status", `document.querySelector("[data-testid=task-detail] [data-testid=task-toggle]")?.getAttribute("aria-pressed") === "true"`)
	if got := tb.requests(); got != 1 {
		t.Errorf("browsing two options and Enter sent %d requests, want 1", got)
	}
	if got := stored().Status; got != models.StatusDone {
		t.Errorf("stored status %v, want done", got)
	}
	tb.wantFocusVisible("after Enter on the status", status)

	// Tab saves a browsed status and moves on, as Tab does.
	tb.press(kb.ArrowUp)
	tb.press(kb.Tab)
	tb.waitFor("the doing chip", `!!document.querySelector("[data-testid=task-detail] .chip.doing")`)
	if got := tb.requests(); got != 2 {
		t.Errorf("after Tab from the status %d requests in all, want 2", got)
	}
	if got := stored().Status; got != models.StatusDoing {
		t.Errorf("stored status %v, want doing", got)
	}
	tb.wantFocusVisible("after Tab from the status", "#detail-"+id+"-list")
}

// testCompactRows: rows are one line (at most 64 px), overdue ones line up
// with the others, every control in them is a 44 px target, and Tab
// reaches a row's controls in three presses.
func testCompactRows(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv, withTimezone("UTC"))
	tb.signUp("compact")
	day := today(t, "UTC")
	tb.quickAdd("First", "none", "")
	tb.quickAdd("Second", "urgent", day.AddDays(-1).String())
	first, second := tb.rowOf("First"), tb.rowOf("Second")
	if got := tb.text(second + " [data-testid=task-due]"); got != "1 day overdue" {
		t.Errorf("yesterday's task reads %q, want %q", got, "1 day overdue")
	}
	for _, v := range []viewport{{390, "light"}, {1280, "light"}} {
		tb.emulate(v)
		left := func(row string) float64 {
			return js[float64](tb, fmt.Sprintf(`document.querySelector(%q).getBoundingClientRect().left`, row+" [data-testid=task-title]"))
		}
		if a, b := left(first), left(second); a != b {
			t.Errorf("%v: an overdue row's title starts at %v px, the others at %v px", v, b, a)
		}
		for _, row := range []string{first, second} {
			if h := js[float64](tb, fmt.Sprintf(`document.querySelector(%q).getBoundingClientRect().height`, row)); h > 64 {
				t.Errorf("%v: row %s is %v px tall, want at most 64", v, row, h)
			}
			small := js[[]string](tb, fmt.Sprintf(`Array.from(document.querySelectorAll(%q)).filter(e => { const r = e.getBoundingClientRect(); return e.checkVisibility() && (r.width < 44 || r.height < 44); }).map(e => e.outerHTML.slice(0, 80))`,
				row+" button, "+row+" summary, "+row+" a"))
			if len(small) > 0 {
				t.Errorf("%v: targets smaller than 44×44 px in %s: %q", v, row, small)
			}
		}
	}
	// On a phone the Inbox shows its first task on the first screen, with
	// quick add in place.
	phone := viewport{390, "light"}
	tb.emulate(phone)
	tb.click("[data-testid=menu-link]")
	tb.waitFor("the drawer", `document.querySelector("#sidebar").checkVisibility()`)
	tb.clickAndNext("#sidebar [data-testid=nav-item]") // the Inbox, first in the sidebar
	if got := tb.text("[data-testid=view-title]"); got != "Inbox" {
		t.Fatalf("the sidebar's first item leads to %q, want the Inbox", got)
	}
	if !tb.visible("#new-title") {
		t.Error("quick add is not in place on the phone")
	}
	if bottom := js[float64](tb, `document.querySelector("#task-rows > .task").getBoundingClientRect().bottom`); bottom > 844 {
		t.Errorf("on a 390×844 phone the first task ends at y=%v, below the first screen", bottom)
	}
	tb.screenshot("inbox-phone", phone)
	tb.emulate(viewport{1280, "light"})

	// From the row before, Tab reaches the checkbox, the title and the menu.
	// The newest task is on top.
	tb.do(chromedp.Focus(chromedp.CSS(second + " [data-testid=row-menu] > summary")))
	for _, want := range []string{first + "-toggle", first + "-title"} {
		tb.press(kb.Tab)
		if got := tb.focused(); got != want {
			t.Errorf("Tab went to %s, want %s", got, want)
		}
	}
	tb.press(kb.Tab)
	if !js[bool](tb, fmt.Sprintf(`document.activeElement === document.querySelector(%q)`, first+" [data-testid=row-menu] > summary")) {
		t.Errorf("the third Tab went to %s, want the row's menu", tb.focused())
	}
}

// testOneEditor: on the task's page, opening a second editor closes the
// first, saving what was typed in it; clicking away does the same; Escape
// throws the change away.
func testOneEditor(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv, withTimezone("UTC"))
	tb.signUp("focused")
	tb.quickAdd("First", "none", "")
	id := strings.TrimPrefix(tb.rowOf("First"), "#task-")
	tb.open("/tasks/" + id)
	title := "[data-testid=task-detail] [data-testid=task-title]"

	openTitle := func() {
		t.Helper()
		tb.click(title)
		tb.waitFor("the title editor", `!!document.querySelector("[data-testid=title-editor]")`)
		tb.settled()
	}
	// A press elsewhere in the task saves the typed title first and does
	// nothing else, rather than two requests racing to replace the task.
	openTitle()
	tb.do(chromedp.KeyEvent(" draft"))
	tb.click("[data-testid=edit-description]")
	tb.waitFor("the title saved", fmt.Sprintf(`document.querySelector(%q)?.textContent.trim() === "First draft"`, title))
	tb.settled()
	if n := tb.count("[data-testid=description-editor]"); n != 0 {
		t.Error("the press that saved the title also opened the notes editor")
	}
	tb.click("[data-testid=edit-description]")
	tb.waitFor("the notes editor", `!!document.querySelector("[data-testid=description-editor]")`)
	if n := tb.count("[data-testid=title-editor]"); n != 0 {
		t.Errorf("%d title editors open beside the notes editor, want none", n)
	}
	tb.settled()
	if got := tb.focused(); got != "#detail-"+id+"-description" {
		t.Errorf("focus in the open notes editor is on %s", got)
	}
	tb.press(kb.Escape)
	tb.waitFor("the notes editor to close", `!document.querySelector("[data-testid=description-editor]")`)

	// Clicking away from an unchanged editor closes it.
	openTitle()
	tb.click("#detail-" + id + "-notes-heading")
	tb.waitFor("the editor to close", `!document.querySelector("[data-testid=title-editor]")`)

	// Clicking away from a changed one saves it.
	openTitle()
	tb.do(chromedp.KeyEvent(" edited"))
	tb.click("#detail-" + id + "-notes-heading")
	tb.waitFor("the title saved", fmt.Sprintf(`document.querySelector(%q)?.textContent.trim() === "First draft edited"`, title))

	// The task's own checkbox: the typed title is saved first, and that
	// press does nothing else; the next one marks the task done.
	openTitle()
	tb.do(chromedp.KeyEvent(" again"))
	tb.click("[data-testid=task-detail] [data-testid=task-toggle]")
	tb.waitFor("the title saved before the checkbox", fmt.Sprintf(`document.querySelector(%q)?.textContent.trim() === "First draft edited again"`, title))
	tb.settled()
	if tb.count("[data-testid=task-detail].done") != 0 {
		t.Error("the press that saved the title also marked the task done")
	}
	tb.click("[data-testid=task-detail] [data-testid=task-toggle]")
	tb.waitFor("the task done", `!!document.querySelector("[data-testid=task-detail].done")`)

	// Escape throws the change away.
	openTitle()
	tb.do(chromedp.KeyEvent(" thrown away"))
	tb.press(kb.Escape)
	tb.waitFor("the editor to close", `!document.querySelector("[data-testid=title-editor]")`)
	tb.open("/tasks?status=all")
	if got := tb.texts("[data-testid=task-title]"); !slices.Equal(got, []string{"First draft edited again"}) {
		t.Errorf("stored titles %q, want the saved edits only", got)
	}
}
