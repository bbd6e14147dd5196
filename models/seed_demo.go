package models

import (
	"time"

	"github.com/uptrace/bun"
)

// noDue marks a demo task without a due date.
const noDue = 1 << 16

// demoTask is one task of the demo list; due is days from today.
type demoTask struct {
	title    string
	notes    string
	due      int
	priority Priority
	status   Status
}

// demoList is the demo account's list: a week of work and home life with
// something overdue, something due today, work in progress and a few
// finished tasks, so every filter has something to show.
var demoList = []demoTask{
	{"Send the Q3 report to finance", "Numbers are in the shared drive under Reports/Q3.", -3, PriorityHigh, StatusTodo},
	{"Renew car insurance", "Compare at least two quotes before renewing.", -1, PriorityUrgent, StatusTodo},
	{"Pay the electricity bill", "", -2, PriorityHigh, StatusTodo},
	{"Reply to Anna about the offsite venue", "", -5, PriorityMedium, StatusDoing},
	{"Return library books", "", -4, PriorityLow, StatusTodo},
	{"Book dentist check-up", "", 0, PriorityMedium, StatusTodo},
	{"Prepare slides for Monday stand-up", "Three slides: progress, blockers, next week.", 0, PriorityHigh, StatusDoing},
	{"Water the plants", "", 0, PriorityNone, StatusTodo},
	{"Review pull request #482", "Focus on the migration and its rollback.", 0, PriorityHigh, StatusTodo},
	{"Call the plumber about the kitchen tap", "It drips again since last week.", 1, PriorityMedium, StatusTodo},
	{"Buy a birthday present for Sam", "Sam mentioned a new climbing rope.", 2, PriorityMedium, StatusTodo},
	{"Draft the newsletter for November", "", 2, PriorityLow, StatusDoing},
	{"Update the onboarding checklist", "Add the new VPN steps.", 3, PriorityMedium, StatusTodo},
	{"File the travel expense report", "Receipts are in the blue folder.", 3, PriorityHigh, StatusTodo},
	{"Schedule one-to-ones for next month", "", 4, PriorityMedium, StatusTodo},
	{"Order new printer toner", "", 4, PriorityLow, StatusTodo},
	{"Plan the team retrospective", "Try the sailboat format this time.", 5, PriorityMedium, StatusTodo},
	{"Check the backup of the laptop", "", 5, PriorityHigh, StatusTodo},
	{"Write thank-you note to the Garcias", "", 6, PriorityLow, StatusTodo},
	{"Get passport photos taken", "", 6, PriorityMedium, StatusTodo},
	{"Finish the budget report draft", "", 7, PriorityHigh, StatusDoing},
	{"Clean out the garden shed", "", 8, PriorityLow, StatusTodo},
	{"Service the bike", "Brakes squeak; chain needs oil.", 9, PriorityLow, StatusTodo},
	{"Book flights to Lisbon", "Prices drop on Tuesdays, apparently.", 10, PriorityMedium, StatusTodo},
	{"Prepare the tax return documents", "", 12, PriorityHigh, StatusTodo},
	{"Sort out the photo archive", "", 14, PriorityNone, StatusTodo},
	{"Review the project roadmap with Lee", "", 15, PriorityMedium, StatusTodo},
	{"Cancel the unused streaming subscription", "", 16, PriorityLow, StatusTodo},
	{"Renew passport", "Expires in March.", 20, PriorityMedium, StatusTodo},
	{"Organise the team lunch", "", 21, PriorityLow, StatusTodo},
	{"Write the quarterly goals", "", 24, PriorityHigh, StatusTodo},
	{"Replace the smoke alarm batteries", "", 28, PriorityMedium, StatusTodo},
	{"Plan the garden for spring", "", 35, PriorityNone, StatusTodo},
	{"Book the annual boiler service", "", 40, PriorityMedium, StatusTodo},
	{"Read the security training notes", "", 45, PriorityLow, StatusTodo},
	{"Learn the basics of Portuguese", "Fifteen minutes a day before Lisbon.", noDue, PriorityLow, StatusDoing},
	{"Fix the wobbly bookshelf", "", noDue, PriorityNone, StatusTodo},
	{"Try the new bakery on Elm Street", "", noDue, PriorityNone, StatusTodo},
	{"Back up the family photos to the NAS", "", noDue, PriorityMedium, StatusTodo},
	{"Update the CV", "", noDue, PriorityLow, StatusTodo},
	{"Look into a standing desk", "", noDue, PriorityNone, StatusTodo},
	{"Digitise old receipts", "", noDue, PriorityLow, StatusTodo},
	{"Reorganise the kitchen drawers", "", noDue, PriorityNone, StatusTodo},
	{"Research weekend hiking routes", "", noDue, PriorityNone, StatusTodo},
	{"Set up a password manager for the family", "", noDue, PriorityHigh, StatusTodo},
	{"Write the status report for October", "", -10, PriorityHigh, StatusDone},
	{"Submit the conference talk proposal", "", -8, PriorityUrgent, StatusDone},
	{"Pay the council tax", "", -7, PriorityHigh, StatusDone},
	{"Book the car MOT", "", -6, PriorityMedium, StatusDone},
	{"Send invoice to Acme Ltd", "", -5, PriorityHigh, StatusDone},
	{"Buy winter tyres", "", -4, PriorityMedium, StatusDone},
	{"Call Mum", "", -3, PriorityMedium, StatusDone},
	{"Set up the new team wiki", "", -2, PriorityLow, StatusDone},
	{"Fix the login bug report from support", "", -1, PriorityUrgent, StatusDone},
	{"Archive last year's projects", "", noDue, PriorityLow, StatusDone},
	{"Pick up dry cleaning", "", -1, PriorityNone, StatusDone},
	{"Clear the inbox", "", noDue, PriorityLow, StatusDone},
	{"Renew the gym membership", "", -9, PriorityLow, StatusDone},
	{"Print the boarding passes", "", -12, PriorityMedium, StatusDone},
	{"Reply to the landlord about the contract", "", -6, PriorityHigh, StatusDone},
}

// demoTasks turns demoList into tasks for the user, dated around today.
func demoTasks(userID int64, today Date, now time.Time) []Task {
	tasks := make([]Task, len(demoList))
	for i, d := range demoList {
		created := now.Add(-time.Duration(len(demoList)-i) * 7 * time.Hour)
		t := Task{UserID: userID, Title: d.title, Description: d.notes, Priority: d.priority,
			Status: d.status, CreatedAt: created, UpdatedAt: created}
		if d.due != noDue {
			t.Due = today.AddDays(d.due)
		}
		if t.Done() {
			t.CompletedAt = bun.NullTime{Time: created.Add(time.Hour)}
		}
		tasks[i] = t
	}
	return tasks
}
