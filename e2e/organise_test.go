package e2e

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"
	"github.com/uptrace/bun"

	"docket/components"
	"docket/models"
)

// seedList stores a list of the user's.
func (s *server) seedList(t *testing.T, userID int64, name string, colour models.Colour) models.List {
	t.Helper()
	l := models.List{UserID: userID, Name: name, Colour: colour}
	if err := models.CreateList(context.Background(), s.db.Write, &l); err != nil {
		t.Fatalf("seed list %s: %v", name, err)
	}
	return l
}

// seedLabels gives the user's task these labels, creating the new ones.
func (s *server) seedLabels(t *testing.T, userID, taskID int64, names ...string) {
	t.Helper()
	err := s.db.Write.RunInTx(context.Background(), nil, func(ctx context.Context, tx bun.Tx) error {
		return models.SetTaskLabels(ctx, tx, userID, taskID, names)
	})
	if err != nil {
		t.Fatalf("seed labels %q: %v", names, err)
	}
}

// task reads the user's task as stored.
func (s *server) task(t *testing.T, userID, id int64) *models.Task {
	t.Helper()
	task, err := models.GetTask(context.Background(), s.db.Read, userID, id)
	if err != nil {
		t.Fatalf("task %d: %v", id, err)
	}
	return task
}

// listIDOf is the id of the list whose view the tab shows.
func (tb *tab) listIDOf() int64 {
	tb.t.Helper()
	p := tb.path()
	id, err := strconv.ParseInt(strings.TrimPrefix(p, "/tasks?list="), 10, 64)
	if err != nil || !strings.HasPrefix(p, "/tasks?list=") {
		tb.t.Fatalf("URL = %s, want a list's view", p)
	}
	return id
}

// grouped is what a grouped view shows, in order: each heading as "# "
// and its text, each row as its title.
func (tb *tab) grouped() []string {
	tb.t.Helper()
	return js[[]string](tb, `Array.from(document.querySelectorAll("[data-testid=group-heading], [data-testid=task-row]"),
		e => e.matches("[data-testid=group-heading]") ? "# " + e.textContent.trim() : e.querySelector("[data-testid=task-title]").textContent.trim())`)
}

