package components

import (
	"net/url"
	"strconv"

	"docket/models"
)

// ListURL is the canonical URL of the list for f, as pushed to the address
// bar: defaults are left out so URLs stay short.
func ListURL(f models.TaskFilter) string {
	if q := filterValues(f).Encode(); q != "" {
		return listPath(f) + "?" + q
	}
	return listPath(f)
}

// listPath is the path of f's list: a fixed view's own, else /tasks.
func listPath(f models.TaskFilter) string {
	if f.View != "" {
		return "/" + f.View
	}
	return "/tasks"
}

// filterValues encodes f as URL query values, leaving out defaults.
func filterValues(f models.TaskFilter) url.Values {
	v := url.Values{}
	if f.List != 0 {
		v.Set("list", strconv.FormatInt(f.List, 10))
	}
	for _, l := range f.Labels {
		v.Add("label", l.Name)
	}
	if f.View != "" { // a fixed view's filters are its own
		if f.Page > 1 {
			v.Set("page", strconv.Itoa(f.Page))
		}
		return v
	}
	set := func(key, val, def string) {
		if val != def {
			v.Set(key, val)
		}
	}
	set("status", f.Status, models.FilterStatuses[0])
	set("priority", f.Priority, "")
	set("due", f.Due, models.FilterDues[0])
	set("q", f.Query, "")
	set("sort", f.Sort, models.FilterSorts[0])
	if f.Page > 1 {
		v.Set("page", strconv.Itoa(f.Page))
	}
	return v
}

// nextPageURL is the plain link to the page after last: pages 1 to N+1
// while they stay under models.MaxPage, past it the rows after last.
func nextPageURL(f models.TaskFilter, last models.Task) string {
	if f.Page >= models.MaxPage {
		return rowsAfterURL(f, last)
	}
	f.Page++
	return ListURL(f)
}

// rowsAfterURL asks for the rows after last; it keeps the next page number
// so the URL still says where the list has got to.
func rowsAfterURL(f models.TaskFilter, last models.Task) string {
	f.Page++
	v := filterValues(f)
	v.Set("after", models.NewCursor(f, last).String())
	return listPath(f) + "?" + v.Encode()
}

// filterChip is one filter a list is narrowed by, with the list's URL
// without it.
type filterChip struct{ Label, Without string }

// activeFilters are the filters f narrows its list by, each with the URL
// that drops it; the sort is an order, not a filter, and stays.
func activeFilters(f models.TaskFilter) []filterChip {
	def := models.DefaultTaskFilter()
	f.Page = 1
	var chips []filterChip
	add := func(label string, drop func(*models.TaskFilter)) {
		g := f
		drop(&g)
		chips = append(chips, filterChip{label, ListURL(g)})
	}
	if f.Status != def.Status {
		add("Status: "+filterLabel(f.Status), func(g *models.TaskFilter) { g.Status = def.Status })
	}
	if p, ok := models.ParsePriority(f.Priority); ok && f.Priority != "" {
		add("Priority: "+p.Label(), func(g *models.TaskFilter) { g.Priority = "" })
	}
	if f.Due != def.Due {
		add("Due: "+filterLabel(f.Due), func(g *models.TaskFilter) { g.Due = def.Due })
	}
	if f.Query != "" {
		add("Search: “"+f.Query+"”", func(g *models.TaskFilter) { g.Query = "" })
	}
	return chips
}
