package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"docket/models"
)

// titlesFrom lists "Task <from>" down to "Task <to>", the newest-first
// order of tasks added in numeric order.
func titlesFrom(from, to int) []string {
	var out []string
	for i := from; i >= to; i-- {
		out = append(out, fmt.Sprintf("Task %03d", i))
	}
	return out
}

// nextLink returns the htmx URL of the load-more link in res, failing if
// it lacks a cursor.
func nextLink(t *testing.T, res *response, wantPage int) string {
	t.Helper()
	link := res.doc(t).Find(`#load-more [data-testid="load-more"]`)
	get, ok := link.Attr("data-hx-get")
	if !ok {
		t.Fatalf("no load-more link in:\n%s", res.body)
	}
	u, err := url.Parse(get)
	if err != nil {
		t.Fatalf("data-hx-get %q: %v", get, err)
	}
	if u.Query().Get("after") == "" {
		t.Errorf("load-more link %q has no cursor", get)
	}
	if p := u.Query().Get("page"); p != strconv.Itoa(wantPage) {
		t.Errorf("load-more link %q: page %q, want %d", get, p, wantPage)
	}
	if href, _ := link.Attr("href"); href != "/tasks?page="+strconv.Itoa(wantPage) {
		t.Errorf("load-more href = %q, want the plain page %d", href, wantPage)
	}
	return get
}

func TestLoadMoreAfterCursorSurvivesChanges(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	tasks := ts.addTasks(t, uid, 120, func(i int) models.Task { return models.Task{Title: fmt.Sprintf("Task %03d", i)} })

	res := c.get("/tasks?status=open")
	wantStatus(t, res, http.StatusOK)
	if diff := cmp.Diff(titlesFrom(119, 70), rowTitles(res.doc(t))); diff != "" {
		t.Fatalf("page 1 (-want +got):\n%s", diff)
	}
	next := nextLink(t, res, 2)

	// A quick add puts a row at the top; completing a row on page 1 takes
	// it out of the open list. Counting rows would now repeat "Task 070"
	// and then skip one.
	view := "http://docket.test/tasks?status=open"
	res = c.htmx(http.MethodPost, "/tasks", url.Values{"title": {"Fresh"}}, "HX-Current-URL", view)
	wantStatus(t, res, http.StatusOK)
	for _, i := range []int{100, 75} {
		res = c.htmx(http.MethodPost, fmt.Sprintf("/tasks/%d/toggle", tasks[i].ID), url.Values{}, "HX-Current-URL", view)
		wantStatus(t, res, http.StatusOK)
	}

	res = c.htmx(http.MethodGet, next, nil, "HX-Target", "task-rows")
	wantStatus(t, res, http.StatusOK)
	wantFragment(t, res)
	if diff := cmp.Diff(titlesFrom(69, 20), rowTitles(res.doc(t))); diff != "" {
		t.Errorf("page 2 after the changes (-want +got):\n%s", diff)
	}
	wantCount(t, res.doc(t), `#load-more[data-hx-swap-oob="true"]`, 1)
	next = nextLink(t, res, 3)

	res = c.htmx(http.MethodGet, next, nil, "HX-Target", "task-rows")
	wantStatus(t, res, http.StatusOK)
	if diff := cmp.Diff(titlesFrom(19, 0), rowTitles(res.doc(t))); diff != "" {
		t.Errorf("page 3 (-want +got):\n%s", diff)
	}
	wantCount(t, res.doc(t), `#load-more[data-hx-swap-oob="true"]`, 1)
	wantCount(t, res.doc(t), `[data-testid="load-more"]`, 0)

	// Without JavaScript the same link's href still loads pages 1 to 2.
	res = c.get("/tasks?page=2&status=open")
	wantStatus(t, res, http.StatusOK)
	wantCount(t, res.doc(t), `[data-testid="task-row"]`, 2*models.PageSize)
}

func TestLoadMoreBadCursor(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	for i := range models.PageSize + 5 {
		ts.addTask(t, uid, models.Task{Title: fmt.Sprintf("Task %03d", i)})
	}
	titleCursor := models.NewCursor(models.TaskFilter{Sort: "title"}, models.Task{ID: 3, Title: "Task 002"}).String()
	bad := []struct{ name, after string }{
		{"garbage", "not-a-cursor"},
		{"bad base64", "%%%"},
		{"truncated", titleCursor[:len(titleCursor)/2]},
		{"cursor of another sort", titleCursor},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			res := c.htmx(http.MethodGet, "/tasks?page=2&after="+url.QueryEscape(b.after), nil, "HX-Target", "task-rows")
			wantStatus(t, res, http.StatusBadRequest)
			wantAlert(t, res, "Could not tell where the list left off. Reload the page to see more tasks.")
		})
	}

	t.Run("ignored by a full page", func(t *testing.T) {
		res := c.get("/tasks?page=2&after=not-a-cursor")
		wantStatus(t, res, http.StatusOK)
		wantCount(t, res.doc(t), `[data-testid="task-row"]`, models.PageSize+5)
	})
	t.Run("a link without a cursor pages by number", func(t *testing.T) {
		res := c.htmx(http.MethodGet, "/tasks?page=2", nil, "HX-Target", "task-rows")
		wantStatus(t, res, http.StatusOK)
		if diff := cmp.Diff(titlesFrom(4, 0), rowTitles(res.doc(t))); diff != "" {
			t.Errorf("page 2 (-want +got):\n%s", diff)
		}
	})
}

// TestDeepPageCapped asks for page 1000 of a few hundred tasks: one
// response renders at most models.MaxPage pages, and the list goes on from
// there by cursor, with htmx and without it.
func TestDeepPageCapped(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	const n = 300
	ts.addTasks(t, uid, n, func(i int) models.Task { return models.Task{Title: fmt.Sprintf("Task %03d", i)} })
	shown := models.MaxPage * models.PageSize
	for _, page := range []string{"1000", "99999999999999999999", strconv.Itoa(models.MaxPage + 1)} {
		t.Run("page="+page, func(t *testing.T) {
			res := c.get("/tasks?page=" + page)
			wantStatus(t, res, http.StatusOK)
			if diff := cmp.Diff(titlesFrom(n-1, n-shown), rowTitles(res.doc(t))); diff != "" {
				t.Fatalf("rows of ?page=%s (-want +got):\n%s", page, diff)
			}
			link := res.doc(t).Find(`#load-more [data-testid="load-more"]`)
			get, _ := link.Attr("data-hx-get")
			if !strings.Contains(get, "after=") {
				t.Fatalf("load-more link %q has no cursor", get)
			}
			more := c.htmx(http.MethodGet, get, nil, "HX-Target", "task-rows")
			wantStatus(t, more, http.StatusOK)
			if diff := cmp.Diff(titlesFrom(n-shown-1, 0), rowTitles(more.doc(t))); diff != "" {
				t.Errorf("rows after load more (-want +got):\n%s", diff)
			}
			// Without JavaScript the link's href continues from the same row.
			href, _ := link.Attr("href")
			plain := c.get(href)
			wantStatus(t, plain, http.StatusOK)
			if diff := cmp.Diff(titlesFrom(n-shown-1, 0), rowTitles(plain.doc(t))); diff != "" {
				t.Errorf("rows of the plain link %q (-want +got):\n%s", href, diff)
			}
			wantCount(t, plain.doc(t), `[data-testid="load-more"]`, 0)
		})
	}
}
