package models_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"docket/internal/testdb"
	"docket/models"
)

// seedTies stores n tasks whose sort keys collide a lot: five due days
// (one of them none), three priorities, and titles that differ only in
// case. Every seventh task is done.
func seedTies(t *testing.T, db *models.DB, userID int64, today models.Date, n int) {
	t.Helper()
	titles := []string{"Alpha", "alpha", "ALPHA", "beta", "Beta", "gamma"}
	createTasks(t, db, userID, n, func(i int, x *models.Task) {
		x.Title = titles[i%len(titles)]
		x.Priority = models.Priority(i % 3)
		switch i % 5 {
		case 0, 1:
			x.Due = today
		case 2, 3: // no due date
		default:
			x.Due = today.AddDays(i%3 - 1)
		}
		x.Status = models.StatusTodo
		if i%7 == 0 {
			x.Status = models.StatusDone
		}
	})
}

// cursorFilters is every sort with each way the due sort changes shape,
// over all tasks and over open ones.
func cursorFilters() []models.TaskFilter {
	var fs []models.TaskFilter
	for _, status := range []string{"all", "open"} {
		for _, sort := range models.FilterSorts {
			for _, due := range []string{"any", "today", "none"} {
				f := models.TaskFilter{Status: status, Sort: sort, Due: due, Page: 1}
				f = filled(f)
				fs = append(fs, f)
			}
		}
	}
	return fs
}

func filterName(f models.TaskFilter) string {
	return f.Status + "/" + f.Sort + "/" + f.Due
}

func ids(tasks []models.Task) []int64 {
	out := make([]int64, len(tasks))
	for i, t := range tasks {
		out[i] = t.ID
	}
	return out
}

// listAll is the whole list for f in one query.
func listAll(t *testing.T, db *models.DB, userID int64, f models.TaskFilter, today models.Date) []int64 {
	t.Helper()
	f.Page = 20
	list, err := models.ListTasks(t.Context(), db.Read, userID, f, today)
	if err != nil {
		t.Fatal(err)
	}
	if list.HasMore {
		t.Fatal("the whole list did not fit in one query")
	}
	return ids(list.Tasks)
}

// firstPage returns the whole list for f and its first page, failing if
// the list fits on one page.
func firstPage(t *testing.T, db *models.DB, userID int64, f models.TaskFilter, today models.Date) ([]int64, models.TaskPage) {
	t.Helper()
	all := listAll(t, db, userID, f, today)
	if len(all) <= models.PageSize {
		t.Fatalf("only %d tasks: the list would not page", len(all))
	}
	page, err := models.ListTasks(t.Context(), db.Read, userID, f, today)
	if err != nil {
		t.Fatal(err)
	}
	return all, page
}

// after lists the page after task last in f's list, going through the
// cursor's URL form as a browser would.
func after(t *testing.T, db *models.DB, userID int64, f models.TaskFilter, today models.Date, last models.Task) models.TaskPage {
	t.Helper()
	c, err := models.ParseCursor(models.NewCursor(f, last).String(), f)
	if err != nil {
		t.Fatalf("ParseCursor of a fresh cursor: %v", err)
	}
	page, err := models.ListTasksAfter(t.Context(), db.Read, userID, f, today, c)
	if err != nil {
		t.Fatal(err)
	}
	return page
}

func TestListTasksAfterWalksEveryTaskOnce(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	u := createUser(t, db, "alice")
	other := createUser(t, db, "bob")
	today := mustDate(t, listToday)
	seedTies(t, db, u.ID, today, 160)
	seedTies(t, db, other.ID, today, 20)

	for _, f := range cursorFilters() {
		t.Run(filterName(f), func(t *testing.T) {
			want, page := firstPage(t, db, u.ID, f, today)
			got := ids(page.Tasks)
			for pages := 1; page.HasMore; pages++ {
				if pages > 10 {
					t.Fatal("the walk does not end")
				}
				page = after(t, db, u.ID, f, today, page.Tasks[len(page.Tasks)-1])
				if len(page.Tasks) == 0 {
					t.Fatal("HasMore promised rows the next page lacks")
				}
				got = append(got, ids(page.Tasks)...)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("walk by cursor differs from one list (-want +got):\n%s", diff)
			}
		})
	}
}

