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

// parseFilter reads a list filter from URL query values, the inverse of
// components.ListURL. Anything unknown falls back to the default rather
// than failing, so old bookmarks keep working.
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
