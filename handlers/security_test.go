package handlers_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"docket/handlers"
	"docket/models"
)

func TestCrossOriginRequestsRejected(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	task := ts.addTask(t, uid, models.Task{Title: "Write report"})
	token := c.sessionToken()
	attacks := []struct{ name, header, value string }{
		{"sec-fetch-site cross-site", "Sec-Fetch-Site", "cross-site"},
		{"sec-fetch-site same-site", "Sec-Fetch-Site", "same-site"},
		{"origin of another host", "Origin", "http://evil.example"},
	}
	requests := []struct {
		method, path string
		form         url.Values
	}{
		{http.MethodPost, "/tasks", url.Values{"title": {"Injected"}}},
		{http.MethodPost, fmt.Sprintf("/tasks/%d/toggle", task.ID), url.Values{}},
		{http.MethodDelete, fmt.Sprintf("/tasks/%d", task.ID), nil},
		{http.MethodPost, "/account/password", url.Values{"current": {testPassword}, "new": {"attacker password"}}},
		{http.MethodPost, "/logout", url.Values{}},
		{http.MethodPost, "/login", url.Values{"username": {"alice"}, "password": {testPassword}}},
	}
	for _, a := range attacks {
		for _, r := range requests {
			t.Run(a.name+" "+r.method+" "+r.path, func(t *testing.T) {
				res := c.request(r.method, r.path, r.form, a.header, a.value)
				wantStatus(t, res, http.StatusForbidden)
				wantSecurityHeaders(t, res)
				wantText(t, res.doc(t), `[data-testid="error-page"] h1`,
					"This form was sent from another site, so Docket refused it.")
			})
		}
	}
	if n := ts.taskCount(t); n != 1 {
		t.Errorf("%d tasks stored, want only the seeded one", n)
	}
	if ts.task(t, uid, task.ID).Done() {
		t.Error("a cross-origin toggle changed the task")
	}
	if c.sessionToken() != token {
		t.Error("a cross-origin request changed the session")
	}
	// The password is unchanged and the session still works.
	wantStatus(t, c.get("/tasks", "Sec-Fetch-Site", "cross-site"), http.StatusOK)
	ts.newClient(t).login("alice", testPassword)

	// The same requests from the page itself go through.
	res := c.postForm("/tasks", url.Values{"title": {"Mine"}}, "Sec-Fetch-Site", "same-origin", "Origin", ts.URL)
	wantRedirect(t, res, "/tasks")
}

func TestPrivatePagesNeedLogin(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	_, uid := ts.signUp(t, "alice")
	task := ts.addTask(t, uid, models.Task{Title: "Write report"})
	anon := ts.newClient(t)
	p := fmt.Sprintf("/tasks/%d", task.ID)
	tests := []struct {
		method, path string
		form         url.Values
		login        string // where a plain request is sent
	}{
		{http.MethodGet, "/tasks", nil, "/login"},
		{http.MethodPost, "/tasks", url.Values{"title": {"Sneaky"}}, "/login"},
		{http.MethodGet, p, nil, "/login?next=%2Ftasks%2F1"},
		{http.MethodPatch, p, url.Values{"title": {"Sneaky"}}, "/login"},
		{http.MethodPost, p + "/toggle", url.Values{}, "/login"},
		{http.MethodDelete, p, nil, "/login"},
		{http.MethodGet, "/account", nil, "/login?next=%2Faccount"},
		{http.MethodPost, "/account/delete", url.Values{"password": {testPassword}}, "/login"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			wantRedirect(t, anon.request(tt.method, tt.path, tt.form), tt.login)
			res := anon.htmx(tt.method, tt.path, tt.form)
			wantStatus(t, res, http.StatusUnauthorized)
			wantAlert(t, res, "Your session ended — log in again in a new tab, then save here again. What you typed is still here.")
		})
	}
	if got := ts.task(t, uid, task.ID); got.Title != "Write report" || got.Done() || ts.taskCount(t) != 1 {
		t.Errorf("anonymous requests changed the data: %+v, %d tasks", got, ts.taskCount(t))
	}
	wantRedirect(t, anon.get("/"), "/login")
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.newClient(t)
	for _, path := range []string{"/login", "/register", "/no/such/page", "/assets/app.css", "/assets/missing.js", "/healthz"} {
		res := c.get(path)
		if res.StatusCode >= 500 {
			t.Fatalf("GET %s: status %d", path, res.StatusCode)
		}
		wantSecurityHeaders(t, res)
	}
}

