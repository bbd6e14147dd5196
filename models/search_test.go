package models_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/uptrace/bun"

	"docket/internal/testdb"
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

// searchTexts are titles and notes that a search must take literally, or
// fold in ASCII only.
var searchTexts = [][2]string{
	{"Pay 50% of the deposit", "5X0"},
	{"snake_case names", ""},
	{"snakeXcase names", "50X of it"},
	{`Backup C:\temp`, `to C:\TEMP\old`},
	{"Résumé update", "für später"},
	{"RÉSUMÉ", "FÜR"},
	{`say "hi"`, "it's done"},
	{"ab", "xy"},
	{"Ünïcode 🎉 party", "naïve café"},
	{"tab\there", "line\nbreak"},
}

// searchQueries are the searches checked against the reference: common,
// rare and absent words, several words, words of one and two characters,
// LIKE's wildcards and escape, quotes, non-ASCII letters in both cases,
// and words that would only match across the title and the notes.
var searchQueries = []string{
	"report", "REPORT", "Lisbon", "zebra", "report maria", "the quarterly report", "call about Lisbon",
	"e", "re", "po", "%", "50%", "5%0", "_", "e_c", `C:\`, `\t`, `\`, "résumé", "RÉSUMÉ", "Résumé", "für", "FÜR",
	"Ü", "ü", `"hi"`, `"`, "it's", "🎉", "🎉 party", "ab xy", "abxy", "b\nx", "tab", "ab\tx",
}

// searchFilters are the lists each search is checked in: every sort, with
// no other filter and with each kind of filter.
func searchFilters() []models.TaskFilter {
	var fs []models.TaskFilter
	for _, sort := range models.FilterSorts {
		for _, f := range []models.TaskFilter{
			{Status: "all", Due: "any"},
			{Status: "open", Due: "any"},
			{Status: "done", Due: "any", Priority: "high"},
			{Status: "all", Due: "week"},
			{Status: "open", Due: "none"},
		} {
			f.Sort, f.Page = sort, 1
			fs = append(fs, f)
		}
	}
	return fs
}

