package models_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"docket/models"
)

// allFilters is every status × due × sort combination, with and without a
// priority.
func allFilters() []models.TaskFilter {
	var fs []models.TaskFilter
	for _, st := range models.FilterStatuses {
		for _, due := range models.FilterDues {
			for _, sort := range models.FilterSorts {
				for _, pr := range []string{"", "high"} {
					fs = append(fs, models.TaskFilter{Status: st, Due: due, Sort: sort, Priority: pr, Page: 1})
				}
			}
		}
	}
	return fs
}

// noDue is the date the SQL sorts a task without a due date under: last.
const noDue = "9999-12-31"

// wantTasks is ListTasks written out in Go: the reference the SQL must match.
func wantTasks(all []models.Task, userID int64, f models.TaskFilter, today models.Date) []int64 {
	var out []models.Task
	for _, t := range all {
		if t.UserID != userID {
			continue
		}
		switch f.Status {
		case "open":
			if t.Done() {
				continue
			}
		case "todo", "doing", "done":
			if string(t.Status) != f.Status {
				continue
			}
		}
		if p, _ := models.ParsePriority(f.Priority); f.Priority != "" && t.Priority != p {
			continue
		}
		if !matchesSearch(t, f.Query) {
			continue
		}
		switch f.Due {
		case "overdue":
			if !t.Overdue(today) {
				continue
			}
		case "today":
			if t.Due != today {
				continue
			}
		case "week":
			if t.Due.IsZero() || t.Due.Before(today) || today.AddDays(6).Before(t.Due) {
				continue
			}
		case "none":
			if !t.Due.IsZero() {
				continue
			}
		}
		out = append(out, t)
	}
	due := func(t models.Task) string {
		if t.Due.IsZero() {
			return noDue
		}
		return t.Due.String()
	}
	slices.SortFunc(out, func(a, b models.Task) int {
		switch f.Sort {
		case "priority":
			if c := int(b.Priority) - int(a.Priority); c != 0 {
				return c
			}
			if c := strings.Compare(due(a), due(b)); c != 0 {
				return c
			}
			return int(b.ID - a.ID)
		case "created":
			return int(b.ID - a.ID)
		case "title":
			if c := strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)); c != 0 {
				return c
			}
			return int(a.ID - b.ID)
		default:
			if c := strings.Compare(due(a), due(b)); c != 0 {
				return c
			}
			if c := int(b.Priority) - int(a.Priority); c != 0 {
				return c
			}
			return int(b.ID - a.ID)
		}
	})
	ids := make([]int64, len(out))
	for i, t := range out {
		ids[i] = t.ID
	}
	return ids
}

// matchesSearch is the search written out in Go: every word of the query
// occurs in the title or in the notes, ASCII letters in either case; bytes
// that are not UTF-8 stand for U+FFFD.
func matchesSearch(t models.Task, query string) bool {
	query = strings.ToValidUTF8(query, "\uFFFD")
	for _, w := range strings.FieldsFunc(query, func(r rune) bool { return unicode.IsSpace(r) || r == 0 }) {
		if !containsFoldASCII(t.Title, w) && !containsFoldASCII(t.Description, w) {
			return false
		}
	}
	return true
}