func TestPagesVaryOnHXRequest(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, _ := ts.signUp(t, "alice")
	for _, path := range []string{"/tasks", "/account", "/no/such/page"} {
		res := c.get(path)
		if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusNotFound {
			t.Fatalf("GET %s: status %d", path, res.StatusCode)
		}
		wantVary(t, res, "HX-Request")
		if got := res.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("GET %s: Cache-Control %q, want no-store", path, got)
		}
	}
}

func TestHealthz(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	res := ts.newClient(t).get("/healthz")
	wantStatus(t, res, http.StatusOK)
	if res.body != "ok\n" {
		t.Errorf("body = %q, want ok", res.body)
	}
	if err := ts.db.Close(); err != nil {
		t.Fatal(err)
	}
	res = ts.newClient(t).get("/healthz")
	wantStatus(t, res, http.StatusServiceUnavailable)
}

func TestNotFoundPage(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	res := ts.newClient(t).get("/no/such/page")
	wantStatus(t, res, http.StatusNotFound)
	doc := res.doc(t)
	wantText(t, doc, `[data-testid="error-page"] h1`, "There is no page at this address.")
	wantText(t, doc, `[data-testid="error-page"] a`, "Go to the start page")

	c, _ := ts.signUp(t, "alice")
	res = c.get("/no/such/page")
	wantStatus(t, res, http.StatusNotFound)
	wantText(t, res.doc(t), `[data-testid="error-page"] a`, "Back to your tasks")
}

func TestAssets(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.newLocalClient(t) // in process, so that no transport adds or strips gzip
	res := c.get("/login")
	wantStatus(t, res, http.StatusOK)
	href := res.doc(t).Find(`link[rel="stylesheet"]`).AttrOr("href", "")
	u, err := url.Parse(href)
	if err != nil || u.Path != "/assets/app.css" || u.Query().Get("v") == "" {
		t.Fatalf("stylesheet href %q, want /assets/app.css?v=<version>", href)
	}
	version := u.Query().Get("v")
	versioned := "/assets/app.css?v=" + version
	file, err := os.ReadFile("../assets/app.css")
	if err != nil {
		t.Fatal(err)
	}
	// The stylesheet's icons are fingerprinted like the stylesheet itself.
	want := file
	for _, icon := range []string{"check.svg", "notes.svg"} {
		ref := `url("` + icon + `")`
		if !bytes.Contains(file, []byte(ref)) {
			t.Fatalf("assets/app.css no longer draws %s; update this test", icon)
		}
		want = bytes.ReplaceAll(want, []byte(ref), []byte(`url("`+icon+`?v=`+version+`")`))
		res := c.get("/assets/" + icon + "?v=" + version)
		wantStatus(t, res, http.StatusOK)
		if got := res.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
			t.Errorf("%s?v=<version>: Cache-Control %q, want immutable", icon, got)
		}
	}
	const immutable = "public, max-age=31536000, immutable"
	tests := []struct {
		name, path, acceptEncoding string
		wantEncoding, cache        string
	}{
		{"gzip, current version", versioned, "gzip, deflate, br", "gzip", immutable},
		{"plain, current version", versioned, "", "", immutable},
		{"gzip refused", versioned, "gzip;q=0, br", "", immutable},
		{"no version", "/assets/app.css", "", "", "no-cache"},
		{"old version", "/assets/app.css?v=stale", "gzip", "gzip", "no-cache"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var header []string
			if tt.acceptEncoding != "" {
				header = []string{"Accept-Encoding", tt.acceptEncoding}
			}
			res := c.get(tt.path, header...)
			wantStatus(t, res, http.StatusOK)
			if got := res.Header.Get("Content-Encoding"); got != tt.wantEncoding {
				t.Errorf("Content-Encoding %q, want %q", got, tt.wantEncoding)
			}
			body := []byte(res.body)
			if tt.wantEncoding == "gzip" {
				body = gunzip(t, body)
			}
			if !bytes.Equal(body, want) {
				t.Errorf("body is not assets/app.css (%d bytes, want %d)", len(body), len(want))
			}
			if got := res.Header.Get("Cache-Control"); got != tt.cache {
				t.Errorf("Cache-Control %q, want %q", got, tt.cache)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
				t.Errorf("Content-Type %q, want text/css", ct)
			}
			// A revalidation with the ETag costs a 304.
			etag := res.Header.Get("ETag")
			if etag == "" {
				t.Fatal("no ETag")
			}
			res = c.get(tt.path, append(header, "If-None-Match", etag)...)
			wantStatus(t, res, http.StatusNotModified)
		})
	}
	plain := c.get(versioned).Header.Get("ETag")
	zipped := c.get(versioned, "Accept-Encoding", "gzip").Header.Get("ETag")
	if plain == zipped {
		t.Errorf("plain and gzip copies share the ETag %s", plain)
	}
	for _, path := range []string{"/assets/", "/assets/missing.js", "/assets/missing.css", "/assets/app.css/"} {
		wantStatus(t, c.get(path), http.StatusNotFound)
	}
	// Every script and stylesheet the layout names exists.
	res = c.get("/login")
	res.doc(t).Find(`script[src], link[href]`).Each(func(_ int, s *goquery.Selection) {
		src := s.AttrOr("src", s.AttrOr("href", ""))
		wantStatus(t, c.get(src), http.StatusOK)
	})
}

