package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"docket/models"
)

func TestTaskCreate(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	c.get("/tasks") // show the welcome flash, so the next one stands alone

	res := c.postForm("/tasks", url.Values{"title": {"  Buy milk "}, "priority": {"high"}, "due": {"2026-06-20"}})
	wantRedirect(t, res, "/tasks")

	res = c.get("/tasks")
	wantStatus(t, res, http.StatusOK)
	doc := res.doc(t)
	wantText(t, doc, `[data-testid="alert"] span`, "Added “Buy milk”.")
	if diff := cmp.Diff([]string{"Buy milk"}, rowTitles(doc)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	wantText(t, doc, `[data-testid="task-row"] [data-testid="task-priority"]`, "High")
	wantText(t, doc, `[data-testid="task-row"] [data-testid="task-due"]`, "Sat")
	wantText(t, doc, `[data-testid="summary"]`, "1 open task")

	// The flash is shown once.
	res = c.get("/tasks")
	wantStatus(t, res, http.StatusOK)
	wantCount(t, res.doc(t), `[data-testid="alert"]`, 0)

	page, err := models.ListTasks(context.Background(), ts.db.Read, uid, models.DefaultTaskFilter(), date(t, "2026-06-15"))
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Tasks) != 1 {
		t.Fatalf("stored %d tasks, want 1", len(page.Tasks))
	}
	got := page.Tasks[0]
	if got.Title != "Buy milk" || got.Priority != models.PriorityHigh || got.Due.String() != "2026-06-20" || got.Status != models.StatusTodo {
		t.Errorf("stored %+v, want title Buy milk, high, due 2026-06-20, todo", got)
	}
}

func TestTaskCreateReturnsToFilteredList(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, _ := ts.signUp(t, "alice")
	tests := []struct{ referer, want string }{
		{ts.URL + "/tasks?status=all&sort=title", "/tasks?status=all&sort=title"},
		{"http://evil.example/tasks?x=1", "/tasks"},
		{ts.URL + "/account", "/tasks"},
		{"", "/tasks"},
	}
	for _, tt := range tests {
		res := c.postForm("/tasks", url.Values{"title": {"From " + tt.referer}}, "Referer", tt.referer)
		wantRedirect(t, res, tt.want)
	}
}

