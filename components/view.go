// Package components renders Docket's pages and the fragments htmx swaps in.
// Components receive models or view structs; they never see the database or
// the HTTP request.
package components

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"docket/models"
)

// Page is what every full page needs besides its content.
type Page struct {
	Title    string
	Username string // the signed-in user's name, "" when signed out
	Flash    string // a one-time confirmation
	// Offer is a quick add's confirmation with its "Keep it as text", in
	// place of Flash.
	Offer        *QuickOffer
	AssetVersion string // cache-busting fingerprint of the embedded assets
	// RegistrationClosed hides every invitation to sign up.
	RegistrationClosed bool
	// Nav is the sidebar, on the pages that show one.
	Nav *Nav
}

// FormErrors maps a field name to the message shown next to it.
type FormErrors map[string]string

// errorAttrs marks a control invalid and points it at its error message
// (and at its hint, if any), as field and fieldError render them.
func errorAttrs(name, hintID string, errs FormErrors) templ.Attributes {
	ids := hintID
	if errs[name] != "" {
		ids = strings.TrimSpace(ids + " " + name + "-error")
	}
	attrs := templ.Attributes{}
	if ids != "" {
		attrs["aria-describedby"] = ids
	}
	if errs[name] != "" {
		attrs["aria-invalid"] = "true"
	}
	return attrs
}

// stateClass is the class list base plus the states of t that change how a
// task looks, as one string: templ runs every item of a class list through
// its class processor, and one ready string is the cheapest item to give it
// (four items cost fifty rows about a tenth of their rendering time).
func stateClass(base string, t models.Task, today models.Date) string {
	if t.Done() {
		base += " done"
	}
	if t.Overdue(today) {
		base += " overdue"
	}
	return base
}

// dueBadgeClass is the class list of a task's due date badge.
func dueBadgeClass(t models.Task, today models.Date) string {
	if t.Overdue(today) {
		return "chip due overdue"
	}
	return "chip due"
}

// TaskDOMID is the id of a task's list row.
func TaskDOMID(id int64) string { return "task-" + strconv.FormatInt(id, 10) }

// detailID is the id of a task's detail, in the panel or on its page: not
// the row's, as the panel shows a task beside its row.
func detailID(id int64) string { return "detail-" + strconv.FormatInt(id, 10) }

// SubtasksID is the id of the region that shows a task's subtasks.
func SubtasksID(id int64) string { return detailID(id) + "-subtasks" }

// calendarMonth is the first day of the month v's calendar shows: the one
// asked for, else the due date's, else this month.
func calendarMonth(v TaskView) models.Date {
	switch {
	case !v.Month.IsZero():
		return v.Month.AddMonths(0)
	case !v.Task.Due.IsZero():
		return v.Task.Due.AddMonths(0)
	}
	return v.Today.AddMonths(0)
}

// calendarOffset is how many empty cells come before the 1st of month m
// in a week that starts on Monday.
func calendarOffset(m models.Date) int { return (int(m.Time().Weekday()) + 6) % 7 }

// calendarDays are the days of month m.
func calendarDays(m models.Date) []models.Date {
	next := m.AddMonths(1)
	days := make([]models.Date, 0, 31)
	for d := m; d.Before(next); d = d.AddDays(1) {
		days = append(days, d)
	}
	return days
}

// calendarDayClass marks today and the due date on the calendar.
func calendarDayClass(d, due, today models.Date) string {
	c := "day"
	if d == today {
		c += " today"
	}
	if d == due {
		c += " due"
	}
	return c
}

func taskURL(id int64, suffix string) string {
	return "/tasks/" + strconv.FormatInt(id, 10) + suffix
}

func assetURL(p Page, name string) string {
	return "/assets/" + name + "?v=" + url.QueryEscape(p.AssetVersion)
}

// DueLabel says when a task is due, the one way Docket shows a due date:
// "Today", "Tomorrow", a weekday ("Fri") within the week, "12 Dec" this
// year, "12 Dec 2027" in another. A day that has passed is counted, always
// the same way: "1 day overdue", "3 days overdue" (never "Yesterday", so a
// list of overdue tasks reads and sorts alike).
func DueLabel(due, today models.Date) string {
	if due.IsZero() {
		return ""
	}
	switch n := today.DaysUntil(due); {
	case n == 0:
		return "Today"
	case n == 1:
		return "Tomorrow"
	case n == -1:
		return "1 day overdue"
	case n < -1:
		return fmt.Sprintf("%d days overdue", -n)
	case n < 7:
		return due.Time().Format("Mon")
	default:
		return DayLabel(due, today)
	}
}

// DayLabel is a day without relative words: "12 Dec" this year, "12 Dec
// 2027" in another.
func DayLabel(d, today models.Date) string {
	if d.Time().Year() == today.Time().Year() {
		return d.Time().Format("2 Jan")
	}
	return d.Time().Format("2 Jan 2006")
}

// dueText is a task's due badge: DueLabel, or for a finished task whose
// day has passed, "Was due 10 Jun".
func dueText(t models.Task, today models.Date) string {
	if t.Done() && t.Due.Before(today) {
		return "Was due " + DayLabel(t.Due, today)
	}
	return DueLabel(t.Due, today)
}

// Summary is the header line: "12 open · 3 overdue · 1 due today".
func Summary(c models.TaskCounts) string {
	s := Count(c.Open, "open task", "open tasks")
	if c.Overdue > 0 {
		s += fmt.Sprintf(" · %d overdue", c.Overdue)
	}
	if c.DueToday > 0 {
		s += fmt.Sprintf(" · %d due today", c.DueToday)
	}
	return s
}

// Count says how many of a thing there are: "1 task", "3 tasks".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

var filterLabels = map[string]string{
	"open": "Open", "todo": "To do", "doing": "Doing", "done": "Done", "all": "All",
	"any": "Any time", "overdue": "Overdue", "today": "Due today", "week": "Next 7 days", "none": "No due date",
	"due": "Due date", "priority": "Priority", "created": "Newest", "title": "Title",
}

func filterLabel(s string) string { return filterLabels[s] }

// deleteQuestion asks before deleting t, saying how many subtasks go with it.
func deleteQuestion(t models.Task, p models.Progress) string {
	if p.Total > 0 {
		return "Delete “" + t.Title + "” and its " + Count(p.Total, "subtask", "subtasks") + "?"
	}
	return "Delete “" + t.Title + "”?"
}

// progressClass marks a parent whose subtasks are all done.
func progressClass(p models.Progress) string {
	if p.Total > 0 && p.Done == p.Total {
		return "chip progress complete"
	}
	return "chip progress"
}

// backName is the list a task's page leads back to.
func backName(v TaskView) string {
	if l, ok := v.Shelf.List(v.Task.ListID); ok {
		return l.Name
	}
	return "All tasks"
}

// pronoun is "it" for one thing, "them" for more.
func pronoun(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// keepItURL is where "Keep it" leads from a task's delete confirmation:
// back to the list it was asked from, else to the task.
func keepItURL(t models.Task, back string) string {
	if back != "" {
		return back
	}
	return taskURL(t.ID, "")
}