func TestListTasksAfterSurvivesChangesBeforeTheCursor(t *testing.T) {
	t.Parallel()
	today := mustDate(t, listToday)
	changes := []struct {
		name   string
		change func(t *testing.T, db *models.DB, userID int64, f models.TaskFilter, page1 []models.Task)
	}{
		{"task added at the top", func(t *testing.T, db *models.DB, userID int64, f models.TaskFilter, _ []models.Task) {
			// Newest, most urgent, first by title and, unless the filter
			// fixes the day, most overdue: the top of every sort.
			createTask(t, db, userID, func(x *models.Task) {
				x.Title, x.Priority = "aaa", models.PriorityUrgent
				switch f.Due {
				case "today":
					x.Due = today
				case "any":
					x.Due = today.AddDays(-30)
				}
			})
		}},
		{"task on page 1 deleted", func(t *testing.T, db *models.DB, userID int64, _ models.TaskFilter, page1 []models.Task) {
			if err := models.DeleteTask(t.Context(), db.Write, userID, page1[3].ID); err != nil {
				t.Fatal(err)
			}
		}},
		{"task on page 1 completed", func(t *testing.T, db *models.DB, userID int64, _ models.TaskFilter, page1 []models.Task) {
			for _, x := range page1 {
				if !x.Done() {
					if _, err := models.ToggleTask(t.Context(), db.Write, userID, x.ID); err != nil {
						t.Fatal(err)
					}
					return
				}
			}
			t.Fatal("page 1 has no open task")
		}},
	}
	for _, ch := range changes {
		// One database per change: each case lists the state the cases
		// before it left, so the seed is large enough for all of them.
		db := newTestDB(t)
		u := createUser(t, db, "alice")
		seedTies(t, db, u.ID, today, 240)
		for _, f := range cursorFilters() {
			t.Run(ch.name+"/"+filterName(f), func(t *testing.T) {
				want, page1 := firstPage(t, db, u.ID, f, today)
				ch.change(t, db, u.ID, f, page1.Tasks)
				page2 := after(t, db, u.ID, f, today, page1.Tasks[len(page1.Tasks)-1])
				end := min(2*models.PageSize, len(want))
				if diff := cmp.Diff(want[models.PageSize:end], ids(page2.Tasks)); diff != "" {
					t.Errorf("page 2 after the change (-want +got):\n%s", diff)
				}
				if page2.HasMore != (len(want) > end) {
					t.Errorf("HasMore = %v with %d tasks listed of %d", page2.HasMore, end, len(want))
				}
			})
		}
	}
}

func TestParseCursor(t *testing.T) {
	t.Parallel()
	today := mustDate(t, listToday)
	due := models.TaskFilter{Sort: "due"}
	title := models.TaskFilter{Sort: "title"}
	task := models.Task{ID: 42, Title: "Ünïcode & spaces", Due: today, Priority: models.PriorityHigh}
	raw := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

	for _, f := range cursorFilters() {
		t.Run("round trip "+filterName(f), func(t *testing.T) {
			t.Parallel()
			s := models.NewCursor(f, task).String()
			c, err := models.ParseCursor(s, f)
			if err != nil {
				t.Fatalf("ParseCursor(%q): %v", s, err)
			}
			if c.String() != s {
				t.Errorf("re-encoded as %q, want %q", c.String(), s)
			}
			if strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
				t.Errorf("cursor %q needs escaping in a URL", s)
			}
		})
	}

	bad := []struct {
		name, cursor string
		f            models.TaskFilter
	}{
		{"empty", "", due},
		{"not base64", "!!!", due},
		{"padded base64", base64.URLEncoding.EncodeToString([]byte(`{"s":"created","k":["4"]}`)), models.TaskFilter{Sort: "created"}},
		{"not JSON", raw("hello"), due},
		{"JSON of another shape", raw(`[1,2,3]`), due},
		{"unknown field", raw(`{"s":"created","k":["4"],"x":1}`), models.TaskFilter{Sort: "created"}},
		{"trailing data", raw(`{"s":"created","k":["4"]}{}`), models.TaskFilter{Sort: "created"}},
		{"another sort", models.NewCursor(title, task).String(), due},
		{"due sort of another shape", models.NewCursor(models.TaskFilter{Due: "today"}, task).String(), due},
		{"too few keys", raw(`{"s":"due","k":["2026-01-01","3"]}`), due},
		{"too many keys", raw(`{"s":"created","k":["4","5"]}`), models.TaskFilter{Sort: "created"}},
		{"bad date", raw(`{"s":"due","k":["2026-13-01","3","4"]}`), due},
		{"priority out of range", raw(`{"s":"due","k":["2026-01-01","9","4"]}`), due},
		{"id not a number", raw(`{"s":"due","k":["2026-01-01","3","x"]}`), due},
		{"id zero", raw(`{"s":"created","k":["0"]}`), models.TaskFilter{Sort: "created"}},
		{"id negative", raw(`{"s":"created","k":["-4"]}`), models.TaskFilter{Sort: "created"}},
		{"id overflows", raw(`{"s":"created","k":["99999999999999999999"]}`), models.TaskFilter{Sort: "created"}},
		{"empty title", raw(`{"s":"title","k":["","4"]}`), title},
		{"title with a NUL byte", raw(`{"s":"title","k":["a\u0000b","4"]}`), title},
		{"key not a string", raw(`{"s":"created","k":[4]}`), models.TaskFilter{Sort: "created"}},
		{"too long", raw(fmt.Sprintf(`{"s":"title","k":[%q,"4"]}`, strings.Repeat("x", 2000))), title},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			c, err := models.ParseCursor(b.cursor, b.f)
			if !errors.Is(err, models.ErrBadCursor) {
				t.Errorf("ParseCursor(%q) = %v, %v; want ErrBadCursor", b.cursor, c, err)
			}
		})
	}

	t.Run("a cursor of another sort is refused by ListTasksAfter", func(t *testing.T) {
		t.Parallel()
		db := newTestDB(t)
		u := createUser(t, db, "alice")
		_, err := models.ListTasksAfter(t.Context(), db.Read, u.ID, due, today, models.NewCursor(title, task))
		if !errors.Is(err, models.ErrBadCursor) {
			t.Errorf("err = %v, want ErrBadCursor", err)
		}
	})
}

