package components_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"docket/components"
	"docket/models"
)

var signedIn = components.Page{Title: "Tasks", Username: "alice", AssetVersion: "v1"}

func TestTasksPageEmptyState(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		query     string
		want      string
		clearLink int
	}{
		{"default view", "", "Nothing to do.", 0},
		{"default spelled out", "status=open&due=any&sort=title", "Nothing to do.", 0},
		{"search", "q=milk", "No tasks match these filters.", 1},
		{"done", "status=done", "No tasks match these filters.", 1},
		{"priority", "priority=high", "No tasks match these filters.", 1},
		{"due", "due=overdue", "No tasks match these filters.", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := filterOf(t, tt.query)
			doc := render(t, components.TasksPage(signedIn, components.TaskListData{Filter: f, Today: date(t, today)}))
			wantText(t, doc, `[data-testid="empty-state"] strong`, tt.want)
			// Inside the region a filter change replaces, so it tracks the filters.
			wantCount(t, doc, `#task-list [data-testid="clear-filters"]`, tt.clearLink)
			// An empty view offers one action: quick add, or clearing the filters.
			if tt.clearLink == 0 {
				wantAttr(t, doc, `[data-testid="empty-state"] [data-testid="empty-action"]`, "href", "#new-title")
				wantCount(t, doc, `#new-title`, 1)
			} else {
				wantCount(t, doc, `[data-testid="empty-action"]`, 0)
			}
			wantCount(t, doc, `[data-testid="task-row"]`, 0)
			wantCount(t, doc, `[data-testid="load-more"]`, 0)
		})
	}
}

func TestTasksPageShowsListAndFilters(t *testing.T) {
	f := filterOf(t, "q=report&status=all&priority=high&due=week&sort=priority")
	d := components.TaskListData{
		Filter: f,
		List: models.TaskPage{Tasks: []models.Task{
			{ID: 1, Title: "Write report", Status: models.StatusTodo, Priority: models.PriorityHigh},
			{ID: 2, Title: "Send report", Status: models.StatusDone, Priority: models.PriorityHigh},
		}, HasMore: true},
		Counts: models.TaskCounts{Open: 1, DueToday: 1},
		Today:  date(t, today),
		Form:   components.TaskFormData{Title: "Half typed", Due: "2026-07-01", Priority: "low"},
	}
	doc := render(t, components.TasksPage(signedIn, d))
	wantText(t, doc, "title", "Tasks · Docket")
	wantText(t, doc, `[data-testid="summary"]`, "1 open task · 1 due today")
	wantCount(t, doc, `#task-list #task-rows > li[data-testid="task-row"]`, 2)
	wantCount(t, doc, `#task-2.done`, 1)
	wantAttr(t, doc, "#q", "value", "report")
	wantAttr(t, doc, "#filter-status option[selected]", "value", "all")
	wantAttr(t, doc, "#filter-priority option[selected]", "value", "high")
	wantAttr(t, doc, "#filter-due option[selected]", "value", "week")
	wantAttr(t, doc, "#filter-sort option[selected]", "value", "priority")
	wantAttr(t, doc, `[data-testid="load-more"]`, "href", "/tasks?due=week&page=2&priority=high&q=report&sort=priority&status=all")
	// The quick-add form keeps what was typed.
	wantAttr(t, doc, "#new-title", "value", "Half typed")
	wantAttr(t, doc, "#new-due", "value", "2026-07-01")
	wantAttr(t, doc, "#new-priority option[selected]", "value", "low")
	// Not out of band on a full page.
	wantCount(t, doc, "[data-hx-swap-oob]", 0)
}

func TestQuickAddFormErrors(t *testing.T) {
	t.Parallel()
	f := components.TaskFormData{Title: "", Due: "soon", Errors: components.FormErrors{
		"title": "Give the task a title.", "due": "Enter the due date as YYYY-MM-DD.",
	}}
	doc := render(t, components.QuickAddForm(f, models.DefaultTaskFilter(), components.Shelf{}, false))
	wantText(t, doc, `#quick-add [data-testid="title-error"]`, "Give the task a title.")
	wantText(t, doc, `#quick-add [data-testid="due-error"]`, "Enter the due date as YYYY-MM-DD.")
	wantAttr(t, doc, "#new-title", "aria-invalid", "true")
	wantAttr(t, doc, "#new-title", "aria-describedby", "title-error")
	wantAttr(t, doc, "#title-error", "data-testid", "title-error")
	wantAttr(t, doc, "#new-due", "value", "soon")
	wantAttr(t, doc, "#new-due", "aria-describedby", "due-error")
	// A refused title takes the focus back, so the error is read out and fixable at once.
	wantCount(t, doc, "#new-title[autofocus]", 1)

	// A refused due date alone takes the focus to the date: the swap
	// replaces the whole form, so the focus would otherwise fall to the page.
	doc = render(t, components.QuickAddForm(components.TaskFormData{Title: "Plan trip", Due: "soon",
		Errors: components.FormErrors{"due": "Enter the due date as YYYY-MM-DD."}}, models.DefaultTaskFilter(), components.Shelf{}, false))
	wantCount(t, doc, "#new-title[autofocus]", 0)
	wantCount(t, doc, "#new-due[autofocus]", 1)

	// After a successful add the fresh form is sent out of band and focused.
	doc = render(t, components.QuickAddForm(components.TaskFormData{}, models.DefaultTaskFilter(), components.Shelf{}, true))
	wantAttr(t, doc, "#quick-add", "data-hx-swap-oob", "true")
	wantCount(t, doc, "#new-title[autofocus]", 1)
	wantCount(t, doc, ".field-error", 0)
	wantCount(t, doc, "[aria-invalid]", 0)
}