func TestTaskCreateHTMX(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, _ := ts.signUp(t, "alice")

	res := c.htmx(http.MethodPost, "/tasks", url.Values{"title": {"Call mum"}, "due": {"2026-06-15"}}, "HX-Target", "task-rows")
	wantStatus(t, res, http.StatusOK)
	wantFragment(t, res)
	doc := res.doc(t)
	if diff := cmp.Diff([]string{"Call mum"}, rowTitles(doc)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	wantText(t, doc, `#summary[data-hx-swap-oob="true"]`, "1 open task · 1 due today")
	form := doc.Find(`#quick-add[data-hx-swap-oob="true"]`)
	if form.Length() != 1 {
		t.Fatalf("no out-of-band #quick-add in:\n%s", res.body)
	}
	if v, _ := form.Find("#new-title").Attr("value"); v != "" {
		t.Errorf("fresh quick-add form has title %q, want it empty", v)
	}
	if ts.taskCount(t) != 1 {
		t.Errorf("stored %d tasks, want 1", ts.taskCount(t))
	}
	wantVary(t, res, "HX-Request")
}

// TestTaskCreateOnFilteredList adds a task while the list shows done tasks:
// like an edited row, a new row that does not match the view stays out.
func TestTaskCreateOnFilteredList(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, _ := ts.signUp(t, "alice")
	res := c.htmx(http.MethodPost, "/tasks", url.Values{"title": {"Call mum"}},
		"HX-Target", "task-rows", "HX-Current-URL", ts.URL+"/tasks?status=done")
	wantStatus(t, res, http.StatusOK)
	doc := res.doc(t)
	wantText(t, doc, `#summary[data-hx-swap-oob="true"]`, "1 open task")
	wantCount(t, doc, `#quick-add[data-hx-swap-oob="true"]`, 1)
	if ts.taskCount(t) != 1 {
		t.Fatalf("stored %d tasks, want 1", ts.taskCount(t))
	}
	if n := doc.Find(`[data-testid="task-row"]`).Length(); n != 0 {
		t.Errorf("an open task added on the status=done list came back as %d rows, want none", n)
	}
	wantText(t, doc, `#alerts[data-hx-swap-oob="true"] [data-testid="alert"] span`, "Added “Call mum”. The current filters hide it.")
}

func TestTaskCreateInvalid(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, _ := ts.signUp(t, "alice")
	tests := []struct {
		name  string
		form  url.Values
		field string
		msg   string
	}{
		{"empty title", url.Values{"title": {"   "}, "due": {"2026-07-01"}, "priority": {"urgent"}}, "title", "Give the task a title."},
		{"no title at all", url.Values{"due": {"2026-07-01"}, "priority": {"urgent"}}, "title", "Give the task a title."},
		{"long title", url.Values{"title": {strings.Repeat("é", 201)}, "due": {"2026-07-01"}, "priority": {"urgent"}}, "title", "Keep the title under 200 characters."},
		{"bad due date", url.Values{"title": {"Plan trip"}, "due": {"someday"}, "priority": {"urgent"}}, "due", "Enter a day such as “fri”, “12 Dec” or 2026-12-12."},
		{"impossible due date", url.Values{"title": {"Plan trip"}, "due": {"31 feb"}, "priority": {"urgent"}}, "due", "Enter a day such as “fri”, “12 Dec” or 2026-12-12."},
		{"long notes", url.Values{"title": {"Plan trip"}, "description": {strings.Repeat("n", 10001)}, "priority": {"urgent"}}, "description", "Keep the notes under 10 000 characters."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check := func(t *testing.T, res *response) {
				t.Helper()
				wantStatus(t, res, http.StatusUnprocessableEntity)
				doc := res.doc(t)
				form := doc.Find("#quick-add")
				wantText(t, doc, `#quick-add [data-testid="`+tt.field+`-error"]`, tt.msg)
				if v, _ := form.Find("#new-title").Attr("value"); v != strings.TrimSpace(tt.form.Get("title")) {
					t.Errorf("title input = %q, want %q kept", v, tt.form.Get("title"))
				}
				if v, _ := form.Find("#new-due").Attr("value"); v != tt.form.Get("due") {
					t.Errorf("due input = %q, want %q kept", v, tt.form.Get("due"))
				}
				if v, _ := form.Find(`#new-priority option[selected]`).Attr("value"); v != "urgent" {
					t.Errorf("selected priority = %q, want urgent kept", v)
				}
				if tt.field != "description" {
					if v, _ := form.Find("#new-" + tt.field).Attr("aria-invalid"); v != "true" {
						t.Errorf("#new-%s aria-invalid = %q, want true", tt.field, v)
					}
				}
				if n := ts.taskCount(t); n != 0 {
					t.Errorf("stored %d tasks, want none", n)
				}
			}
			t.Run("plain", func(t *testing.T) {
				res := c.postForm("/tasks", tt.form)
				check(t, res)
				wantCount(t, res.doc(t), `[data-testid="task-list"]`, 1) // the whole page again
			})
			t.Run("htmx", func(t *testing.T) {
				res := c.htmx(http.MethodPost, "/tasks", tt.form, "HX-Target", "task-rows")
				check(t, res)
				wantFragment(t, res)
				if rt, rs := res.Header.Get("HX-Retarget"), res.Header.Get("HX-Reswap"); rt != "#quick-add" || rs != "outerHTML" {
					t.Errorf("HX-Retarget %q, HX-Reswap %q; want #quick-add, outerHTML", rt, rs)
				}
			})
		})
	}
}

