package components

import (
	"net/url"
	"strconv"

	"docket/models"
)

// Shelf is the user's lists and labels with their counts: the sidebar,
// the rows' list chips and the forms that pick a list all read it.
type Shelf struct {
	Lists  []models.List  // the Inbox first, then by position; archived ones too
	Labels []models.Label // by name
	Counts models.Counts
}

// List returns the list with id, if the user has it.
func (s Shelf) List(id int64) (models.List, bool) {
	for _, l := range s.Lists {
		if l.ID == id {
			return l, true
		}
	}
	return models.List{}, false
}

// Inbox returns the user's Inbox.
func (s Shelf) Inbox() models.List {
	for _, l := range s.Lists {
		if l.Inbox {
			return l
		}
	}
	return models.List{Name: models.InboxName}
}

// Active returns the lists that are not archived, the Inbox first.
func (s Shelf) Active() []models.List {
	var out []models.List
	for _, l := range s.Lists {
		if !l.Archived {
			out = append(out, l)
		}
	}
	return out
}

// Archived returns the archived lists.
func (s Shelf) Archived() []models.List {
	var out []models.List
	for _, l := range s.Lists {
		if l.Archived {
			out = append(out, l)
		}
	}
	return out
}

// ListViewURL is the address of a list's own view.
func ListViewURL(id int64) string { return "/tasks?list=" + strconv.FormatInt(id, 10) }

// LabelViewURL is the address of a label's view.
func LabelViewURL(name string) string { return "/tasks?" + url.Values{"label": {name}}.Encode() }

// ViewTitle is the name of the view f shows: a list's, a label's, a fixed
// view's, or "All tasks".
func ViewTitle(f models.TaskFilter, s Shelf) string {
	switch {
	case f.View == models.ViewToday:
		return "Today"
	case f.View == models.ViewUpcoming:
		return "Upcoming"
	case f.List != 0:
		if l, ok := s.List(f.List); ok {
			return l.Name
		}
	case len(f.Labels) == 1:
		return "@" + f.Labels[0].Name
	case len(f.Labels) > 1:
		title := ""
		for i, l := range f.Labels {
			if i > 0 {
				title += " + "
			}
			title += "@" + l.Name
		}
		return title
	}
	return "All tasks"
}

// viewKey names the view f shows in the sidebar, so its entry can be
// marked current: its URL without filters or paging.
func viewKey(f models.TaskFilter) string {
	switch {
	case f.View != "":
		return "/" + f.View
	case f.List != 0:
		return ListViewURL(f.List)
	case len(f.Labels) == 1:
		return LabelViewURL(f.Labels[0].Name)
	case len(f.Labels) > 1:
		return ""
	}
	return "/tasks"
}

// colourClass is the class that gives a list's or label's mark its colour.
func colourClass(base string, c models.Colour) string {
	if c == "" {
		return base
	}
	return base + " colour-" + string(c)
}
