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
		return "badge due overdue"
	}
	return "badge due"
}

// TaskDOMID is the id of the element showing a task, row or detail alike,
// so fragments can target it.
func TaskDOMID(id int64) string { return "task-" + strconv.FormatInt(id, 10) }

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