func TestBodyTooLarge(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, _ := ts.signUp(t, "alice")
	big := url.Values{"title": {strings.Repeat("x", 1<<20)}}
	res := c.postForm("/tasks", big)
	wantStatus(t, res, http.StatusRequestEntityTooLarge)
	wantSecurityHeaders(t, res)
	wantText(t, res.doc(t), `[data-testid="error-page"] h1`, "That is more than Docket accepts in one request.")
	res = c.htmx(http.MethodPost, "/tasks", big)
	wantStatus(t, res, http.StatusRequestEntityTooLarge)
	wantAlert(t, res, "That is more than Docket accepts in one request.")
	res = ts.newClient(t).postForm("/login", url.Values{"username": {"alice"}, "password": {strings.Repeat("p", 1<<20)}})
	wantStatus(t, res, http.StatusRequestEntityTooLarge)
	if n := ts.taskCount(t); n != 0 {
		t.Errorf("%d tasks stored, want none", n)
	}
}

func TestPanicRecovery(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	ts := newTestServer(t, func(cfg *handlers.Config) {
		cfg.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	c, _ := ts.signUp(t, "alice")
	ts.clock.panicWith("secret internal detail")

	res := c.get("/tasks")
	wantStatus(t, res, http.StatusInternalServerError)
	wantText(t, res.doc(t), `[data-testid="error-page"] h1`, "Something went wrong on our side. Please try again.")
	for _, leak := range []string{"secret internal detail", "goroutine", ".go:", "panic"} {
		if strings.Contains(res.body, leak) {
			t.Errorf("500 page shows %q", leak)
		}
	}
	wantSecurityHeaders(t, res)

	res = c.htmx(http.MethodGet, "/tasks", nil)
	wantStatus(t, res, http.StatusInternalServerError)
	wantAlert(t, res, "Something went wrong on our side. Please try again.")

	if log := logs.String(); !strings.Contains(log, "level=ERROR") || !strings.Contains(log, "secret internal detail") || !strings.Contains(log, "goroutine") {
		t.Errorf("the panic and its stack were not logged as an error:\n%s", log)
	}
}
