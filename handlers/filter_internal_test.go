package handlers

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"docket/components"
	"docket/models"
)

var defaultFilter = models.TaskFilter{Status: "open", Priority: "", Due: "any", Query: "", Sort: "due", Page: 1}

func TestParseFilter(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  models.TaskFilter
	}{
		{"empty", "", defaultFilter},
		{"every field", "status=done&priority=high&due=week&q=milk+bread&sort=title&page=3",
			models.TaskFilter{Status: "done", Priority: "high", Due: "week", Query: "milk bread", Sort: "title", Page: 3}},
		{"unknown values fall back", "status=archived&priority=critical&due=someday&sort=random&page=x", defaultFilter},
		{"case matters", "status=DONE&priority=High&sort=Title", defaultFilter},
		{"query is trimmed", "q=++milk++", models.TaskFilter{Status: "open", Due: "any", Query: "milk", Sort: "due", Page: 1}},
		{"page 0", "page=0", defaultFilter},
		{"negative page", "page=-4", defaultFilter},
		{"page clamped", "page=1000000", models.TaskFilter{Status: "open", Due: "any", Sort: "due", Page: 1000}},
		{"last page allowed", "page=1000", models.TaskFilter{Status: "open", Due: "any", Sort: "due", Page: 1000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, parseFilter(v)); diff != "" {
				t.Errorf("parseFilter(%q) (-want +got):\n%s", tt.query, diff)
			}
		})
	}
	if diff := cmp.Diff(models.DefaultTaskFilter(), parseFilter(nil)); diff != "" {
		t.Errorf("parseFilter(nil) is not the default filter (-want +got):\n%s", diff)
	}
	for _, s := range models.FilterStatuses {
		if got := parseFilter(url.Values{"status": {s}}).Status; got != s {
			t.Errorf("status=%s parsed as %q", s, got)
		}
	}
	for _, d := range models.FilterDues {
		if got := parseFilter(url.Values{"due": {d}}).Due; got != d {
			t.Errorf("due=%s parsed as %q", d, got)
		}
	}
	for _, s := range models.FilterSorts {
		if got := parseFilter(url.Values{"sort": {s}}).Sort; got != s {
			t.Errorf("sort=%s parsed as %q", s, got)
		}
	}
}

func TestTaskFilterQueryLength(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 300)
	if got := parseFilter(url.Values{"q": {long}}).Query; got != long[:200] {
		t.Errorf("300-byte query kept %d bytes, want 200", len(got))
	}
}

func TestTaskFilterQueryStaysUTF8(t *testing.T) {
	t.Parallel()
	// 'é' is two bytes, so byte 200 falls inside a character when the query
	// starts with one ASCII letter.
	q := "x" + strings.Repeat("é", 150)
	got := parseFilter(url.Values{"q": {q}}).Query
	if !utf8.ValidString(got) {
		t.Fatalf("Query cut inside a UTF-8 character: %d bytes ending in %q", len(got), got[len(got)-2:])
	}
	if !strings.HasPrefix(q, got) || len(got) > 200 {
		t.Errorf("Query = %q (%d bytes), want a prefix of at most 200 bytes", got, len(got))
	}
}

// filterValues is the query of components.ListURL(f).
func filterValues(t *testing.T, f models.TaskFilter) url.Values {
	t.Helper()
	u, err := url.Parse(components.ListURL(f))
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

func TestListURLRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		f    models.TaskFilter
		want url.Values
	}{
		{"default is empty", defaultFilter, url.Values{}},
		{"every field", models.TaskFilter{Status: "all", Priority: "urgent", Due: "overdue", Query: "a b", Sort: "created", Page: 2},
			url.Values{"status": {"all"}, "priority": {"urgent"}, "due": {"overdue"}, "q": {"a b"}, "sort": {"created"}, "page": {"2"}}},
		{"page 1 left out", models.TaskFilter{Status: "done", Due: "any", Sort: "due", Page: 1}, url.Values{"status": {"done"}}},
		{"priority none is kept", models.TaskFilter{Status: "open", Priority: "none", Due: "any", Sort: "due", Page: 1}, url.Values{"priority": {"none"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := filterValues(t, tt.f)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ListURL query (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.f, parseFilter(got)); diff != "" {
				t.Errorf("parseFilter(ListURL) does not round-trip (-want +got):\n%s", diff)
			}
			// And through an encoded URL, as a link would carry it.
			parsed, err := url.ParseQuery(got.Encode())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.f, parseFilter(parsed)); diff != "" {
				t.Errorf("round trip through Encode (-want +got):\n%s", diff)
			}
		})
	}
	// Every combination of the choices round-trips.
	for _, s := range models.FilterStatuses {
		for _, d := range models.FilterDues {
			for _, so := range models.FilterSorts {
				for _, p := range []string{"", "none", "high"} {
					f := models.TaskFilter{Status: s, Priority: p, Due: d, Sort: so, Query: "q", Page: 4}
					if got := parseFilter(filterValues(t, f)); !cmp.Equal(got, f) {
						t.Errorf("round trip of %+v gave %+v", f, got)
					}
				}
			}
		}
	}
}

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
		got := parseFilter(v)
		again := parseFilter(filterValues(t, got))
		if diff := cmp.Diff(got, again); diff != "" {
			t.Errorf("parseFilter(%q) does not survive ListURL (-first +again):\n%s", query, diff)
		}
	})
}
