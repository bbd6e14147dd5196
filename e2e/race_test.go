package e2e

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"docket/components"
	"docket/models"
)

// seedSearch stores matches tasks titled "Report NNN" among others for the
// user and returns the titles of the matches in list order, newest first.
func (s *server) seedSearch(t *testing.T, userID int64, matches, others int) ([]models.Task, []string) {
	t.Helper()
	tasks := make([]models.Task, 0, matches+others)
	for i := range matches + others {
		title := fmt.Sprintf("Report %03d", i)
		if i%2 == 1 && i < 2*others { // interleaved, so the search changes the list
			title = fmt.Sprintf("Errand %03d", i)
		}
		tasks = append(tasks, models.Task{Title: title, Status: models.StatusTodo})
	}
	tasks = s.seed(t, userID, tasks...)
	var want []string
	for i := len(tasks) - 1; i >= 0; i-- {
		if strings.HasPrefix(tasks[i].Title, "Report") {
			want = append(want, tasks[i].Title)
		}
	}
	if len(want) != matches {
		t.Fatalf("seeded %d matches, want %d", len(want), matches)
	}
	return tasks, want
}

// searchFor types query into the search box, as a person does, and waits
// for the list to show want, leaving the focus in the box.
func (tb *tab) searchFor(query string, want []string) {
	tb.t.Helper()
	tb.openFilters()
	tb.typeInto("#q", query)
	tb.waitTitles("the search results", want...)
	tb.waitFor("the search URL", fmt.Sprintf(`location.search === %q`, "?q="+query))
	tb.settled()
}

// waitStored waits until the task's stored status is want.
func (s *server) waitStored(t *testing.T, userID, id int64, want models.Status) {
	t.Helper()
	var got models.Status
	if eventually(stepTimeout, func() bool {
		task, err := models.GetTask(context.Background(), s.db.Read, userID, id)
		if err != nil {
			t.Fatal(err)
		}
		got = task.Status
		return got == want
	}) {
		return
	}
	t.Fatalf("task %d stored as %q, want %q", id, got, want)
}

// testSearchThenToggle ticks a task right after a search: leaving the
// search box must not refresh the list under the click, and the row and
// the counts must show what was saved.
func testSearchThenToggle(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv)
	tb.signUp("searcher")
	uid := srv.userID(t, "searcher")
	tasks, want := srv.seedSearch(t, uid, 60, 40)
	tb.open("/tasks")
	tb.searchFor("report", want[:models.PageSize])
	tb.markPage()

	first := tb.rowOf(want[0])
	tb.click(first + " [data-testid=task-toggle]") // a real click: the search box loses focus
	var id int64
	for _, task := range tasks {
		if task.Title == want[0] {
			id = task.ID
		}
	}
	srv.waitStored(t, uid, id, models.StatusDone)
	done := fmt.Sprintf(`!document.querySelector(%q) && document.querySelector("[data-testid=summary]").textContent.trim() === "99 open tasks"`, first)
	tb.waitFor("the ticked task to leave the open list and the counts to follow", done)
	tb.settled()
	if !js[bool](tb, done) {
		t.Errorf("after the list settled the ticked row is back or the counts are old: rows %q, summary %q",
			tb.texts("[data-testid=task-title]")[:3], tb.text("[data-testid=summary]"))
	}
	tb.wantTitles("the rest of the search", want[1:models.PageSize]...)
	tb.wantNoReload()
}

// testSearchThenLoadMore loads more right after a search: the next rows of
// the search must follow, once, and the link must offer the page after.
func testSearchThenLoadMore(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv)
	tb.signUp("reader")
	_, want := srv.seedSearch(t, srv.userID(t, "reader"), 118, 40)
	tb.open("/tasks")
	tb.searchFor("report", want[:models.PageSize])
	tb.markPage()

	tb.click("[data-testid=load-more]") // a real click: the search box loses focus
	tb.waitTitles("the second page of the search", want[:2*models.PageSize]...)
	tb.settled()
	tb.wantTitles("after the list settled", want[:2*models.PageSize]...)
	if href := js[string](tb, `document.querySelector("[data-testid=load-more]")?.getAttribute("href") || ""`); href != "/tasks?page=3&q=report" {
		t.Errorf("load-more link = %q, want the third page of the search", href)
	}
	tb.click("[data-testid=load-more]")
	tb.waitTitles("the whole search", want...)
	tb.wantNoReload()
}

// testLoadMoreKeyboard loads more with the keyboard: the focus moves to
// the first new row, so the next Tab continues through the new rows.
func testLoadMoreKeyboard(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv)
	tb.signUp("keys")
	tasks := make([]models.Task, models.PageSize+3)
	for i := range tasks {
		tasks[i].Title = fmt.Sprintf("Task %03d", i)
	}
	tasks = srv.seed(t, srv.userID(t, "keys"), tasks...)
	tb.open("/tasks")
	tb.do(chromedp.Focus(chromedp.CSS("[data-testid=load-more]")))
	tb.press(kb.Enter)
	tb.waitFor("the new rows", fmt.Sprintf(`document.querySelectorAll("[data-testid=task-row]").length === %d`, len(tasks)))
	tb.settled()
	// Rows are newest first, so the first new row is the third task stored.
	wantFocus := fmt.Sprintf("#%s-title", components.TaskDOMID(tasks[2].ID))
	tb.waitFor("the focus on the first new row", fmt.Sprintf(`document.activeElement?.matches(%q)`, wantFocus))
	tb.wantFocusVisible("after load more", wantFocus)
	tb.press(kb.Tab)
	if got := tb.focused(); got == "body" || strings.Contains(got, "skip") {
		t.Errorf("Tab after load more went to %s, want the controls of the new row", got)
	}
}

