package models_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"docket/models"
)

func TestListTasksSearch(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	u, other := createUser(t, db, "alice"), createUser(t, db, "bob")
	today := mustDate(t, listToday)
	for _, s := range [][2]string{
		{"Buy Milk", "from the corner shop"},
		{"milk chocolate", ""},
		{"Report", "quarterly numbers, 100% done"},
		{"snake_case names", ""},
		{"snakeXcase names", ""},
		{"Backup", `copy C:\temp away`},
		{"Résumé update", "für später"},
	} {
		createTask(t, db, u.ID, func(x *models.Task) { x.Title, x.Description = s[0], s[1] })
	}
	createTask(t, db, other.ID, func(x *models.Task) { x.Title = "milk for bob" })

	tests := []struct {
		name, q string
		want    []string // sorted titles
	}{
		{"no query", "", []string{"Backup", "Buy Milk", "Report", "Résumé update", "milk chocolate", "snakeXcase names", "snake_case names"}},
		{"title word", "chocolate", []string{"milk chocolate"}},
		{"ASCII case-insensitive", "MILK", []string{"Buy Milk", "milk chocolate"}},
		{"part of a word", "ilk", []string{"Buy Milk", "milk chocolate"}},
		{"description only", "quarterly", []string{"Report"}},
		{"all words must match", "milk chocolate", []string{"milk chocolate"}},
		{"words in title and description", "shop MILK", []string{"Buy Milk"}},
		{"words in any order", "chocolate milk", []string{"milk chocolate"}},
		{"one word missing", "milk report", nil},
		{"extra spaces", "  milk   shop  ", []string{"Buy Milk"}},
		{"percent is literal", "%", []string{"Report"}},
		{"percent in a word", "100%", []string{"Report"}},
		{"percent does not match a digit run", "1%0", nil},
		{"underscore is literal", "_", []string{"snake_case names"}},
		{"underscore in a word", "snake_case", []string{"snake_case names"}},
		{"backslash is literal", `C:\temp`, []string{"Backup"}},
		{"quote", "it's", nil},
		{"non-ASCII exact case", "für", []string{"Résumé update"}},
		{"no match", "zebra", nil},
		{"a NUL byte separates words", "milk\x00shop", []string{"Buy Milk"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := models.TaskFilter{Status: "all", Query: tt.q}
			f = filled(f)
			page, err := models.ListTasks(t.Context(), db.Read, u.ID, f, today)
			if err != nil {
				t.Fatalf("ListTasks(q=%q): %v", tt.q, err)
			}
			if diff := cmp.Diff(tt.want, sortedTitles(page.Tasks), cmpEmptyNil); diff != "" {
				t.Errorf("q=%q (-want +got):\n%s", tt.q, diff)
			}
		})
	}
}

func TestListTasksPagination(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	u, other := createUser(t, db, "alice"), createUser(t, db, "bob")
	today := mustDate(t, listToday)
	const total = 120
	all := map[int64]bool{}
	// Few distinct due dates and priorities, so the order relies on the id
	// tie-breaker to be stable across pages.
	for _, task := range createTasks(t, db, u.ID, total, func(i int, x *models.Task) {
		x.Title = fmt.Sprintf("task %03d", i)
		x.Priority = models.Priority(i % 3)
		if i%4 != 0 {
			x.Due = today.AddDays(i % 5)
		}
	}) {
		all[task.ID] = true
	}
	createTask(t, db, other.ID, nil)

	for _, sort := range models.FilterSorts {
		t.Run(sort, func(t *testing.T) {
			seen := map[int64]bool{}
			var order []int64
			f := filled(models.TaskFilter{Status: "all", Sort: sort})
			got, err := models.ListTasks(ctx, db.Read, u.ID, f, today)
			for page, want := range []struct {
				n    int
				more bool
			}{{50, true}, {50, true}, {20, false}} {
				if page > 0 { // load more, after the last row shown
					got, err = models.ListTasksAfter(ctx, db.Read, u.ID, f, today, models.NewCursor(f, got.Tasks[len(got.Tasks)-1]))
				}
				if err != nil {
					t.Fatal(err)
				}
				if len(got.Tasks) != want.n || got.HasMore != want.more {
					t.Fatalf("page %d: %d tasks, HasMore %v; want %d, %v", page+1, len(got.Tasks), got.HasMore, want.n, want.more)
				}
				for _, task := range got.Tasks {
					if seen[task.ID] {
						t.Errorf("page %d repeats task %d", page+1, task.ID)
					}
					if !all[task.ID] {
						t.Errorf("page %d has task %d, not one of the user's", page+1, task.ID)
					}
					seen[task.ID] = true
					order = append(order, task.ID)
				}
			}
			if len(seen) != total {
				t.Errorf("pages 1-3 held %d distinct tasks, want %d", len(seen), total)
			}

			for _, want := range []struct {
				page, n int
				more    bool
			}{{1, 50, true}, {2, 100, true}, {3, 120, false}} {
				f := models.TaskFilter{Status: "all", Sort: sort, Page: want.page}
				f = filled(f)
				got, err := models.ListTasks(ctx, db.Read, u.ID, f, today)
				if err != nil {
					t.Fatal(err)
				}
				if len(got.Tasks) != want.n || got.HasMore != want.more {
					t.Errorf("up to page %d: %d tasks, HasMore %v; want %d, %v", want.page, len(got.Tasks), got.HasMore, want.n, want.more)
					continue
				}
				ids := make([]int64, len(got.Tasks))
				for i, task := range got.Tasks {
					ids[i] = task.ID
				}
				if diff := cmp.Diff(order[:want.n], ids); diff != "" {
					t.Errorf("up to page %d differs from pages 1..%d joined (-pages +upTo):\n%s", want.page, want.page, diff)
				}
			}
		})
	}

	// With exactly two pages of tasks, the second page is the last.
	if _, err := db.Write.ExecContext(ctx, "DELETE FROM tasks WHERE id IN (SELECT id FROM tasks WHERE user_id = ? ORDER BY id DESC LIMIT 20)", u.ID); err != nil {
		t.Fatal(err)
	}
	f := filled(models.TaskFilter{Status: "all"})
	first, err := models.ListTasks(ctx, db.Read, u.ID, f, today)
	if err != nil || len(first.Tasks) != 50 || !first.HasMore {
		t.Fatalf("100 tasks, page 1: %d tasks, HasMore %v, %v; want 50, true", len(first.Tasks), first.HasMore, err)
	}
	rest, err := models.ListTasksAfter(ctx, db.Read, u.ID, f, today, models.NewCursor(f, first.Tasks[49]))
	if err != nil || len(rest.Tasks) != 50 || rest.HasMore {
		t.Errorf("100 tasks, after page 1: %d tasks, HasMore %v, %v; want 50, false", len(rest.Tasks), rest.HasMore, err)
	}
	f.Page = 2
	both, err := models.ListTasks(ctx, db.Read, u.ID, f, today)
	if err != nil || len(both.Tasks) != 100 || both.HasMore {
		t.Errorf("100 tasks, pages 1-2: %d tasks, HasMore %v, %v; want 100, false", len(both.Tasks), both.HasMore, err)
	}
}
