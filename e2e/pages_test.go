package e2e

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"docket/models"
)

// pageState is one thing a user can see: a page, or a page with a
// fragment swapped in. setup brings the tab there from the previous state.
type pageState struct {
	name string
	// get is set when the state is a plain GET of the current URL, so the
	// HTML the server sent can be checked as well as the live DOM.
	get   bool
	shoot bool // save screenshots of it
	setup func(tb *tab)
}

// documents collects the HTML to validate, from parallel tests.
type documents struct {
	mu   sync.Mutex
	docs map[string]string
}

func (d *documents) add(name, html string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.docs[name] = html
}

// pageChecks checks every page and fragment: valid HTML, no serious axe
// violations in light and dark at phone and desktop widths, a clean
// console; and it saves screenshots of the main pages. The states come in
// groups, each a scenario with a server and a tab of its own, so that
// they run side by side; one run of the Nu HTML Checker validates the
// HTML of them all once the last group is done.
type pageChecks struct {
	docs   documents
	groups sync.WaitGroup
}

// scenarios are the groups of states, the longest first.
func (p *pageChecks) scenarios() []scenario {
	p.docs.docs = map[string]string{}
	groups := []struct {
		name   string
		states func(t *testing.T, srv *server, tb *tab) []pageState
	}{
		{"page checks organise", organiseStates},
		{"page checks signed out", signedOutStates},
		{"page checks task list", taskListStates},
		{"page checks list editors", listEditorStates},
		{"page checks task page", taskPageStates},
		{"page checks account", accountStates},
	}
	var scs []scenario
	for _, g := range groups {
		p.groups.Add(1)
		scs = append(scs, scenario{name: g.name, done: p.groups.Done, run: func(t *testing.T, b *browser) {
			_, _, axePath := checkTools(t)
			axeSource, err := os.ReadFile(axePath)
			if err != nil {
				t.Fatal(err)
			}
			srv := startDocket(t)
			tb := b.newTab(t, srv)
			tb.checkStates(string(axeSource), &p.docs, g.states(t, srv, tb))
		}})
	}
	return scs
}

// validate waits until every group is done, then checks the HTML they
// collected.
func (p *pageChecks) validate(t *testing.T) {
	p.groups.Wait()
	java, vnu, _ := checkTools(t)
	if len(p.docs.docs) == 0 {
		t.Skip("no page was checked")
	}
	validateHTML(t, java, vnu, p.docs.docs)
}

// checkStates walks through states, checking each in every viewport.
func (tb *tab) checkStates(axeSource string, docs *documents, states []pageState) {
	tb.allowConsole("status of 404")
	tb.allowConsole("status of 422")
	for _, st := range states {
		st.setup(tb)
		tb.settled()
		docs.add(st.name+"-dom", "<!DOCTYPE html>\n"+js[string](tb, `document.documentElement.outerHTML`))
		if st.get {
			docs.add(st.name, value(tb, chromedp.Evaluate[string](`fetch(location.href).then(r => r.text())`, chromedp.EvalAwaitPromise)))
		}
		for _, v := range viewports {
			tb.emulate(v)
			for _, viol := range tb.runAxe(axeSource) {
				var where []string
				for _, n := range viol.Nodes {
					where = append(where, fmt.Sprint(n.Target...)+": "+n.Summary)
				}
				tb.t.Errorf("axe %s on %s at %s: %s (%s)\n\t%s", viol.Impact, st.name, v, viol.ID, viol.Help, strings.Join(where, "\n\t"))
			}
			if st.shoot {
				tb.screenshot(st.name+"-"+v.String(), v)
			}
		}
	}
}

func signedOutStates(*testing.T, *server, *tab) []pageState {
	return []pageState{
		{name: "login", get: true, shoot: true, setup: func(tb *tab) { tb.open("/login") }},
		{name: "register", get: true, shoot: true, setup: func(tb *tab) { tb.open("/register") }},
		{name: "register-errors", setup: func(tb *tab) {
			tb.do(chromedp.Evaluate[chromedp.Void](`document.querySelector("[data-testid=register-form]").noValidate = true`))
			tb.typeInto("#username", "x!")
			tb.typeInto("#password", "short")
			tb.click("[data-testid=register-form] button[type=submit]")
			tb.waitFor("the sign-up errors", `!!document.querySelector("[data-testid=username-error]")`)
		}},
		{name: "not-found", get: true, setup: func(tb *tab) { tb.open("/no-such-page") }},
		{name: "tasks-empty", get: true, shoot: true, setup: func(tb *tab) { tb.signUp("newcomer") }},
	}
}

