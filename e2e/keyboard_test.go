package e2e

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// press sends one key, with modifiers, to whatever has focus.
func (tb *tab) press(key string, mods ...chromedp.Modifier) {
	tb.t.Helper()
	tb.do(chromedp.KeyEvent(key, chromedp.KeyModifiers(mods...)))
}

// focused describes the focused element: its id, or its tag and test id.
func (tb *tab) focused() string {
	tb.t.Helper()
	return js[string](tb, `(() => { const e = document.activeElement; return !e || e === document.body ? "body" : (e.id ? "#" + e.id : e.tagName.toLowerCase() + "[" + (e.dataset.testid || e.className) + "]"); })()`)
}

// wantFocusVisible fails unless the focused element matches sel and shows
// a visible focus indicator.
func (tb *tab) wantFocusVisible(when, sel string) {
	tb.t.Helper()
	ok := js[bool](tb, fmt.Sprintf(`(() => {
		const e = document.activeElement;
		if (!e || !e.matches(%s)) return false;
		const s = getComputedStyle(e);
		// A date field's calendar button is focused inside the field.
		const focused = e.matches(":focus-visible") || e.matches("input[type=date]:focus-within");
		return focused && s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
	})()`, strconv.Quote(sel)))
	if !ok {
		tb.t.Errorf("%s: focus on %s, want a visible focus on %s", when, tb.focused(), sel)
	}
}

// tabTo presses Tab until the focus is on sel, checking that every stop
// on the way shows where the focus is.
func (tb *tab) tabTo(sel string) {
	tb.t.Helper()
	for range 40 {
		tb.press(kb.Tab)
		tb.wantFocusVisible("tabbing to "+sel, "*")
		if js[bool](tb, fmt.Sprintf(`document.activeElement.matches(%s)`, strconv.Quote(sel))) {
			return
		}
	}
	tb.t.Fatalf("Tab never reached %s", sel)
}

// testKeyboard runs the main flow with Tab, Enter and Escape only.
func testKeyboard(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv)
	tb.open("/register")

	tb.press(kb.Tab)
	tb.wantFocusVisible("the first Tab", ".skip-link")
	if !tb.visible(".skip-link") || js[float64](tb, `document.querySelector(".skip-link").getBoundingClientRect().left`) < 0 {
		t.Error("the focused skip link is off screen")
	}
	tb.tabTo("#username")
	tb.do(chromedp.KeyEvent("keys"))
	tb.tabTo("#password")
	tb.do(chromedp.KeyEvent(testPassword + kb.Enter))
	tb.waitFor("the task list", `location.pathname === "/tasks" && document.readyState === "complete"`)

	// Quick add keeps the focus in the title field for the next task.
	tb.tabTo("#new-title")
	for i, title := range []string{"First by keyboard", "Second by keyboard"} {
		tb.do(chromedp.KeyEvent(title + kb.Enter))
		tb.waitFor(title, fmt.Sprintf(`document.querySelectorAll("[data-testid=task-row]").length === %d`, i+1))
		tb.settled()
		tb.wantFocusVisible("after adding "+title, "#new-title")
	}

	// Enter opens the task in the panel with the focus on its title;
	// Enter there opens the title editor, and Enter saves with the focus
	// back on the title.
	first := tb.rowOf("First by keyboard")
	tb.tabTo(first + " [data-testid=task-title]")
	tb.press(kb.Enter)
	tb.waitFor("the task panel", `!!document.querySelector("#task-panel [data-testid=task-detail]")`)
	tb.settled()
	panelTitle := "#task-panel [data-testid=task-title]"
	tb.wantFocusVisible("in the open panel", panelTitle)
	tb.press(kb.Enter)
	tb.waitFor("the title editor", `!!document.querySelector("#task-panel [data-testid=title-editor]")`)
	tb.settled()
	tb.wantFocusVisible("in the open editor", "#task-panel input[name=title]")
	tb.do(chromedp.KeyEvent(" edited" + kb.Enter))
	tb.waitFor("the saved title", fmt.Sprintf(`document.querySelector(%q)?.textContent.trim() === "First by keyboard edited"`, panelTitle))
	tb.settled()
	tb.wantFocusVisible("after saving the title", panelTitle)

	// Escape closes an editor, then the panel, and the focus returns to
	// the row, which shows the new title.
	tb.press(kb.Enter)
	tb.waitFor("the title editor", `!!document.querySelector("#task-panel [data-testid=title-editor]")`)
	tb.settled()
	tb.press(kb.Escape)
	tb.waitFor("the editor to close", `!document.querySelector("[data-testid=title-editor]")`)
	tb.settled()
	tb.wantFocusVisible("after Escape", panelTitle)
	tb.press(kb.Escape)
	tb.waitFor("the panel to close", `!document.querySelector("#task-panel [data-testid=task-detail]")`)
	tb.settled()
	tb.wantFocusVisible("after closing the panel", first+" [data-testid=task-title]")
	if got := tb.text(first + " [data-testid=task-title]"); got != "First by keyboard edited" {
		t.Errorf("the row reads %q after the edit in the panel", got)
	}

	// Shift+Tab reaches the done button; Enter marks the task done and
	// the row leaves the open list, so the focus moves to its neighbour.
	tb.press(kb.Tab, chromedp.ModifierShift)
	tb.wantFocusVisible("Shift+Tab from the title", first+" [data-testid=task-toggle]")
	tb.press(kb.Enter)
	tb.waitFor("the done row to leave", fmt.Sprintf(`!document.querySelector(%q)`, first))
	tb.settled()
	tb.wantFocusVisible("after marking done", "[data-testid=task-title]")

	// The row menu by keyboard: Enter opens it, its choices are buttons,
	// Escape closes it and the focus stays on its button.
	second := tb.rowOf("Second by keyboard")
	menu := second + " [data-testid=row-menu] > summary"
	tb.tabTo(menu)
	tb.press(kb.Enter)
	tb.waitFor("the menu's choices", fmt.Sprintf(`!!document.querySelector(%q)`, second+" [data-testid=priority-picker]"))
	tb.settled()
	tb.tabTo(second + " [data-testid=priority-picker] button[value=urgent]")
	tb.press(kb.Enter)
	tb.waitFor("the priority chip", fmt.Sprintf(`document.querySelector(%q)?.textContent.trim() === "Urgent"`, second+" [data-testid=task-priority]"))
	tb.settled()
	tb.tabTo(menu)
	tb.press(kb.Enter)
	tb.waitFor("the menu's choices", fmt.Sprintf(`!!document.querySelector(%q)`, second+" [data-testid=priority-picker]"))
	tb.settled()
	tb.press(kb.Tab)
	tb.press(kb.Escape)
	tb.waitFor("the menu to close", fmt.Sprintf(`!document.querySelector(%q)`, second+" [data-testid=row-menu][open]"))
	tb.wantFocusVisible("after Escape in the menu", menu)

	// Delete by keyboard from the menu; the dialog is accepted and the
	// focus stays on the page, not lost to the body.
	tb.press(kb.Enter)
	tb.waitFor("the menu's choices", fmt.Sprintf(`!!document.querySelector(%q)`, second+" [data-testid=row-menu][open] [data-testid=task-delete]"))
	tb.tabTo(second + " [data-testid=task-delete]")
	tb.press(kb.Enter)
	tb.waitDialogs(1)
	tb.waitFor("the list to empty", `document.querySelectorAll("[data-testid=task-row]").length === 0`)
	tb.settled()
	tb.wantFocusVisible("after deleting the last task", "#new-title")
}