// testOrganise walks through lists, labels, subtasks, Today and Upcoming
// with scripts on, as a person sorting their work would.
func testOrganise(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv, withTimezone("UTC"))
	tb.signUp("organiser")
	uid := srv.userID(t, "organiser")
	day := today(t, "UTC")
	tasks := srv.seed(t, uid,
		models.Task{Title: "Renew passport", Due: day.AddDays(-2)},
		models.Task{Title: "Pay rent", Due: day},
		models.Task{Title: "Water plants", Due: day.AddDays(1)},
		models.Task{Title: "Dentist", Due: day.AddDays(3)},
		models.Task{Title: "Plan holiday", Due: day.AddDays(30)},
		models.Task{Title: "Write report"},
		models.Task{Title: "Pack bags"},
	)
	report, bags := tasks[5], tasks[6]

	// A list from the sidebar's "+ New list".
	tb.open("/tasks")
	tb.click("[data-testid=nav-new-list]")
	tb.waitFor("the lists page", `location.pathname === "/lists" && !!document.querySelector("form#new-list")`)
	tb.typeInto("#new-list-name", "Work")
	tb.clickAndNext("#new-list button[type=submit]")
	work := tb.listIDOf()
	if got := tb.text("[data-testid=view-title]"); got != "Work" {
		t.Errorf("the new list's view is titled %q, want Work", got)
	}
	if got := tb.texts("[data-testid=nav-lists] [data-testid=nav-item]"); !slices.Equal(got, []string{"Work"}) {
		t.Errorf("sidebar lists = %q, want [Work]", got)
	}

	// Move a task there from its page.
	tb.open(fmt.Sprintf("/tasks/%d", report.ID))
	tb.markPage()
	tb.setField("[data-testid=task-move] select[name=list]", strconv.FormatInt(work, 10))
	tb.settled()
	if !eventually(stepTimeout, func() bool { return srv.task(t, uid, report.ID).ListID == work }) {
		t.Fatalf("after the move the task is in list %d, want Work (%d)", srv.task(t, uid, report.ID).ListID, work)
	}
	tb.wantNoReload()
	tb.open(components.ListViewURL(work))
	tb.wantTitles("the Work list", "Write report")
	tb.open("/tasks")
	if got := tb.text(tb.rowOf("Write report") + " [data-testid=task-list-chip]"); got != "Work" {
		t.Errorf("the moved task's list chip = %q, want Work", got)
	}

	// Label a task in its panel with a new label; the row follows.
	row := tb.rowOf("Write report")
	tb.openPanel(row)
	tb.click("#task-panel [data-testid=edit-labels]")
	labels := "#task-panel [data-testid=labels-editor] input[name=labels]"
	tb.waitFor("the labels editor", fmt.Sprintf(`!!document.querySelector(%q)`, labels))
	tb.typeInto(labels, "errands")
	tb.do(sendKeys(labels, kb.Enter)...)
	tb.waitFor("the label chip", fmt.Sprintf(`document.querySelector(%q)?.textContent.trim() === "@errands"`, row+" [data-testid=task-label]"))
	if n := tb.count("[data-testid=labels-editor]"); n != 0 {
		t.Error("the labels editor is still open after saving")
	}

	// Filter by the label: its chip in the panel leads to a view of only
	// its tasks.
	tb.clickAndLoad("#task-panel [data-testid=task-label]", "/tasks?label=errands")
	tb.wantTitles("the errands label", "Write report")
	if got := tb.text("[data-testid=view-title]"); !strings.Contains(got, "errands") {
		t.Errorf("the label's view is titled %q", got)
	}

	// Two subtasks in the panel, one completed: the row shows 1/2.
	tb.open("/tasks")
	row = tb.rowOf("Pack bags")
	tb.openPanel(row)
	region := "#task-panel [data-testid=subtasks]"
	for i, title := range []string{"Passport", "Tickets"} {
		input := region + " [data-testid=subtask-add] input[name=title]"
		tb.typeInto(input, title)
		tb.do(sendKeys(input, kb.Enter)...)
		tb.waitFor("subtask "+title, fmt.Sprintf(`document.querySelectorAll(%q).length === %d`, region+" [data-testid=subtask]", i+1))
	}
	if got := tb.texts(region + " [data-testid=subtask-title]"); !slices.Equal(got, []string{"Passport", "Tickets"}) {
		t.Errorf("subtasks = %q, want [Passport Tickets]", got)
	}
	tb.click(region + " [data-testid=subtask-toggle]")
	tb.waitFor("the progress 1/2", fmt.Sprintf(`document.querySelector(%q)?.textContent.trim().startsWith("1/2 ")`, row+" [data-testid=task-progress]"))
	if got := tb.text(region + " [data-testid=subtasks-progress]"); got != "1 of 2 subtasks done" {
		t.Errorf("subtasks progress = %q", got)
	}
	tb.press(kb.Escape)
	tb.waitFor("the panel to close", `!document.querySelector("#task-panel [data-testid=task-detail]")`)

	// Completing the parent offers to complete the open subtask too.
	tb.click(row + " [data-testid=task-toggle]")
	tb.waitFor("the offer to complete the subtasks", `!!document.querySelector("#alerts [data-testid=complete-subtasks]")`)
	tb.click("#alerts [data-testid=complete-subtasks]")
	tb.settled()
	subs, err := models.Subtasks(context.Background(), srv.db.Read, uid, bags.ID)
	if err != nil || len(subs) != 2 {
		t.Fatalf("subtasks of Pack bags: %v, %v", subs, err)
	}
	if !eventually(stepTimeout, func() bool {
		subs, _ = models.Subtasks(context.Background(), srv.db.Read, uid, bags.ID)
		return len(subs) == 2 && subs[0].Done() && subs[1].Done()
	}) {
		t.Errorf("after “Complete them too” the subtasks are %v and %v, want both done", subs[0].Status, subs[1].Status)
	}
	if !srv.task(t, uid, bags.ID).Done() {
		t.Error("the parent is not done")
	}

	// Today: overdue, then today's.
	tb.open("/today")
	if got, want := tb.grouped(), []string{"# Overdue", "Renew passport", "# Today", "Pay rent"}; !slices.Equal(got, want) {
		t.Errorf("Today shows %q, want %q", got, want)
	}
	// Upcoming: day by day for two weeks, then later.
	tb.open("/upcoming")
	want := []string{"# Today", "Pay rent", "# Tomorrow", "Water plants",
		"# " + day.AddDays(3).Time().Format("Mon 2 Jan"), "Dentist", "# Later", "Plan holiday"}
	if got := tb.grouped(); !slices.Equal(got, want) {
		t.Errorf("Upcoming shows %q, want %q", got, want)
	}

	// At phone width the sidebar is a drawer that Menu opens.
	tb.emulate(viewport{390, "light"})
	tb.open("/tasks")
	if tb.visible("#sidebar") {
		t.Error("the drawer shows before Menu is pressed")
	}
	tb.click("a.menu-link")
	tb.waitFor("the drawer", `document.querySelector("#sidebar").checkVisibility()`)
	tb.clickAndLoad("[data-testid=nav-lists] [data-testid=nav-item]", components.ListViewURL(work))
	if got := tb.text("[data-testid=view-title]"); got != "Work" {
		t.Errorf("the drawer's list link leads to %q, want Work", got)
	}
	if tb.visible("#sidebar") {
		t.Error("the drawer is still open on the list's view")
	}
}

