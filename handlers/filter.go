package handlers

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"docket/models"
)

// maxPage bounds the page number a list URL may carry. Only models.MaxPage
// pages are ever listed; the number is kept so the URL still says how far
// the list has got.
const maxPage = 1000

// maxQueryLen bounds the search text, in bytes.
const maxQueryLen = 200

// maxLabelFilters bounds the labels one list URL may ask for.
const maxLabelFilters = 10

// viewPaths are the paths of the fixed views, by view.
var viewPaths = map[string]string{"/today": models.ViewToday, "/upcoming": models.ViewUpcoming}

// parseViewURL reads the filter of the list at path and query: /tasks with
// its parameters, or a fixed view. ok is false for any other page.
func parseViewURL(path string, v url.Values) (f models.TaskFilter, ok bool) {
	if view, fixed := viewPaths[path]; fixed {
		f := models.ForView(view)
		page, _ := strconv.Atoi(v.Get("page"))
		f.Page = min(max(page, 1), maxPage)
		return f, true
	}
	if path != "/tasks" {
		return models.TaskFilter{}, false
	}
	return parseFilter(v), true
}

// parseFilter reads a list filter from URL query values, the inverse of
// components.ListURL. Anything unknown falls back to the default rather
// than failing, so old bookmarks keep working. The list and labels it
// names are only read here: resolveFilter checks them against the user's.
// A list parameter that is not an id reads as list -1, which no user has.
func parseFilter(v url.Values) models.TaskFilter {
	page, _ := strconv.Atoi(v.Get("page"))
	f := models.TaskFilter{
		Status:   oneOf(v.Get("status"), models.FilterStatuses),
		Priority: v.Get("priority"),
		Due:      oneOf(v.Get("due"), models.FilterDues),
		Query:    searchText(v.Get("q")),
		Sort:     oneOf(v.Get("sort"), models.FilterSorts),
		Page:     min(max(page, 1), maxPage),
	}
	if _, ok := models.ParsePriority(f.Priority); !ok {
		f.Priority = ""
	}
	if s := v.Get("list"); s != "" {
		if f.List, _ = strconv.ParseInt(s, 10, 64); f.List < 1 {
			f.List = -1
		}
	}
	for _, name := range v["label"] {
		if name = models.NormalizeName(name); name != "" && len(f.Labels) < maxLabelFilters &&
			!slices.ContainsFunc(f.Labels, func(l models.Label) bool { return strings.EqualFold(l.Name, name) }) {
			f.Labels = append(f.Labels, models.Label{Name: name})
		}
	}
	return f
}

// oneOf is s if it is one of choices, else the first choice.
func oneOf(s string, choices []string) string {
	if slices.Contains(choices, s) {
		return s
	}
	return choices[0]
}

// searchText trims q and cuts it to maxQueryLen bytes on a character
// boundary.
func searchText(q string) string {
	q = strings.TrimSpace(q)
	if len(q) > maxQueryLen {
		cut := maxQueryLen
		for cut > 0 && !utf8.RuneStart(q[cut]) {
			cut--
		}
		q = q[:cut]
	}
	// Trimmed again after the cut, so a query cut after a space does not
	// keep it: the filter must read back the same from the URL it encodes to.
	return strings.TrimSpace(q)
}
