package e2e

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/uptrace/bun"

	"docket/models"
)

// seed stores tasks for the user in one transaction, far faster than the UI.
func (s *server) seed(t *testing.T, userID int64, tasks ...models.Task) []models.Task {
	t.Helper()
	err := s.db.Write.RunInTx(context.Background(), nil, func(ctx context.Context, tx bun.Tx) error {
		for i := range tasks {
			tasks[i].UserID = userID
			if err := models.CreateTask(ctx, tx, &tasks[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seed tasks: %v", err)
	}
	return tasks
}

// wantTitles fails unless the list shows exactly these titles, in order.
func (tb *tab) wantTitles(when string, want ...string) {
	tb.t.Helper()
	if got := tb.texts("[data-testid=task-title]"); !slices.Equal(got, want) {
		tb.t.Errorf("%s: rows %q, want %q", when, got, want)
	}
}

// waitTitles waits until the list shows exactly these titles, in order.
func (tb *tab) waitTitles(when string, want ...string) {
	tb.t.Helper()
	tb.waitFor(when, fmt.Sprintf(`JSON.stringify(Array.from(document.querySelectorAll("[data-testid=task-title]"), e => e.textContent.trim())) === %q`, jsonList(want)))
}

func jsonList(ss []string) string {
	out := "["
	for i, s := range ss {
		if i > 0 {
			out += ","
		}
		out += fmt.Sprintf("%q", s)
	}
	return out + "]"
}

func testFilters(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv)
	tb.signUp("filter")
	srv.seed(t, srv.userID(t, "filter"),
		models.Task{Title: "Alpha report", Status: models.StatusTodo, Priority: models.PriorityHigh},
		models.Task{Title: "Beta launch", Status: models.StatusDoing, Priority: models.PriorityUrgent},
		models.Task{Title: "Gamma notes", Status: models.StatusDone, Priority: models.PriorityHigh},
		models.Task{Title: "Delta review", Status: models.StatusTodo, Priority: models.PriorityLow, Description: "quarterly alpha numbers"},
	)
	tb.open("/tasks")
	tb.wantTitles("open tasks", "Beta launch", "Alpha report", "Delta review")
	tb.markPage()
	// The filters wait behind one control while none is set.
	if tb.visible("#filter-status") {
		t.Error("the filters show before their control is opened")
	}
	tb.openFilters()
	tb.setField("#filter-status", "done")
	tb.waitTitles("the done filter", "Gamma notes")
	tb.wantPath("/tasks?status=done")

	tb.setField("#filter-status", "all")
	tb.setField("#filter-priority", "high")
	tb.waitTitles("all high-priority tasks", "Gamma notes", "Alpha report")
	tb.wantPath("/tasks?priority=high&status=all")

	// The word arrives at once, as a paste does: typed key by key on a
	// loaded machine, each pause would make a history entry of its own.
	tb.pasteInto("#q", "alpha")
	tb.waitFor("the whole search in the URL", `location.search === "?priority=high&q=alpha&status=all"`)
	tb.waitTitles("the search", "Alpha report")
	tb.wantNoReload()

	// Back restores the previous filter: its list and its controls.
	tb.do(chromedp.NavigateBack())
	tb.waitFor("the previous URL", `location.search === "?priority=high&status=all"`)
	tb.waitTitles("the list after Back", "Gamma notes", "Alpha report")
	tb.wantControls("after Back", map[string]string{"#filter-status": "all", "#filter-priority": "high", "#q": ""})

	// The URL alone brings back the same view, in a new tab.
	other := tb.newTabLike()
	other.open("/tasks?priority=high&q=alpha&status=all")
	other.wantTitles("the filtered URL in a new tab", "Alpha report")
	other.wantControls("in the new tab", map[string]string{"#filter-status": "all", "#filter-priority": "high", "#q": "alpha"})
	if !other.visible("#filter-status") {
		t.Error("a filtered view hides the filters that are set")
	}

	// Each filter in use is a chip that drops it and keeps the rest.
	if got := other.texts("[data-testid=active-filter]"); !slices.Equal(got, []string{"Status: All, remove ×", "Priority: High, remove ×", "Search: “alpha”, remove ×"}) {
		t.Errorf("the filters in use read %q", got)
	}
	other.clickAndLoad("[data-testid=active-filter]:nth-child(2) a, li:nth-child(2) > [data-testid=active-filter]", "/tasks?q=alpha&status=all")
	other.wantTitles("without the priority filter", "Alpha report", "Delta review")

	// The search covers notes too; Clear returns to the default view.
	other.open("/tasks?q=alpha")
	other.wantTitles("a search matching notes", "Alpha report", "Delta review")
	other.clickAndLoad("[data-testid=clear-filters]", "/tasks")
	other.wantTitles("after Clear", "Beta launch", "Alpha report", "Delta review")
}

// openFilters opens the filters behind their one control, as a person
// would before changing them.
func (tb *tab) openFilters() {
	tb.t.Helper()
	if !js[bool](tb, `document.querySelector("[data-testid=filters-toggle]").open`) {
		tb.click("[data-testid=filters-toggle] > summary")
	}
}

// wantControls checks the values of form controls by selector.
func (tb *tab) wantControls(when string, want map[string]string) {
	tb.t.Helper()
	for sel, v := range want {
		if got := tb.value(sel); got != v {
			tb.t.Errorf("%s: %s = %q, want %q", when, sel, got, v)
		}
	}
}

func testLoadMore(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv)
	tb.signUp("many")
	tasks := make([]models.Task, 120)
	want := make([]string, len(tasks))
	for i := range tasks {
		tasks[i].Title = fmt.Sprintf("Task %03d", i+1)
		want[len(tasks)-1-i] = tasks[i].Title // newest first among equal due dates
	}
	srv.seed(t, srv.userID(t, "many"), tasks...)

	tb.open("/tasks")
	tb.wantTitles("page 1", want[:models.PageSize]...)
	tb.markPage()
	// A quick add puts a row on top; load more must still continue right
	// after the last row shown, neither repeating nor skipping one.
	tb.typeInto("#new-title", "Fresh")
	tb.click("[data-testid=quick-add] button[type=submit]")
	tb.waitTitles("after a quick add", append([]string{"Fresh"}, want[:models.PageSize]...)...)
	tb.click("[data-testid=load-more]")
	tb.waitFor("page 2", `document.querySelectorAll("[data-testid=task-row]").length === 101`)
	tb.click("[data-testid=load-more]")
	tb.waitFor("page 3", `document.querySelectorAll("[data-testid=task-row]").length === 121`)
	tb.wantTitles("pages 1 to 3", append([]string{"Fresh"}, want...)...)
	if n := tb.count("[data-testid=load-more]"); n != 0 {
		t.Errorf("load more still offered after the last page (%d links)", n)
	}
	tb.wantNoReload()
}

func testDelete(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv)
	tb.signUp("owner")
	tasks := srv.seed(t, srv.userID(t, "owner"),
		models.Task{Title: "Keep me"}, models.Task{Title: "Delete me"}, models.Task{Title: "Delete from its page"})
	tb.open("/tasks")
	row := tb.rowOf("Delete me")

	// Cancelling the confirmation keeps the task.
	tb.mu.Lock()
	tb.dismiss = true
	tb.mu.Unlock()
	tb.openMenu(row)
	tb.click(row + " [data-testid=task-delete]")
	asked := tb.waitDialogs(1)
	tb.settled()
	tb.mu.Lock()
	tb.dismiss = false
	tb.mu.Unlock()
	if want := []string{"Delete “Delete me”?"}; !slices.Equal(asked, want) {
		t.Errorf("confirmations = %q, want %q", asked, want)
	}
	if tb.count(row) != 1 {
		t.Fatal("the row went although the deletion was cancelled")
	}

	tb.click(row + " [data-testid=task-delete]") // the menu is still open
	tb.waitFor("the deleted row to go", fmt.Sprintf(`!document.querySelector(%q)`, row))
	tb.wantTitles("after deleting", "Delete from its page", "Keep me")
	if got, want := tb.text("[data-testid=summary]"), "2 open tasks"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	tb.waitFor("the confirmation", `document.querySelector("[data-testid=alert]")?.textContent.includes("Task deleted.")`)
	if _, err := models.GetTask(context.Background(), srv.db.Read, tasks[1].UserID, tasks[1].ID); err != models.ErrNotFound {
		t.Errorf("deleted task still stored: %v", err)
	}

	// From the task's own page, deleting returns to the list.
	tb.open(fmt.Sprintf("/tasks/%d", tasks[2].ID))
	tb.click("[data-testid=task-detail] [data-testid=task-delete]")
	tb.waitFor("the list after deleting from the task page", `location.pathname === "/tasks" && !!document.querySelector("[data-testid=task-list]")`)
	tb.wantTitles("after deleting from the task page", "Keep me")

	// Another user can neither see nor reach the remaining task.
	intruder := b.newTab(t, srv)
	intruder.allowConsole("status of 404")
	intruder.signUp("intruder")
	intruder.wantTitles("another user's list")
	for _, path := range []string{fmt.Sprintf("/tasks/%d", tasks[0].ID), fmt.Sprintf("/tasks/%d/edit?field=title", tasks[0].ID), fmt.Sprintf("/tasks/%d/delete", tasks[0].ID)} {
		resp := value(intruder, chromedp.NavigateResponse(intruder.base+path))
		if resp.Status != 404 {
			t.Errorf("another user's GET %s = %d, want 404", path, resp.Status)
		}
		if got := intruder.text("[data-testid=error-page] h1"); got != "Not found. It may have been deleted." {
			t.Errorf("another user's %s shows %q", path, got)
		}
	}
}
