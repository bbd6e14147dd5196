package components_test

import (
	"bytes"
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"

	"docket/models"
)

// render renders c and parses the result as HTML.
func render(t *testing.T, c templ.Component) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		t.Fatalf("render: %v", err)
	}
	return parse(t, buf.Bytes())
}

// parse parses rendered HTML.
func parse(t *testing.T, html []byte) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(html))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	return doc
}

// date parses a YYYY-MM-DD test date.
func date(t *testing.T, s string) models.Date {
	t.Helper()
	d, err := models.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// text is the whitespace-collapsed text of s.
func text(s *goquery.Selection) string {
	return strings.Join(strings.Fields(s.Text()), " ")
}

// wantText asserts the text of the elements sel selects.
func wantText(t *testing.T, doc *goquery.Document, sel, want string) {
	t.Helper()
	s := doc.Find(sel)
	if s.Length() == 0 {
		t.Fatalf("no element matches %q", sel)
	}
	if got := text(s); got != want {
		t.Errorf("text of %q = %q, want %q", sel, got, want)
	}
}

// wantTexts asserts the text of each element sel selects, in order.
func wantTexts(t *testing.T, doc *goquery.Document, sel string, want ...string) {
	t.Helper()
	var got []string
	doc.Find(sel).Each(func(_ int, s *goquery.Selection) { got = append(got, text(s)) })
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("texts of %q = %q, want %q", sel, got, want)
	}
}

// wantCount asserts how many elements sel selects.
func wantCount(t *testing.T, doc *goquery.Document, sel string, want int) {
	t.Helper()
	if got := doc.Find(sel).Length(); got != want {
		t.Errorf("%q matches %d elements, want %d", sel, got, want)
	}
}

// wantAttr asserts an attribute of the first element sel selects.
func wantAttr(t *testing.T, doc *goquery.Document, sel, attr, want string) {
	t.Helper()
	s := doc.Find(sel)
	if s.Length() == 0 {
		t.Fatalf("no element matches %q", sel)
	}
	got, ok := s.Attr(attr)
	if !ok {
		t.Errorf("%q has no %s attribute, want %q", sel, attr, want)
	} else if got != want {
		t.Errorf("%q %s = %q, want %q", sel, attr, got, want)
	}
}

// filterOf is the filter of the list URL with query q, for queries whose
// values are all valid choices; the parser itself lives with the handlers.
func filterOf(t *testing.T, q string) models.TaskFilter {
	t.Helper()
	v := mustQuery(t, q)
	f := models.DefaultTaskFilter()
	for key, field := range map[string]*string{"status": &f.Status, "priority": &f.Priority, "due": &f.Due, "q": &f.Query, "sort": &f.Sort} {
		if s := v.Get(key); s != "" {
			*field = s
		}
	}
	if p := v.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			t.Fatalf("page %q: %v", p, err)
		}
		f.Page = n
	}
	return f
}

// mustQuery parses URL query values.
func mustQuery(t *testing.T, q string) url.Values {
	t.Helper()
	v, err := url.ParseQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// ownTargets selects the controls inside root that set their own htmx
// target or swap instead of inheriting the row's, leaving out those that
// must: the row menu, which fills itself when opened, and the calendar's
// steps to other months, which replace the calendar.
func ownTargets(root string) string {
	not := ":not(.menu):not(.calendar-head a)"
	return root + " [data-hx-target]" + not + ", " + root + " [data-hx-swap]" + not
}