func TestListTasksAfterPlansSeekInIndexes(t *testing.T) {
	testdb.SQLiteOnly(t)
	t.Parallel()
	db := newTestDB(t)
	u := createUser(t, db, "alice")
	today := mustDate(t, listToday)
	seedTies(t, db, u.ID, today, 10)
	work := planLists(t, db, u.ID)
	rec := &queryRecorder{}
	db.Read.AddQueryHook(rec)
	last := models.Task{ID: 5, Title: "Beta", Due: today, Priority: models.PriorityMedium}

	for _, f := range cursorFilters() {
		for _, c := range []struct {
			priority string
			list     int64
		}{{"", 0}, {"high", 0}, {"", work.ID}, {"high", work.ID}} {
			f.Priority, f.List = c.priority, c.list
			if p, ok := models.ParsePriority(c.priority); ok && c.priority != "" {
				last.Priority = p
			}
			t.Run(fmt.Sprintf("%s/%s/list%d", filterName(f), c.priority, c.list), func(t *testing.T) {
				before := rec.count()
				if _, err := models.ListTasksAfter(t.Context(), db.Read, u.ID, f, today, models.NewCursor(f, last)); err != nil {
					t.Fatal(err)
				}
				if rec.count() != before+1 {
					t.Fatalf("ListTasksAfter ran %d queries, want 1", rec.count()-before)
				}
				query := rec.lastQuery()
				plan := queryPlan(t, db, query)
				for _, step := range plan {
					if fullScan.MatchString(step) || strings.Contains(step, "TEMP B-TREE") {
						t.Errorf("plan step %q walks or sorts the tasks\nquery: %s\nplan:\n  %s", step, query, strings.Join(plan, "\n  "))
					}
				}
				seek := "SEARCH t USING "
				if c.list != 0 { // a list's own index, not the user's with the list checked row by row
					seek = "SEARCH t USING INDEX tasks_list_"
				}
				if !strings.Contains(strings.Join(plan, "\n"), seek) {
					t.Errorf("plan does not seek in an index (%q):\n  %s", seek, strings.Join(plan, "\n  "))
				}
			})
		}
	}
}

// Titles that differ only past ASCII sort and page by title alike on both
// engines: the cursor's title is lowered as the database lowers the
// column, so no page repeats or loses a task.
func TestListTasksAfterByNonASCIITitle(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	u := createUser(t, db, "alice")
	today := mustDate(t, listToday)
	for i := range 2*models.PageSize + 7 {
		title := fmt.Sprintf("%s %03d", []string{"Äpfel", "äpfel", "Éclair", "ÉCLAIR", "apfel"}[i%5], i)
		createTask(t, db, u.ID, func(x *models.Task) { x.Title = title })
	}
	f := filled(models.TaskFilter{Status: "all", Sort: "title"})
	want, page := firstPage(t, db, u.ID, f, today)
	got := ids(page.Tasks)
	for page.HasMore {
		page = after(t, db, u.ID, f, today, page.Tasks[len(page.Tasks)-1])
		if len(page.Tasks) == 0 {
			t.Fatal("HasMore promised rows the next page lacks")
		}
		got = append(got, ids(page.Tasks)...)
	}
	if len(want) != 2*models.PageSize+7 {
		t.Fatalf("one list holds %d tasks, want %d", len(want), 2*models.PageSize+7)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("walk by cursor differs from one list (-want +got):\n%s", diff)
	}
}
