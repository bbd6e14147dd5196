package handlers

import (
	"net/http"
	"net/url"
	"os"
	"strconv"
	"testing"

	"docket/internal/benchdb"
)

// fixture is built on the first benchmark that asks for it, so plain
// `go test` never pays for 200 000 rows.
var fixture = &benchdb.Cache{Migrations: os.DirFS("../models/migrations")}

func TestMain(m *testing.M) { os.Exit(fixture.Run(m)) }

// benchApp is the whole handler stack on the shared 100 000-task database,
// signed in as its main user.
func benchApp(b *testing.B) (*testApp, http.Header) {
	b.Helper()
	f, err := fixture.Get()
	if err != nil {
		b.Fatal(err)
	}
	app := newTestApp(b, f.Path)
	hd := app.login(b, f.Username, f.Password)
	hd.Set("Accept-Encoding", "gzip") // as every browser does
	return app, hd
}

// BenchmarkRequest sends one request through every middleware, session
// load included, and the handler, without a network.
func BenchmarkRequest(b *testing.B) {
	app, cookie := benchApp(b)
	cases := []struct {
		name, method, target string
		form                 func(i int) url.Values
		header               http.Header
	}{
		{"list fragment", "GET", "/tasks?status=open&priority=high&sort=due", nil, htmx(cookie, "task-list")},
		{"full page", "GET", "/tasks", nil, cookie},
		{"search", "GET", "/tasks?q=report", nil, htmx(cookie, "task-list")},
		{"load more page 20", "GET", "/tasks?page=20", nil, htmx(cookie, "task-rows")},
		{"toggle", "POST", "/tasks/%d/toggle", func(int) url.Values { return url.Values{} }, htmx(cookie, "")},
		{"inline title", "PATCH", "/tasks/%d", func(i int) url.Values {
			return url.Values{"title": {"Renamed " + strconv.Itoa(i)}}
		}, htmx(cookie, "")},
		{"create", "POST", "/tasks", func(int) url.Values { return url.Values{"title": {"Benchmark task"}} }, htmx(cookie, "task-rows")},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				i++
				target := c.target
				var form url.Values
				if c.form != nil {
					form = c.form(i)
					target = replaceID(target, 1+i%1000)
				}
				res := app.do(c.method, target, form, c.header)
				if res.StatusCode != http.StatusOK {
					b.Fatalf("%s %s: status %d", c.method, target, res.StatusCode)
				}
			}
			app.queries.reset()
		})
	}
}

// replaceID fills the %d in a path pattern with id.
func replaceID(pattern string, id int) string {
	for i := 0; i+1 < len(pattern); i++ {
		if pattern[i:i+2] == "%d" {
			return pattern[:i] + strconv.Itoa(id) + pattern[i+2:]
		}
	}
	return pattern
}
