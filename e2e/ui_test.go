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

// testTitleLink: a plain click on a title edits it in place, while a
// modified click opens the task's page in a new tab, as any link does;
// every row has a link to that page.
func testTitleLink(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv)
	tb.signUp("linker")
	tb.quickAdd("Plan trip", "none", "")
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
		if n := tb.count("[data-testid=title-editor]"); n != 0 {
			t.Errorf("%s on a title opened the inline editor", click.name)
		}
		tb.wantPath("/tasks")
	}

	// A plain click still edits in place.
	tb.markPage()
	tb.click(title)
	tb.waitFor("the title editor", fmt.Sprintf(`!!document.querySelector(%q)`, row+" [data-testid=title-editor]"))
	tb.wantNoReload()
	tb.settled()
	tb.press(kb.Escape)
	tb.waitFor("the editor to close", `!document.querySelector("[data-testid=title-editor]")`)

	// The Open link leads to the page with the notes.
	tb.clickAndLoad(row+" [data-testid=task-open]", "/tasks/"+id)
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

// testSelectKeys: arrow keys on a row's closed select browse the options
// without saving; Enter or leaving the select saves the choice once.
func testSelectKeys(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv)
	tb.signUp("picker")
	tb.quickAdd("Pick me", "none", "")
	row := tb.rowOf("Pick me")
	id := strings.TrimPrefix(row, "#task-")
	stored := func() *models.Task {
		t.Helper()
		n, _ := strconv.ParseInt(id, 10, 64)
		task, err := models.GetTask(t.Context(), srv.db.Read, srv.userID(t, "picker"), n)
		if err != nil {
			t.Fatal(err)
		}
		return task
	}
	tb.countRequests()

	priority := row + " select[name=priority]"
	tb.do(chromedp.Focus(chromedp.CSS(priority)))
	tb.press(kb.ArrowDown)
	tb.press(kb.ArrowDown)
	if got := tb.requests(); got != 0 {
		t.Errorf("two ArrowDown presses sent %d requests, want none before a choice", got)
	}
	tb.press(kb.Enter)
	tb.waitFor("the saved priority", fmt.Sprintf(`document.querySelector(%q)?.textContent.trim() === "Medium"`, row+" [data-testid=task-priority]"))
	if got := tb.requests(); got != 1 {
		t.Errorf("browsing two options and Enter sent %d requests, want 1", got)
	}
	if got := stored().Priority; got != models.PriorityMedium {
		t.Errorf("stored priority %v, want medium", got)
	}
	tb.wantFocusVisible("after Enter on the priority", row+" select[name=priority]")

	// Tab saves a browsed status and moves on, as Tab does.
	tb.press(kb.Tab)
	tb.wantFocusVisible("Tab from the priority", row+" select[name=status]")
	tb.press(kb.ArrowDown)
	tb.press(kb.Tab)
	tb.waitFor("the doing badge", fmt.Sprintf(`!!document.querySelector(%q)`, row+" .badge.doing"))
	if got := tb.requests(); got != 2 {
		t.Errorf("after Tab from the status %d requests in all, want 2", got)
	}
	if got := stored().Status; got != models.StatusDoing {
		t.Errorf("stored status %v, want doing", got)
	}
	tb.wantFocusVisible("after Tab from the status", row+" input[name=due]")
}

// testOneEditor: opening a second title editor closes the first, saving
// what was typed in it; clicking away does the same; Escape throws the
// change away. Overdue rows line up with the others.
func testOneEditor(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv, withTimezone("UTC"))
	tb.signUp("focused")
	day := today(t, "UTC")
	tb.quickAdd("First", "none", "")
	tb.quickAdd("Second", "none", day.AddDays(-1).String())
	first, second := tb.rowOf("First"), tb.rowOf("Second")

	if got := tb.text(second + " [data-testid=task-due]"); got != "1 day overdue" {
		t.Errorf("yesterday's task reads %q, want %q", got, "1 day overdue")
	}
	left := func(row string) float64 {
		return js[float64](tb, fmt.Sprintf(`document.querySelector(%q).getBoundingClientRect().left`, row+" [data-testid=task-title]"))
	}
	if a, b := left(first), left(second); a != b {
		t.Errorf("an overdue row's title starts at %v px, the others at %v px", b, a)
	}

	// The Open link shares the facts line: a one-line row stays compact.
	for _, row := range []string{first, second} {
		if h := js[float64](tb, fmt.Sprintf(`document.querySelector(%q).getBoundingClientRect().height`, row)); h > 64 {
			t.Errorf("row %s is %v px tall, want at most 64", row, h)
		}
	}

	openEditor := func(row string) {
		t.Helper()
		tb.click(row + " [data-testid=task-title]")
		tb.waitFor("the title editor", fmt.Sprintf(`!!document.querySelector(%q)`, row+" [data-testid=title-editor]"))
		tb.settled()
	}
	openEditor(first)
	tb.do(chromedp.KeyEvent(" draft"))
	openEditor(second)
	tb.waitFor("the first title saved", fmt.Sprintf(`document.querySelector(%q)?.textContent.trim() === "First draft"`, first+" [data-testid=task-title]"))
	if n := tb.count("[data-testid=title-editor]"); n != 1 {
		t.Errorf("%d editors open, want only the second", n)
	}

	// Clicking away from an unchanged editor closes it.
	tb.click("h1")
	tb.waitFor("the second editor to close", `!document.querySelector("[data-testid=title-editor]")`)

	// Clicking away from a changed one saves it.
	openEditor(second)
	tb.do(chromedp.KeyEvent(" edited"))
	tb.click("h1")
	tb.waitFor("the second title saved", fmt.Sprintf(`document.querySelector(%q)?.textContent.trim() === "Second edited"`, second+" [data-testid=task-title]"))

	// The row's own checkbox: the typed title is saved first, and that
	// press does nothing else; the next one marks the task done.
	openEditor(first)
	tb.do(chromedp.KeyEvent(" again"))
	tb.click(first + " [data-testid=task-toggle]")
	tb.waitFor("the title saved before the checkbox", fmt.Sprintf(`document.querySelector(%q)?.textContent.trim() === "First draft again"`, first+" [data-testid=task-title]"))
	tb.settled()
	if tb.count(first+".done") != 0 {
		t.Error("the press that saved the title also marked the task done")
	}
	tb.click(first + " [data-testid=task-toggle]")
	tb.waitFor("the done row to leave the open list", fmt.Sprintf(`!document.querySelector(%q)`, first))
	tb.open("/tasks?status=all")

	// Escape throws the change away.
	openEditor(first)
	tb.do(chromedp.KeyEvent(" thrown away"))
	tb.press(kb.Escape)
	tb.waitFor("the editor to close", `!document.querySelector("[data-testid=title-editor]")`)
	tb.open("/tasks?status=all")
	if got := tb.texts("[data-testid=task-title]"); !slices.Equal(got, []string{"Second edited", "First draft again"}) {
		t.Errorf("stored titles %q, want the two saved edits only", got)
	}
}