// TestSearchMatchesReference compares searches with the reference, through
// every page of every list in searchFilters, with the probe forced to send
// every search through the ordered index, to send every search through the
// text index, and in between, so each way is checked whatever the data. It
// sets the probe's limit, so it does not run in parallel.
func TestSearchMatchesReference(t *testing.T) {
	db := newTestDB(t)
	alice, bob := seedTwoUsers(t, db, 400)
	for _, u := range []*models.User{alice, bob} {
		for _, s := range searchTexts {
			createTask(t, db, u.ID, func(x *models.Task) { x.Title, x.Description = s[0], s[1] })
		}
	}
	var all []models.Task
	if err := db.Read.NewSelect().Model(&all).Scan(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, probe := range []struct {
		name  string
		limit int
	}{{"ordered index", 0}, {"text index", 1 << 30}, {"probe of 40", 40}} {
		restore := models.SetTextIndexProbe(probe.limit)
		for _, q := range searchQueries {
			for _, f := range searchFilters() {
				f.Query = q
				want := wantTasks(all, alice.ID, f, seedToday)
				if diff := cmp.Diff(want, listByPages(t, db, alice.ID, f), cmpEmptyNil); diff != "" {
					t.Errorf("%s: q=%q in %s/%s/%s/%s (-want +got):\n%s", probe.name, q, f.Status, f.Due, f.Priority, f.Sort, diff)
				}
			}
		}
		restore()
	}
}

// TestTaskMatchesSearch checks TaskMatches against the reference for the
// hand-made tasks and some generated ones, including another user's.
func TestTaskMatchesSearch(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	alice, _ := seedTwoUsers(t, db, 30)
	for _, s := range searchTexts {
		createTask(t, db, alice.ID, func(x *models.Task) { x.Title, x.Description = s[0], s[1] })
	}
	var all []models.Task
	if err := db.Read.NewSelect().Model(&all).Scan(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, q := range searchQueries {
		f := filled(models.TaskFilter{Status: "all", Query: q})
		for _, task := range all {
			want := task.UserID == alice.ID && matchesSearch(task, q)
			got, err := models.TaskMatches(t.Context(), db.Read, alice.ID, task.ID, f, seedToday)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("TaskMatches(q=%q, task %d %q / %q) = %v, want %v", q, task.ID, task.Title, task.Description, got, want)
			}
		}
	}
}

// TestSearchIndexFollowsChanges makes random changes to two users' tasks,
// through every way tasks change, and checks after each batch that the text
// index finds exactly what the reference finds, and holds a row for each
// task and no other. It sets the probe's limit, so it does not run in
// parallel.
func TestSearchIndexFollowsChanges(t *testing.T) {
	defer models.SetTextIndexProbe(1 << 30)()
	ctx := t.Context()
	db := newTestDB(t)
	alice, bob := seedTwoUsers(t, db, 100)
	users := []*models.User{alice, bob}
	fruit := []string{"kiwi", "mango", "papaya", "Kiwi MANGO", ""}
	rnd := rand.New(rand.NewPCG(3, 4))
	text := func() string { return fruit[rnd.IntN(len(fruit))] + " " + fruit[rnd.IntN(len(fruit))] }
	check := func(step string) {
		t.Helper()
		var all []models.Task
		if err := db.Read.NewSelect().Model(&all).Scan(ctx); err != nil {
			t.Fatal(err)
		}
		for _, u := range users {
			for _, q := range []string{"kiwi", "mango", "papaya", "kiwi mango", "report"} {
				f := filled(models.TaskFilter{Status: "all", Sort: "created", Query: q})
				if diff := cmp.Diff(wantTasks(all, u.ID, f, seedToday), listByPages(t, db, u.ID, f), cmpEmptyNil); diff != "" {
					t.Fatalf("%s: %s's search for %q (-want +got):\n%s", step, u.Username, q, diff)
				}
			}
		}
		if db.Engine != models.SQLite {
			return
		}
		if n, want := countRows(t, db, "SELECT count(*) FROM task_search"), len(all); n != want {
			t.Fatalf("%s: the text index has %d rows for %d tasks", step, n, want)
		}
	}
	check("after seeding")
	for i := range 300 {
		u := users[rnd.IntN(2)]
		ids := allTasks(t, db, u.ID)
		id := ids[rnd.IntN(len(ids))].ID
		var err error
		switch rnd.IntN(6) {
		case 0:
			err = models.CreateTask(ctx, db.Write, &models.Task{UserID: u.ID, Title: "New " + text(), Description: text()})
		case 1:
			title := "Renamed " + text()
			_, err = models.UpdateTask(ctx, db.Write, u.ID, id, models.TaskChanges{Title: &title})
		case 2:
			notes := text()
			_, err = models.UpdateTask(ctx, db.Write, u.ID, id, models.TaskChanges{Description: &notes})
		case 3:
			err = models.DeleteTask(ctx, db.Write, u.ID, id)
		case 4:
			_, err = models.ToggleTask(ctx, db.Write, u.ID, id)
		case 5:
			csv := fmt.Sprintf("title,description\nImported %s,%s\n", text(), text())
			var n int
			if n, err = models.Import(ctx, db, strings.NewReader(csv), "csv", u.ID, fixedNow, models.ImportLimits{}); err == nil && n != 1 {
				t.Fatalf("change %d: imported %d tasks, want 1", i, n)
			}
		}
		if err != nil {
			t.Fatalf("change %d: %v", i, err)
		}
		if i%50 == 49 {
			check(fmt.Sprintf("after change %d", i+1))
		}
	}
	if err := models.DeleteUser(ctx, db.Write, bob.ID); err != nil {
		t.Fatal(err)
	}
	users = users[:1]
	check("after deleting bob")
}

// TestSearchCanUseTrigramIndex checks that PostgreSQL can answer a search
// from its trigram index: the list's condition must be written exactly as
// the index's expression, or the planner never considers the index. At a
// test's few rows the planner rightly prefers other plans, so the test
// takes them away inside a transaction it rolls back: without the ordered
// indexes and with sequential scans priced out, the words must be read
// from tasks_search_idx.
func TestSearchCanUseTrigramIndex(t *testing.T) {
	testdb.PostgresOnly(t)
	t.Parallel()
	db := newTestDB(t)
	u := createUser(t, db, "alice")
	createTask(t, db, u.ID, func(x *models.Task) { x.Title = "Pay 50% of the deposit" })
	rec := &queryRecorder{}
	db.Read.AddQueryHook(rec)
	for _, q := range []string{"deposit", "DEPOSIT 50%"} {
		f := filled(models.TaskFilter{Status: "all", Query: q})
		if _, err := models.ListTasks(t.Context(), db.Read, u.ID, f, seedToday); err != nil {
			t.Fatal(err)
		}
		list := rec.lastQuery()
		var plan []string
		err := db.Write.RunInTx(t.Context(), nil, func(ctx context.Context, tx bun.Tx) error {
			for _, stmt := range []string{
				"DROP INDEX tasks_user_due_idx, tasks_user_priority_idx, tasks_user_title_idx, tasks_user_created_idx, " +
					"tasks_list_due_idx, tasks_list_priority_idx, tasks_list_title_idx, tasks_list_created_idx",
				"SET LOCAL enable_seqscan = off",
			} {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return err
				}
			}
			if err := tx.NewRaw("EXPLAIN "+list.query, list.args...).Scan(ctx, &plan); err != nil {
				return err
			}
			return errRollback
		})
		if !errors.Is(err, errRollback) {
			t.Fatal(err)
		}
		if text := strings.Join(plan, "\n"); !strings.Contains(text, "Index Scan on tasks_search_idx") {
			t.Errorf("q=%q: plan does not read tasks_search_idx:\n%s", q, text)
		}
	}
}

// errRollback ends a transaction that must leave nothing behind.
var errRollback = errors.New("roll back")

// TestSearchAfterCopy checks that a database `docket copy` fills answers
// searches: the copy brings the tasks, and the destination's triggers (on
// SQLite) or index (on PostgreSQL) must index them on the way in.
func TestSearchAfterCopy(t *testing.T) {
	t.Parallel()
	from := migrated.DSN(t)
	src := openTestDB(t, from)
	alice, _ := seedTwoUsers(t, src, 300)
	for _, s := range searchTexts {
		createTask(t, src, alice.ID, func(x *models.Task) { x.Title, x.Description = s[0], s[1] })
	}
	to := testdb.Empty(t)
	copyDB(t, from, to)
	dst := openTestDB(t, to)
	var all []models.Task
	if err := dst.Read.NewSelect().Model(&all).Scan(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, q := range searchQueries {
		f := filled(models.TaskFilter{Status: "all", Sort: "created", Query: q})
		if diff := cmp.Diff(wantTasks(all, alice.ID, f, seedToday), listByPages(t, dst, alice.ID, f), cmpEmptyNil); diff != "" {
			t.Errorf("q=%q in the copy (-want +got):\n%s", q, diff)
		}
	}
}