// containsFoldASCII reports whether sub occurs in s, taking the two cases
// of an ASCII letter as equal and every other byte as itself.
func containsFoldASCII(s, sub string) bool {
	fold := func(c byte) byte {
		if 'A' <= c && c <= 'Z' {
			return c + 'a' - 'A'
		}
		return c
	}
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for j < len(sub) && fold(s[i+j]) == fold(sub[j]) {
			j++
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}

// seedTwoUsers creates alice and bob with n generated tasks each.
func seedTwoUsers(t *testing.T, db *models.DB, n int) (alice, bob *models.User) {
	t.Helper()
	ctx := context.Background()
	users := make([]*models.User, 2)
	for i, name := range []string{"alice", "bob"} {
		u, _, err := models.EnsureUser(ctx, db, testPasswords, name)
		if err != nil {
			t.Fatal(err)
		}
		if err := models.SeedTasks(ctx, db, u.ID, n, seedToday, uint64(i), nil); err != nil {
			t.Fatal(err)
		}
		users[i] = u
	}
	return users[0], users[1]
}

func TestListTasksFiltersAndSorts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := newTestDB(t)
	alice, _ := seedTwoUsers(t, db, 400)
	var all []models.Task
	if err := db.Read.NewSelect().Model(&all).Scan(ctx); err != nil {
		t.Fatal(err)
	}
	for _, f := range allFilters() {
		t.Run(fmt.Sprintf("%s/%s/%s/%s", f.Status, f.Due, f.Sort, f.Priority), func(t *testing.T) {
			want := wantTasks(all, alice.ID, f, seedToday)
			if diff := cmp.Diff(want, listByPages(t, db, alice.ID, f), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("task ids (-want +got):\n%s", diff)
			}
		})
	}
}

// listByPages returns the ids of the user's list f describes, read page
// by page through load-more cursors.
func listByPages(t *testing.T, db *models.DB, userID int64, f models.TaskFilter) []int64 {
	t.Helper()
	var got []int64
	list, err := models.ListTasks(t.Context(), db.Read, userID, f, seedToday)
	for {
		if err != nil {
			t.Fatal(err)
		}
		for _, task := range list.Tasks {
			got = append(got, task.ID)
		}
		if !list.HasMore {
			return got
		}
		last := list.Tasks[len(list.Tasks)-1]
		list, err = models.ListTasksAfter(t.Context(), db.Read, userID, f, seedToday, models.NewCursor(f, last))
	}
}

func TestCountTasksFollowsChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := newTestDB(t)
	alice, bob := seedTwoUsers(t, db, 300)
	check := func(step string) {
		t.Helper()
		for _, u := range []*models.User{alice, bob} {
			var want models.TaskCounts
			for _, task := range allTasks(t, db, u.ID) {
				switch {
				case task.Done():
					want.Done++
				default:
					want.Open++
					if task.Overdue(seedToday) {
						want.Overdue++
					}
					if task.Due == seedToday {
						want.DueToday++
					}
				}
			}
			got, err := models.CountTasks(ctx, db.Read, u.ID, seedToday)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Fatalf("%s: %s's counts %+v, want %+v", step, u.Username, got, want)
			}
		}
	}
	check("after seeding")

	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		id := int64(rnd.IntN(600) + 1)
		owner := alice.ID
		if id > 300 {
			owner = bob.ID
		}
		var err error
		switch rnd.IntN(5) {
		case 0:
			_, err = models.ToggleTask(ctx, db.Write, owner, id)
		case 1:
			due := seedToday.AddDays(rnd.IntN(5) - 2)
			if rnd.IntN(3) == 0 {
				due = models.Date{}
			}
			_, err = models.UpdateTask(ctx, db.Write, owner, id, models.TaskChanges{Due: &due})
		case 2:
			st := models.Statuses[rnd.IntN(len(models.Statuses))]
			_, err = models.UpdateTask(ctx, db.Write, owner, id, models.TaskChanges{Status: &st})
		case 3:
			err = models.DeleteTask(ctx, db.Write, owner, id)
		case 4:
			err = models.CreateTask(ctx, db.Write, &models.Task{UserID: owner, Title: "New", Due: seedToday, Priority: models.PriorityLow})
		}
		if err != nil && err != models.ErrNotFound {
			t.Fatal(err)
		}
		if i%20 == 0 {
			check(fmt.Sprintf("after change %d", i))
		}
	}
	check("after all changes")

	if err := models.DeleteUser(ctx, db.Write, bob.ID); err != nil {
		t.Fatal(err)
	}
	got, err := models.CountTasks(ctx, db.Read, bob.ID, seedToday)
	if err != nil {
		t.Fatal(err)
	}
	if got != (models.TaskCounts{}) {
		t.Errorf("deleted user's counts %+v, want zero", got)
	}
}