func TestTaskListFilters(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	for _, task := range []models.Task{
		{Title: "Buy milk", Description: "semi-skimmed", Due: date(t, "2026-06-15")},
		{Title: "File taxes", Priority: models.PriorityUrgent, Due: date(t, "2026-06-10")},
		{Title: "Paint fence", Priority: models.PriorityLow, Status: models.StatusDoing, Due: date(t, "2026-06-18")},
		{Title: "Read book", Description: "about MILK and honey", Status: models.StatusDone},
		{Title: "Water plants", Priority: models.PriorityHigh},
	} {
		ts.addTask(t, uid, task)
	}
	tests := []struct {
		query   string
		pushURL string
		want    []string
	}{
		{"", "/tasks", []string{"File taxes", "Buy milk", "Paint fence", "Water plants"}},
		{"q=milk", "/tasks?q=milk", []string{"Buy milk"}},
		{"q=milk&status=all", "/tasks?q=milk&status=all", []string{"Buy milk", "Read book"}},
		{"q=milk+semi", "/tasks?q=milk+semi", []string{"Buy milk"}},
		{"status=done", "/tasks?status=done", []string{"Read book"}},
		{"status=doing", "/tasks?status=doing", []string{"Paint fence"}},
		{"priority=high", "/tasks?priority=high", []string{"Water plants"}},
		{"due=overdue", "/tasks?due=overdue", []string{"File taxes"}},
		{"due=today", "/tasks?due=today", []string{"Buy milk"}},
		{"due=week", "/tasks?due=week", []string{"Buy milk", "Paint fence"}},
		{"due=none&status=all", "/tasks?due=none&status=all", []string{"Water plants", "Read book"}},
		{"sort=title", "/tasks?sort=title", []string{"Buy milk", "File taxes", "Paint fence", "Water plants"}},
		{"sort=priority", "/tasks?sort=priority", []string{"File taxes", "Water plants", "Paint fence", "Buy milk"}},
		{"status=bogus&sort=nope&page=x", "/tasks", []string{"File taxes", "Buy milk", "Paint fence", "Water plants"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res := c.get("/tasks?" + tt.query)
			wantStatus(t, res, http.StatusOK)
			doc := res.doc(t)
			wantCount(t, doc, "#quick-add", 1)
			if diff := cmp.Diff(tt.want, rowTitles(doc)); diff != "" {
				t.Errorf("page rows (-want +got):\n%s", diff)
			}
			q, _ := url.ParseQuery(tt.query)
			if v, _ := doc.Find("#q").Attr("value"); v != q.Get("q") {
				t.Errorf("search box = %q, want %q", v, q.Get("q"))
			}

			res = c.htmx(http.MethodGet, "/tasks?"+tt.query, nil, "HX-Target", "task-list")
			wantStatus(t, res, http.StatusOK)
			wantFragment(t, res)
			if got := res.Header.Get("HX-Push-Url"); got != tt.pushURL {
				t.Errorf("HX-Push-Url = %q, want %q", got, tt.pushURL)
			}
			frag := res.doc(t)
			if top := frag.Find("body").Children(); top.Length() != 1 || top.AttrOr("id", "") != "task-list" {
				t.Errorf("fragment is not just #task-list:\n%s", res.body)
			}
			if diff := cmp.Diff(tt.want, rowTitles(frag)); diff != "" {
				t.Errorf("fragment rows (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTaskListEmptyState(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, _ := ts.signUp(t, "alice")
	tests := []struct{ query, want string }{
		{"", "Nothing to do."},
		{"?q=nothing", "No tasks match these filters."},
		{"?status=done", "No tasks match these filters."},
	}
	for _, tt := range tests {
		res := c.get("/tasks" + tt.query)
		wantStatus(t, res, http.StatusOK)
		wantText(t, res.doc(t), `[data-testid="empty-state"] strong`, tt.want)
	}
}

func TestTaskListLoadMore(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	total := models.PageSize + 5
	ts.addTasks(t, uid, total, func(i int) models.Task { return models.Task{Title: fmt.Sprintf("Task %03d", i)} })

	res := c.get("/tasks?sort=title")
	wantStatus(t, res, http.StatusOK)
	doc := res.doc(t)
	wantCount(t, doc, `[data-testid="task-row"]`, models.PageSize)
	more := doc.Find(`#load-more [data-testid="load-more"]`)
	if href, _ := more.Attr("href"); href != "/tasks?page=2&sort=title" {
		t.Errorf("load more href = %q, want /tasks?page=2&sort=title", href)
	}

	res = c.htmx(http.MethodGet, "/tasks?page=2&sort=title", nil, "HX-Target", "task-rows")
	wantStatus(t, res, http.StatusOK)
	wantFragment(t, res)
	doc = res.doc(t)
	want := []string{"Task 050", "Task 051", "Task 052", "Task 053", "Task 054"}
	if diff := cmp.Diff(want, rowTitles(doc)); diff != "" {
		t.Errorf("second page (-want +got):\n%s", diff)
	}
	wantCount(t, doc, `#load-more[data-hx-swap-oob="true"]`, 1)
	wantCount(t, doc, `[data-testid="load-more"]`, 0)

	// A full page load of page 2 (a bookmark, a reload) shows everything so far.
	res = c.get("/tasks?page=2&sort=title")
	wantStatus(t, res, http.StatusOK)
	doc = res.doc(t)
	wantCount(t, doc, `[data-testid="task-row"]`, total)
	wantCount(t, doc, `[data-testid="load-more"]`, 0)
}

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
