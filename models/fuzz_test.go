package models_test

import (
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"docket/models"
)

// FuzzParseTaskFilter feeds arbitrary query strings to the list filter: it
// must never panic, and the filter it reads must survive a trip through its
// own URL encoding unchanged, or links built from it would show another view.
func FuzzParseTaskFilter(f *testing.F) {
	for _, s := range []string{
		"",
		"status=done&priority=high&due=week&q=milk+bread&sort=title&page=3",
		"status=archived&priority=critical&due=someday&sort=random&page=x",
		"page=-4&page=7",
		"page=99999999999999999999",
		"q=%20%20milk%20%20",
		"q=%FF%FE%00",
		"q=" + url.QueryEscape(string(make([]byte, 300))),
		"%zz=1&q=%",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, query string) {
		v, _ := url.ParseQuery(query) // a half-parsed query is still what a browser may send
		got := models.ParseTaskFilter(v)
		again := models.ParseTaskFilter(got.Values())
		if diff := cmp.Diff(got, again); diff != "" {
			t.Errorf("ParseTaskFilter(%q) does not survive Values (-first +again):\n%s", query, diff)
		}
	})
}

// FuzzParseCursor feeds arbitrary text to the load-more cursor under each
// sort order: it must never panic, and a cursor it accepts must encode and
// parse back to itself.
func FuzzParseCursor(f *testing.F) {
	task := models.Task{ID: 42, Title: "Ünïcode “title”", Priority: models.PriorityHigh, Due: models.Date{}}
	for _, sort := range models.FilterSorts {
		for _, due := range []string{"any", "today"} {
			flt := models.TaskFilter{Sort: sort, Due: due}
			f.Add(sort, due, models.NewCursor(flt, task).String())
		}
	}
	f.Add("due", "any", "")
	f.Add("title", "any", "eyJzIjoidGl0bGUiLCJrIjpbIiIsIjEiXX0")          // empty title key
	f.Add("due", "any", "eyJzIjoiZHVlIiwiayI6WyJ4IiwiMSIsIjEiXX0")        // a date that is not one
	f.Add("created", "any", "eyJzIjoiY3JlYXRlZCIsImsiOlsiLTEiXX0")        // a negative id
	f.Add("created", "any", "eyJzIjoiY3JlYXRlZCIsImsiOlsiMSJdLCJ4IjoxfQ") // an unknown field
	f.Fuzz(func(t *testing.T, sort, due, s string) {
		flt := models.ParseTaskFilter(url.Values{"sort": {sort}, "due": {due}})
		c, err := models.ParseCursor(s, flt)
		if err != nil {
			return
		}
		back, err := models.ParseCursor(c.String(), flt)
		if err != nil {
			t.Fatalf("ParseCursor(%q) = %q, which does not parse again: %v", s, c.String(), err)
		}
		if back.String() != c.String() {
			t.Errorf("ParseCursor(%q): %q parses back as %q", s, c.String(), back.String())
		}
	})
}
