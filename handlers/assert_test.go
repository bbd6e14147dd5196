package handlers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// wantStatus asserts the response status.
func wantStatus(t testing.TB, res *response, want int) {
	t.Helper()
	if res.StatusCode != want {
		body := res.body
		if len(body) > 2000 {
			body = body[:2000] + "…"
		}
		t.Fatalf("%s %s: status %d, want %d; body:\n%s", res.Request.Method, res.Request.URL.Path, res.StatusCode, want, body)
	}
}

// wantRedirect asserts a 303 to location.
func wantRedirect(t testing.TB, res *response, location string) {
	t.Helper()
	wantStatus(t, res, http.StatusSeeOther)
	if got := res.Header.Get("Location"); got != location {
		t.Fatalf("%s %s: Location %q, want %q", res.Request.Method, res.Request.URL.Path, got, location)
	}
}

// wantVary asserts the response varies on header.
func wantVary(t *testing.T, res *response, header string) {
	t.Helper()
	for _, v := range res.Header.Values("Vary") {
		for _, name := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(name), header) {
				return
			}
		}
	}
	t.Errorf("%s %s: Vary %q lacks %s", res.Request.Method, res.Request.URL.Path, res.Header.Values("Vary"), header)
}

// wantText asserts the trimmed text of the elements sel selects.
func wantText(t *testing.T, doc *goquery.Document, sel, want string) {
	t.Helper()
	s := doc.Find(sel)
	if s.Length() == 0 {
		t.Fatalf("no element matches %q", sel)
	}
	if got := strings.Join(strings.Fields(s.Text()), " "); got != want {
		t.Errorf("text of %q = %q, want %q", sel, got, want)
	}
}

// wantCount asserts how many elements sel selects.
func wantCount(t *testing.T, doc *goquery.Document, sel string, want int) {
	t.Helper()
	if got := doc.Find(sel).Length(); got != want {
		t.Errorf("%q matches %d elements, want %d", sel, got, want)
	}
}

// wantFragment asserts the body is a fragment, not a whole page.
func wantFragment(t *testing.T, res *response) {
	t.Helper()
	if b := strings.ToLower(res.body); strings.Contains(b, "<html") || strings.Contains(b, "<!doctype") {
		t.Fatalf("%s %s: got a whole page, want a fragment:\n%s", res.Request.Method, res.Request.URL.Path, res.body)
	}
}

// rowTitles lists the titles of the task rows in doc, in order.
func rowTitles(doc *goquery.Document) []string {
	var titles []string
	doc.Find(`[data-testid="task-row"] [data-testid="task-title"]`).Each(func(_ int, s *goquery.Selection) {
		titles = append(titles, strings.TrimSpace(s.Text()))
	})
	return titles
}

// wantAlert asserts an htmx error answer: an alert retargeted into #alerts.
func wantAlert(t *testing.T, res *response, msg string) {
	t.Helper()
	if rt := res.Header.Get("HX-Retarget"); rt != "#alerts" {
		t.Errorf("HX-Retarget = %q, want #alerts", rt)
	}
	doc := res.doc(t)
	wantText(t, doc, `[data-testid="alert"][role="alert"] span`, msg)
	wantCount(t, doc, `[data-testid="task-row"]`, 0)
}

// wantSecurityHeaders asserts the headers every response must carry.
func wantSecurityHeaders(t *testing.T, res *response) {
	t.Helper()
	csp := res.Header.Get("Content-Security-Policy")
	for _, directive := range []string{"default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"} {
		if !strings.Contains(csp, directive) {
			t.Errorf("%s: CSP %q lacks %q", res.Request.URL.Path, csp, directive)
		}
	}
	for name, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "same-origin",
		"X-Frame-Options":        "DENY",
	} {
		if got := res.Header.Get(name); got != want {
			t.Errorf("%s: %s = %q, want %q", res.Request.URL.Path, name, got, want)
		}
	}
}

// wantTexts checks the trimmed texts of every element matching sel, in order.
func wantTexts(t *testing.T, doc *goquery.Document, sel string, want ...string) {
	t.Helper()
	var got []string
	doc.Find(sel).Each(func(_ int, s *goquery.Selection) { got = append(got, strings.TrimSpace(s.Text())) })
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("texts of %q = %q, want %q", sel, got, want)
	}
}

// wantAttr asserts an attribute of the first element sel selects.
func wantAttr(t *testing.T, doc *goquery.Document, sel, attr, want string) {
	t.Helper()
	s := doc.Find(sel)
	if s.Length() == 0 {
		t.Fatalf("no element matches %q", sel)
	}
	if got, ok := s.Attr(attr); !ok || got != want {
		t.Errorf("%q %s = %q (set: %v), want %q", sel, attr, got, ok, want)
	}
}