// testOrganiseNoJavaScript creates a list and deletes it with scripts off,
// moving its task to the Inbox.
func testOrganiseNoJavaScript(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv, withoutJavaScript)
	tb.signUp("plainlists")
	uid := srv.userID(t, "plainlists")

	tb.clickAndLoad("[data-testid=manage-lists]", "/lists")
	tb.typeInto("#new-list-name", "Garden")
	tb.clickAndNext("#new-list button[type=submit]")
	garden := tb.listIDOf()
	tb.wantAlert("Created the list “Garden”.")
	task := srv.seed(t, uid, models.Task{Title: "Prune roses", ListID: garden})[0]

	tb.open("/lists")
	if got := tb.texts("[data-testid=list-name]"); !slices.Equal(got, []string{"Inbox", "Garden"}) {
		t.Errorf("lists = %q, want [Inbox Garden]", got)
	}
	tb.click(fmt.Sprintf("#list-%d [data-testid=list-delete]", garden))
	tb.waitFor("the delete page", `!!document.querySelector("[data-testid=delete-list-confirm]")`)
	tb.click(`[data-testid=delete-list-confirm] input[name=tasks][value=move]`)
	tb.clickAndLoad("[data-testid=confirm-delete-list]", "/lists")
	if got := tb.texts("[data-testid=list-name]"); !slices.Equal(got, []string{"Inbox"}) {
		t.Errorf("lists after deleting = %q, want [Inbox]", got)
	}
	moved := srv.task(t, uid, task.ID)
	tb.clickAndLoad("[data-testid=list-item] [data-testid=list-name]", components.ListViewURL(moved.ListID))
	tb.wantTitles("the Inbox after the delete", "Prune roses")
	if tb.dialogCount() != 0 {
		t.Error("a JavaScript dialog opened with scripts off")
	}
}

// organiseStates are the pages of lists, labels and the fixed views.
func organiseStates(t *testing.T, srv *server, tb *tab) []pageState {
	signInOwner(t, srv, tb)
	uid := srv.userID(t, "owner")
	day := today(t, "UTC")
	work := srv.seedList(t, uid, "Work", "blue")
	srv.seedList(t, uid, "Home", "green")
	tasks := srv.seed(t, uid,
		models.Task{Title: "Quarterly report", ListID: work.ID, Due: day.AddDays(2), Priority: models.PriorityHigh},
		models.Task{Title: "Book the team offsite", ListID: work.ID},
	)
	srv.seed(t, uid,
		models.Task{Title: "Draft outline", ParentID: tasks[0].ID, Status: models.StatusDone},
		models.Task{Title: "Collect figures", ParentID: tasks[0].ID},
	)
	// A parent whose subtasks are all done shows its progress as complete.
	srv.seed(t, uid, models.Task{Title: "Order toner", ParentID: tasks[1].ID, Status: models.StatusDone})
	srv.seedLabels(t, uid, tasks[0].ID, "waiting", "phone")
	srv.seedLabels(t, uid, tasks[1].ID, "phone")
	row := fmt.Sprintf("#task-%d", tasks[0].ID)
	return []pageState{
		{name: "lists", get: true, shoot: true, setup: func(tb *tab) { tb.open("/lists") }},
		{name: "delete-list-confirm", get: true, setup: func(tb *tab) { tb.open(fmt.Sprintf("/lists/%d/delete", work.ID)) }},
		{name: "labels", get: true, shoot: true, setup: func(tb *tab) { tb.open("/labels") }},
		{name: "today", get: true, shoot: true, setup: func(tb *tab) { tb.open("/today") }},
		{name: "upcoming", get: true, shoot: true, setup: func(tb *tab) { tb.open("/upcoming") }},
		{name: "list-view", get: true, shoot: true, setup: func(tb *tab) { tb.open(components.ListViewURL(work.ID)) }},
		{name: "label-view", get: true, shoot: true, setup: func(tb *tab) { tb.open(components.LabelViewURL("phone")) }},
		{name: "drawer", get: true, shoot: true, setup: func(tb *tab) { tb.open("/tasks#sidebar") }},
		{name: "panel-subtasks", shoot: true, setup: func(tb *tab) {
			tb.open(components.ListViewURL(work.ID))
			tb.openPanel(row)
		}},
		{name: "panel-labels-editor", setup: func(tb *tab) {
			tb.click("#task-panel [data-testid=edit-labels]")
			tb.waitFor("the labels editor", `!!document.querySelector("#task-panel [data-testid=labels-editor]")`)
		}},
		{name: "task-detail-subtasks", get: true, setup: func(tb *tab) { tb.open(fmt.Sprintf("/tasks/%d", tasks[0].ID)) }},
		{name: "quick-add-chips", shoot: true, setup: func(tb *tab) {
			tb.open("/tasks")
			tb.typeInto("#new-title", "Call mom tomorrow p1 #Home @phone")
			tb.waitFor("the chips", `document.querySelectorAll("[data-testid=quick-chip]").length === 4`)
		}},
		{name: "quick-add-offer", shoot: true, setup: func(tb *tab) {
			tb.do(sendKeys("#new-title", kb.Enter)...)
			tb.waitFor("the offer", `!!document.querySelector("#alerts [data-testid=keep-as-text]")`)
		}},
	}
}
