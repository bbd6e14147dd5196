package handlers_test

import (
	"net/http"
	"net/url"
	"os"
	"strconv"
	"testing"
	"time"

	"docket/bench/benchdb"
	"docket/handlers"
	"docket/internal/testdb"
	"docket/models"
)

// fixture is built on the first benchmark that asks for it, so plain
// `go test` never pays for 200 000 rows.
var fixture = &benchdb.Cache{Migrations: os.DirFS("../models/migrations")}

func TestMain(m *testing.M) { testdb.Main(func() int { return fixture.Run(m) }) }

// benchClient is an in-process client on the whole handler stack over the
// shared 100 000-task database, signed in as its main user.
func benchClient(b *testing.B) *client {
	b.Helper()
	f, err := fixture.Get()
	if err != nil {
		b.Fatal(err)
	}
	// The fixture's due dates are spread around the real today.
	ts := newTestServerAt(b, f.Path, func(c *handlers.Config) { c.Now = time.Now })
	c := ts.newLocalClient(b)
	c.login(f.Username, f.Password)
	return c
}

// BenchmarkRequest sends one request through every middleware, session
// load included, and the handler, without a network.
func BenchmarkRequest(b *testing.B) {
	c := benchClient(b)
	gzip := []string{"Accept-Encoding", "gzip"} // as every browser does
	hx := func(target string) []string {
		h := append([]string{"HX-Request", "true"}, gzip...)
		if target != "" {
			h = append(h, "HX-Target", target)
		}
		return h
	}
	cases := []struct {
		name, method, target string
		form                 func(i int) url.Values
		header               []string
	}{
		{"list fragment", "GET", "/tasks?status=open&priority=high&sort=due", nil, hx("task-list")},
		{"full page", "GET", "/tasks", nil, gzip},
		{"search", "GET", "/tasks?q=report", nil, hx("task-list")},
		{"load more page 20", "GET", deepLoadMore(b, c, 20), nil, hx("task-rows")},
		{"toggle", "POST", "/tasks/%d/toggle", func(int) url.Values { return url.Values{} }, hx("")},
		{"inline title", "PATCH", "/tasks/%d", func(i int) url.Values {
			return url.Values{"title": {"Renamed " + strconv.Itoa(i)}}
		}, hx("")},
		{"create", "POST", "/tasks", func(int) url.Values { return url.Values{"title": {"Benchmark task"}} }, hx("task-rows")},
		{"quick add preview", "GET", "/tasks/quick?title=Call+mom+tomorrow+p1+%23Inbox+%40phone", nil, hx("quick-chips")},
		{"quick add create", "POST", "/tasks", func(int) url.Values {
			return url.Values{"title": {"Call mom tomorrow p1 @phone"}, "quick": {"1"}}
		}, hx("task-rows")},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			c.t = b
			i := 0
			for b.Loop() {
				i++
				target := tc.target
				var form url.Values
				if tc.form != nil {
					form = tc.form(i)
					target = replaceID(target, 1+i%1000)
				}
				res := c.request(tc.method, target, form, tc.header...)
				if res.StatusCode != http.StatusOK {
					b.Fatalf("%s %s: status %d", tc.method, target, res.StatusCode)
				}
			}
		})
	}
}

// deepLoadMore is the load-more link that ends page on the default list:
// the cursor of the last row before it.
func deepLoadMore(b *testing.B, c *client, page int) string {
	b.Helper()
	ctx, db := b.Context(), c.ts.db.Read
	f, err := fixture.Get()
	if err != nil {
		b.Fatal(err)
	}
	flt := models.DefaultTaskFilter()
	flt.Page = models.MaxPage
	list, err := models.ListTasks(ctx, db, f.UserID, flt, f.Today)
	for range page - 1 - models.MaxPage {
		if err != nil || !list.HasMore {
			b.Fatalf("walking to page %d: %v, more %v", page, err, list.HasMore)
		}
		list, err = models.ListTasksAfter(ctx, db, f.UserID, flt, f.Today, models.NewCursor(flt, list.Tasks[len(list.Tasks)-1]))
	}
	if err != nil || len(list.Tasks) == 0 {
		b.Fatalf("page %d: %d rows, %v", page-1, len(list.Tasks), err)
	}
	return "/tasks?page=" + strconv.Itoa(page) + "&after=" + models.NewCursor(flt, list.Tasks[len(list.Tasks)-1]).String()
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