func TestLoadMore(t *testing.T) {
	t.Parallel()
	last := models.Task{ID: 7, Title: "Milk", Priority: models.PriorityHigh}
	more := models.TaskPage{Tasks: []models.Task{{ID: 9}, last}, HasMore: true}
	tests := []struct {
		name  string
		query string
		list  models.TaskPage
		oob   bool
		href  string
		get   string // data-hx-get without the after parameter
	}{
		{"first page", "", more, false, "/tasks?page=2", "/tasks?page=2"},
		{"filtered third page", "q=milk&page=3&sort=title", more, true, "/tasks?page=4&q=milk&sort=title", "/tasks?page=4&q=milk&sort=title"},
		{"last page", "page=2", models.TaskPage{Tasks: []models.Task{last}}, false, "", ""},
		{"last page out of band", "page=2", models.TaskPage{}, true, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := filterOf(t, tt.query)
			doc := render(t, components.LoadMore(f, tt.list, tt.oob))
			wantCount(t, doc, "#load-more", 1)
			oob := 0
			if tt.oob {
				oob = 1
			}
			wantCount(t, doc, `#load-more[data-hx-swap-oob="true"]`, oob)
			if !tt.list.HasMore {
				wantCount(t, doc, "#load-more *", 0)
				return
			}
			link := `#load-more [data-testid="load-more"]`
			wantAttr(t, doc, link, "href", tt.href)
			wantAttr(t, doc, link, "data-hx-target", "#task-rows")
			wantAttr(t, doc, link, "data-hx-swap", "beforeend")

			get, _ := doc.Find(link).Attr("data-hx-get")
			u, err := url.Parse(get)
			if err != nil {
				t.Fatalf("data-hx-get %q: %v", get, err)
			}
			q := u.Query()
			after := q.Get("after")
			q.Del("after")
			if got := u.Path + "?" + q.Encode(); got != tt.get {
				t.Errorf("data-hx-get without after = %q, want %q", got, tt.get)
			}
			if want := models.NewCursor(f, last).String(); after != want {
				t.Errorf("after = %q, want the cursor of the last row %q", after, want)
			}
		})
	}
}

func TestSummaryLine(t *testing.T) {
	t.Parallel()
	counts := models.TaskCounts{Open: 4, Overdue: 2}
	doc := render(t, components.SummaryLine(counts, false))
	wantText(t, doc, `#summary[data-testid="summary"]`, "4 open tasks · 2 overdue")
	wantCount(t, doc, "[data-hx-swap-oob]", 0)

	doc = render(t, components.SummaryLine(counts, true))
	wantText(t, doc, `#summary[data-hx-swap-oob="true"]`, "4 open tasks · 2 overdue")
}

// A filtered list names each filter in use, each a link to the list
// without it that keeps the others and the sort.
func TestActiveFilters(t *testing.T) {
	t.Parallel()
	f := filterOf(t, "status=done&priority=high&due=overdue&q=rent&sort=title")
	doc := render(t, components.TaskList(components.TaskListData{Filter: f, Today: date(t, today)}))
	wantTexts(t, doc, `[data-testid="active-filter"]`,
		"Status: Done, remove ×", "Priority: High, remove ×", "Due: Overdue, remove ×", "Search: “rent”, remove ×")
	var hrefs []string
	doc.Find(`[data-testid="active-filter"]`).Each(func(_ int, s *goquery.Selection) { hrefs = append(hrefs, s.AttrOr("href", "")) })
	want := []string{
		"/tasks?due=overdue&priority=high&q=rent&sort=title",
		"/tasks?due=overdue&q=rent&sort=title&status=done",
		"/tasks?priority=high&q=rent&sort=title&status=done",
		"/tasks?due=overdue&priority=high&sort=title&status=done",
	}
	if strings.Join(hrefs, " ") != strings.Join(want, " ") {
		t.Errorf("chips lead to\n%q\nwant\n%q", hrefs, want)
	}
	wantAttr(t, doc, `[data-testid="clear-filters"]`, "href", "/tasks")
	// The default view names none.
	doc = render(t, components.TaskList(components.TaskListData{Filter: filterOf(t, "sort=title"), Today: date(t, today)}))
	wantCount(t, doc, `[data-testid="active-filters"]`, 0)
}
