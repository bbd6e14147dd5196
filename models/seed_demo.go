package models

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// noDue marks a demo task without a due date.
const noDue = 1 << 16

// demoTask is one task of the demo account; due is days from today.
// Its subtasks are in its list; each is done or not, with no due date
// unless it gives one.
type demoTask struct {
	list     string // "" for the Inbox
	title    string
	notes    string
	due      int
	priority Priority
	status   Status
	labels   []string
	subtasks []demoSubtask
}

type demoSubtask struct {
	title  string
	done   bool
	due    int
	labels []string
}

// demoLists are the demo account's lists beside the Inbox, in order, and
// demoLabels its labels; an archived list holds a finished project.
var (
	demoLists = []struct {
		name     string
		colour   Colour
		archived bool
	}{{"Work", "blue", false}, {"Home", "green", false}, {"Errands", "orange", false}, {"Kitchen renovation", "grey", true}}
	demoLabels = []struct {
		name   string
		colour Colour
	}{{"phone", "red"}, {"computer", "blue"}, {"waiting", "yellow"}, {"quick", "teal"}}
)

// demoList is a week of work and home life: something overdue, something
// due today, work in progress, steps half done and finished tasks, in
// lists and with labels, so every view and filter has something to show.
var demoList = []demoTask{
	{"Work", "Send the Q3 report to finance", "Numbers are in the shared drive under Reports/Q3.", -3, PriorityHigh, StatusDoing, []string{"computer"}, []demoSubtask{
		{"Pull the numbers from the shared drive", true, noDue, nil}, {"Write the summary", true, noDue, nil},
		{"Get sign-off from Lee", false, -1, []string{"waiting"}}}},
	{"Home", "Renew car insurance", "Compare at least two quotes before renewing.", -1, PriorityUrgent, StatusTodo, []string{"phone"}, []demoSubtask{
		{"Get quotes from two other insurers", true, noDue, nil}, {"Call the current insurer", false, 0, []string{"phone"}}}},
	{"Home", "Pay the electricity bill", "", -2, PriorityHigh, StatusTodo, []string{"computer", "quick"}, nil},
	{"Work", "Reply to Anna about the offsite venue", "", -5, PriorityMedium, StatusDoing, []string{"waiting"}, nil},
	{"Errands", "Return library books", "", -4, PriorityLow, StatusTodo, nil, nil},
	{"Home", "Book dentist check-up", "", 0, PriorityMedium, StatusTodo, []string{"phone"}, nil},
	{"Work", "Prepare slides for Monday stand-up", "Three slides: progress, blockers, next week.", 0, PriorityHigh, StatusDoing, []string{"computer"}, []demoSubtask{
		{"Progress", true, noDue, nil}, {"Blockers", false, noDue, nil}, {"Next week", false, noDue, nil}}},
	{"Home", "Water the plants", "", 0, PriorityNone, StatusTodo, []string{"quick"}, nil},
	{"Work", "Review pull request #482", "Focus on the migration and its rollback.", 0, PriorityHigh, StatusTodo, []string{"computer"}, nil},
	{"Home", "Call the plumber about the kitchen tap", "It drips again since last week.", 1, PriorityMedium, StatusTodo, []string{"phone"}, nil},
	{"Errands", "Buy groceries for the weekend", "", 1, PriorityMedium, StatusTodo, nil, []demoSubtask{
		{"Coffee beans", true, noDue, nil}, {"Bread", false, noDue, nil}}},
	{"Errands", "Buy a birthday present for Sam", "Sam mentioned a new climbing rope.", 2, PriorityMedium, StatusTodo, nil, []demoSubtask{
		{"Ask Jo which rope Sam has", true, noDue, []string{"phone"}}, {"Order the rope", false, noDue, []string{"computer"}}}},
	{"Work", "Draft the newsletter for November", "", 2, PriorityLow, StatusDoing, []string{"computer"}, nil},
	{"Work", "Update the onboarding checklist", "Add the new VPN steps.", 3, PriorityMedium, StatusTodo, nil, nil},
	{"Work", "File the travel expense report", "Receipts are in the blue folder.", 3, PriorityHigh, StatusTodo, nil, []demoSubtask{
		{"Scan the receipts", true, noDue, nil}, {"Fill in the claim form", false, noDue, []string{"computer"}}}},
	{"Errands", "Order new printer toner", "", 4, PriorityLow, StatusTodo, []string{"computer", "quick"}, nil},
	{"Work", "Plan the team retrospective", "Try the sailboat format this time.", 5, PriorityMedium, StatusTodo, nil, nil},
	{"Home", "Check the backup of the laptop", "", 5, PriorityHigh, StatusTodo, []string{"computer"}, nil},
	{"Work", "Finish the budget report draft", "", 7, PriorityHigh, StatusDoing, []string{"computer"}, nil},
	{"Home", "Service the bike", "Brakes squeak; chain needs oil.", 9, PriorityLow, StatusTodo, nil, []demoSubtask{
		{"Oil the chain", false, noDue, []string{"quick"}}, {"Adjust the brakes", false, noDue, nil}}},
	{"Home", "Book flights to Lisbon", "Prices drop on Tuesdays, apparently.", 10, PriorityMedium, StatusDoing, []string{"computer"}, []demoSubtask{
		{"Compare prices", true, noDue, nil}, {"Book the flights", false, noDue, nil}}},
	{"Home", "Prepare the tax return documents", "", 12, PriorityHigh, StatusTodo, nil, nil},
	{"Work", "Review the project roadmap with Lee", "", 15, PriorityMedium, StatusTodo, []string{"waiting"}, nil},
	{"Home", "Cancel the unused streaming subscription", "", 16, PriorityLow, StatusTodo, []string{"computer", "quick"}, nil},
	{"Home", "Renew passport", "Expires in March.", 20, PriorityMedium, StatusTodo, nil, []demoSubtask{
		{"Get passport photos taken", false, 6, nil}, {"Fill in the application", false, noDue, []string{"computer"}}}},
	{"Work", "Organise the team lunch", "", 21, PriorityLow, StatusTodo, nil, []demoSubtask{
		{"Ask about dietary needs", false, noDue, nil}, {"Book a table", false, noDue, []string{"phone"}}}},
	{"Home", "Replace the smoke alarm batteries", "", 28, PriorityMedium, StatusTodo, []string{"quick"}, nil},
	{"Home", "Learn the basics of Portuguese", "Fifteen minutes a day before Lisbon.", noDue, PriorityLow, StatusDoing, nil, nil},
	{"Errands", "Try the new bakery on Elm Street", "", noDue, PriorityNone, StatusTodo, nil, nil},
	{"Home", "Set up a password manager for the family", "", noDue, PriorityHigh, StatusTodo, []string{"computer"}, nil},
	{"", "Update the CV", "", noDue, PriorityLow, StatusTodo, []string{"computer"}, nil},
	{"", "Look into a standing desk", "", noDue, PriorityNone, StatusTodo, nil, nil},
	{"Work", "Write the status report for October", "", -10, PriorityHigh, StatusDone, nil, nil},
	{"Work", "Submit the conference talk proposal", "", -8, PriorityUrgent, StatusDone, nil, nil},
	{"Home", "Pay the council tax", "", -7, PriorityHigh, StatusDone, nil, nil},
	{"Errands", "Pick up the car after its MOT", "", -6, PriorityMedium, StatusDone, nil, nil},
	{"Work", "Send invoice to Acme Ltd", "", -5, PriorityHigh, StatusDone, []string{"computer"}, nil},
	{"Home", "Call Mum", "", -3, PriorityMedium, StatusDone, []string{"phone"}, nil},
	{"Work", "Fix the login bug report from support", "", -1, PriorityUrgent, StatusDone, nil, nil},
	{"Errands", "Pick up dry cleaning", "", -1, PriorityNone, StatusDone, nil, nil},
	{"Kitchen renovation", "Choose the worktop", "", -40, PriorityMedium, StatusDone, nil, []demoSubtask{
		{"Get samples", true, noDue, nil}, {"Measure the corner unit", true, noDue, nil}}},
	{"Kitchen renovation", "Pay the fitter's final invoice", "", -20, PriorityHigh, StatusDone, nil, nil},
}