// holdFirstList pauses the answer to the first list fetch (HX-Target
// task-list) after the server has sent it, so a test can act while it is
// on its way; every other response passes. It returns a channel that
// receives once the answer is held, and the function that lets it go.
func (tb *tab) holdFirstList() (<-chan struct{}, func()) {
	tb.t.Helper()
	held := make(chan struct{})
	release := make(chan struct{})
	paused := chromedp.Events(tb.ctx, fetch.RequestPaused)
	go func() {
		first := true
		for ev, err := range paused {
			if err != nil {
				return
			}
			isList := false
			for name, v := range ev.Request.Headers {
				if strings.EqualFold(name, "HX-Target") && v == "task-list" {
					isList = true
				}
			}
			if isList && first {
				first = false
				close(held)
				go func(id fetch.RequestID) {
					select {
					case <-release:
					case <-tb.ctx.Done():
						return
					}
					_, _ = chromedp.Call(tb.ctx, fetch.ContinueResponse, fetch.ContinueResponseParams{RequestID: id})
				}(ev.RequestID)
				continue
			}
			_, _ = chromedp.Call(tb.ctx, fetch.ContinueResponse, fetch.ContinueResponseParams{RequestID: ev.RequestID})
		}
	}()
	if _, err := chromedp.Call(tb.ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{
		{URLPattern: "*/tasks*", RequestStage: fetch.RequestStageResponse},
	}}); err != nil {
		tb.t.Fatalf("intercept responses: %v", err)
	}
	var once sync.Once
	return held, func() { once.Do(func() { close(release) }) }
}

// testToggleDuringListFetch ticks a task while a filter change is on its
// way: the list the server rendered before the tick must not be shown
// over it.
func testToggleDuringListFetch(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv)
	tb.signUp("quick")
	uid := srv.userID(t, "quick")
	tasks := srv.seed(t, uid, models.Task{Title: "Alpha"}, models.Task{Title: "Beta"}, models.Task{Title: "Gamma"})
	tb.open("/tasks")
	alpha := tb.rowOf("Alpha")
	held, release := tb.holdFirstList()
	defer release()

	tb.openFilters()
	tb.setField("#filter-status", "all")
	select {
	case <-held:
	case <-time.After(stepTimeout):
		t.Fatal("the filter change fetched no list")
	}
	// The list is held, so htmx is not settled: click without waiting.
	tb.do(chromedp.Click(chromedp.CSS(alpha+" [data-testid=task-toggle]"), chromedp.NodeVisible))
	srv.waitStored(t, uid, tasks[0].ID, models.StatusDone)
	tb.waitFor("the tick's answer", fmt.Sprintf(`!document.querySelector(%q)`, alpha))
	release()

	ticked := fmt.Sprintf(`location.search.includes("status=all") && document.querySelector(%q)?.getAttribute("aria-pressed") === "true"`, alpha+" [data-testid=task-toggle]")
	tb.waitFor("the list of all tasks with Alpha ticked", ticked)
	tb.settled()
	if !js[bool](tb, ticked) {
		t.Errorf("after the list settled Alpha is shown unticked: %s", tb.text(alpha))
	}
	tb.wantTitles("all tasks", "Gamma", "Beta", "Alpha")
}

// testSlowSearchOvertaken types on while the answer to the first words of
// a search is slow: the next fetch waits for it instead of aborting it,
// and its now stale list is never shown.
func testSlowSearchOvertaken(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv)
	tb.signUp("typist")
	srv.seed(t, srv.userID(t, "typist"), models.Task{Title: "Alpha report"}, models.Task{Title: "Alpine trip"}, models.Task{Title: "Beta"})
	tb.open("/tasks")
	tb.do(chromedp.Evaluate[chromedp.Void](`window.shownLists = [];
		document.addEventListener("htmx:afterSwap", () => window.shownLists.push(
			Array.from(document.querySelectorAll("[data-testid=task-title]"), e => e.textContent.trim()).sort().join("|")))`))
	held, release := tb.holdFirstList()
	defer release()

	tb.openFilters()
	tb.pasteInto("#q", "alp")
	select {
	case <-held:
	case <-time.After(stepTimeout):
		t.Fatal("the search fetched no list")
	}
	// The answer for "alp" is held, so htmx is not settled: type on without
	// waiting, and ask for the list at once ("search" skips the typing pause).
	tb.do(chromedp.Evaluate[chromedp.Void](`(f => { f.value = "alpha"; f.dispatchEvent(new Event("search", {bubbles: true})); })(document.querySelector("#q"))`))
	release()
	tb.waitTitles("the whole word's list", "Alpha report")
	tb.waitFor("the whole word in the URL", `location.search === "?q=alpha"`)
	shown := value(tb, chromedp.Evaluate[[]string](`window.shownLists`))
	for _, s := range shown {
		if s == "Alpha report|Alpine trip" {
			t.Errorf("the stale list for %q was shown; lists shown: %q", "alp", shown)
		}
	}
}