// signInOwner signs up the user whose tasks the signed-in states show,
// stores the tasks, and returns the path of one task's page and the CSS
// selector of another's row.
func signInOwner(t *testing.T, srv *server, tb *tab) (detail, row string) {
	tb.signUp("owner")
	day := today(t, "UTC")
	tasks := srv.seed(t, srv.userID(t, "owner"),
		models.Task{Title: "Renew the car insurance", Priority: models.PriorityUrgent, Due: day.AddDays(-2)},
		models.Task{Title: "Call the plumber about the kitchen tap", Priority: models.PriorityHigh, Due: day, Status: models.StatusDoing},
		models.Task{Title: "Book dentist", Priority: models.PriorityMedium, Due: day.AddDays(1)},
		models.Task{Title: "Plan the garden", Priority: models.PriorityLow, Due: day.AddDays(5),
			Description: "Tomatoes along the south wall.\nHerbs by the door."},
		models.Task{Title: "Read “The Left Hand of Darkness”", Due: day.AddDays(40)},
		models.Task{Title: "Sort old photos"},
		models.Task{Title: "Return library books", Status: models.StatusDone},
	)
	return fmt.Sprintf("/tasks/%d", tasks[3].ID), "#" + fmt.Sprintf("task-%d", tasks[2].ID)
}

func taskListStates(t *testing.T, srv *server, tb *tab) []pageState {
	signInOwner(t, srv, tb)
	return []pageState{
		{name: "tasks-full", get: true, shoot: true, setup: func(tb *tab) { tb.open("/tasks") }},
		{name: "tasks-all", get: true, setup: func(tb *tab) { tb.open("/tasks?status=all&sort=priority") }},
		{name: "tasks-no-match", get: true, setup: func(tb *tab) { tb.open("/tasks?q=zebra") }},
	}
}

func listEditorStates(t *testing.T, srv *server, tb *tab) []pageState {
	_, row := signInOwner(t, srv, tb)
	return []pageState{
		{name: "quick-add-error", shoot: true, setup: func(tb *tab) {
			tb.open("/tasks")
			tb.click("[data-testid=quick-add] button[type=submit]")
			tb.waitFor("the title error", `!!document.querySelector("[data-testid=title-error]")`)
		}},
		{name: "filters-open", setup: func(tb *tab) {
			tb.open("/tasks")
			tb.openFilters()
		}},
		{name: "row-menu", shoot: true, setup: func(tb *tab) {
			tb.open("/tasks")
			tb.openMenu(row)
			tb.click(row + " .calendar-toggle > summary")
		}},
		{name: "task-panel", shoot: true, setup: func(tb *tab) {
			tb.open("/tasks")
			tb.openPanel(row)
		}},
		{name: "panel-title-editor", setup: func(tb *tab) {
			tb.click("#task-panel [data-testid=task-title]")
			tb.waitFor("the panel's title editor", `!!document.querySelector("#task-panel [data-testid=title-editor]")`)
		}},
		{name: "panel-title-editor-error", setup: func(tb *tab) {
			tb.typeInto("#task-panel input[name=title]", " ")
			tb.do(sendKeys("#task-panel input[name=title]", kb.Enter)...)
			tb.waitFor("the title error", `!!document.querySelector("#task-panel [data-testid=title-editor] [data-testid=title-error]")`)
		}},
	}
}

func taskPageStates(t *testing.T, srv *server, tb *tab) []pageState {
	detail, _ := signInOwner(t, srv, tb)
	return []pageState{
		{name: "task-detail", get: true, shoot: true, setup: func(tb *tab) { tb.open(detail) }},
		{name: "detail-title-editor", setup: func(tb *tab) {
			tb.click("[data-testid=task-detail] [data-testid=task-title]")
			tb.waitFor("the detail title editor", `!!document.querySelector("[data-testid=title-editor]")`)
		}},
		{name: "description-editor", setup: func(tb *tab) {
			tb.open(detail)
			tb.click("[data-testid=edit-description]")
			tb.waitFor("the notes editor", `!!document.querySelector("[data-testid=description-editor]")`)
		}},
		{name: "title-editor-page", get: true, setup: func(tb *tab) { tb.open(detail + "/edit?field=title") }},
		{name: "delete-confirm", get: true, shoot: true, setup: func(tb *tab) { tb.open(detail + "/delete") }},
	}
}

func accountStates(t *testing.T, srv *server, tb *tab) []pageState {
	signInOwner(t, srv, tb)
	return []pageState{
		{name: "account", get: true, shoot: true, setup: func(tb *tab) { tb.open("/account") }},
		{name: "account-errors", setup: func(tb *tab) {
			tb.typeInto("#current", "not my password")
			tb.typeInto("#new", "a new password")
			tb.click("[data-testid=password-form] button[type=submit]")
			tb.waitFor("the password error", `!!document.querySelector("[data-testid=current-error]")`)
		}},
		{name: "task-not-found", get: true, shoot: true, setup: func(tb *tab) { tb.open("/tasks/999999") }},
	}
}
