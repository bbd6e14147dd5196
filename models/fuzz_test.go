package models_test

import (
	"testing"

	"docket/models"
)

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
		flt := filled(models.TaskFilter{Sort: sort, Due: due})
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