// seedDemoData gives the demo user its lists, labels and tasks, dated
// around today, in the transaction that made the user.
func seedDemoData(ctx context.Context, tx bun.Tx, userID int64, today Date, now time.Time) error {
	lists := map[string]int64{}
	inbox, err := GetInbox(ctx, tx, userID)
	if err != nil {
		return err
	}
	lists[""] = inbox.ID
	for _, d := range demoLists {
		l := &List{UserID: userID, Name: d.name, Colour: d.colour}
		if err := CreateList(ctx, tx, l); err != nil {
			return err
		}
		if _, err := UpdateList(ctx, tx, userID, l.ID, ListChanges{Archived: &d.archived}); err != nil {
			return err
		}
		lists[d.name] = l.ID
	}
	for _, d := range demoLabels {
		if err := CreateLabel(ctx, tx, &Label{UserID: userID, Name: d.name, Colour: d.colour}); err != nil {
			return err
		}
	}
	for i, d := range demoList {
		// Tasks were made a few hours apart, the first some twelve days ago.
		made := now.Add(-time.Duration(len(demoList)-i) * 7 * time.Hour)
		parent := demoTaskOf(userID, d.title, d.notes, d.due, d.priority, d.status, today, made, now)
		parent.ListID = lists[d.list]
		if err := insertDemoTask(ctx, tx, &parent, d.labels); err != nil {
			return err
		}
		for j, s := range d.subtasks {
			status := StatusTodo
			if s.done || parent.Done() {
				status = StatusDone
			}
			sub := demoTaskOf(userID, s.title, "", s.due, PriorityNone, status, today, parent.CreatedAt.Add(time.Duration(j+1)*time.Minute), now)
			sub.ListID, sub.ParentID, sub.Position = parent.ListID, parent.ID, j+1
			if err := insertDemoTask(ctx, tx, &sub, s.labels); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoTaskOf is a demo task due days from today (noDue: none), made at
// made or, if due, two days before its due date if that is earlier; if
// done, finished on its due date or an hour after it was made, whichever
// is later and has passed.
func demoTaskOf(userID int64, title, notes string, due int, p Priority, s Status, today Date, made, now time.Time) Task {
	t := Task{UserID: userID, Title: title, Description: notes, Priority: p, Status: s}
	finished := made.Add(time.Hour)
	if due != noDue {
		t.Due = today.AddDays(due)
		if early := t.Due.Time().Add(-48*time.Hour + 9*time.Hour); early.Before(made) {
			made, finished = early, early.Add(time.Hour)
		}
		if onDay := t.Due.Time().Add(16 * time.Hour); onDay.After(finished) && onDay.Before(now) {
			finished = onDay
		}
	}
	t.CreatedAt, t.UpdatedAt = made, made
	if t.Done() {
		t.CompletedAt = bun.NullTime{Time: finished}
		t.UpdatedAt = finished
	}
	return t
}

// insertDemoTask stores t with its times as given and labels it.
func insertDemoTask(ctx context.Context, tx bun.Tx, t *Task, labels []string) error {
	if _, err := tx.NewInsert().Model(t).Returning("id").Exec(ctx); err != nil {
		return fmt.Errorf("models: seed demo task %q: %w", t.Title, err)
	}
	if len(labels) == 0 {
		return nil
	}
	return SetTaskLabels(ctx, tx, t.UserID, t.ID, labels)
}
