package components

import (
	"strconv"

	"docket/models"
)

// Rows is a run of list rows and what they show beyond their own fields.
type Rows struct {
	Tasks  []models.Task
	Facts  models.RowFacts
	Shelf  Shelf
	Filter models.TaskFilter // the view the rows are shown in
	Today  models.Date
	// After is the heading of the group the rows before these ended in,
	// so rows appended by "load more" start a new heading only for a new day.
	After string
}

// View is t as a row of r.
func (r Rows) View(t models.Task) TaskView {
	v := TaskView{Task: t, Today: r.Today, Labels: r.Facts.Labels[t.ID], Progress: r.Facts.Progress[t.ID]}
	if t.ParentID != 0 {
		v.ParentTitle = r.Facts.Parents[t.ParentID]
	}
	// The list chip says where a task is, outside its list's own view; a
	// task without one is in the Inbox, so the Inbox needs no chip.
	if l, ok := r.Shelf.List(t.ListID); ok && r.Filter.List != t.ListID && !l.Inbox {
		v.List = l
	}
	return v
}

// group is the heading t falls under in a fixed view, or "" elsewhere.
func (r Rows) group(t models.Task) string {
	return GroupOf(r.Filter.View, t.Due, r.Today)
}

// upcomingDays is how many days Upcoming shows one by one before "Later".
const upcomingDays = 14

// GroupOf is the heading a task due on due falls under in view: in Today,
// "Overdue" or "Today"; in Upcoming, its day for the next two weeks
// ("Today", "Tomorrow", "Wed 10 Dec"), then "Later".
func GroupOf(view string, due, today models.Date) string {
	switch view {
	case models.ViewToday:
		if due.Before(today) {
			return "Overdue"
		}
		return "Today"
	case models.ViewUpcoming:
		switch n := today.DaysUntil(due); {
		case n >= upcomingDays:
			return "Later"
		case n == 0:
			return "Today"
		case n == 1:
			return "Tomorrow"
		default:
			return due.Time().Format("Mon 2 Jan")
		}
	}
	return ""
}

// viewKeyOr is the address of f's view without its filters, or /tasks.
func viewKeyOr(f models.TaskFilter) string {
	if k := viewKey(f); k != "" {
		return k
	}
	return "/tasks"
}

// quickAddList is the list quick add offers first: what was chosen, or
// the Inbox.
func quickAddList(f TaskFormData, shelf Shelf) int64 {
	if id, err := strconv.ParseInt(f.List, 10, 64); err == nil {
		return id
	}
	return shelf.Inbox().ID
}
