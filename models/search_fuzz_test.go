package models_test

import (
	"testing"

	"docket/models"
)

// FuzzSearch stores one task with any title and notes the forms accept,
// searches for any text, and holds the list and TaskMatches to the
// reference: the task is listed exactly when every word occurs in its title
// or notes, ASCII letters in either case. The text index must never lose a
// task that LIKE would find, whatever the characters.
func FuzzSearch(f *testing.F) {
	for _, s := range [][3]string{
		{"Pay 50% of the deposit", "", "50% DEPOSIT"},
		{"snake_case", `C:\temp`, `e_c C:\T`},
		{"Résumé", "für später", "RÉSUMÉ für"},
		{"ab", "xy", "abxy"},
		{"ab", "xy", "ab xy"},
		{"Ünïcode 🎉 party", "naïve", "🎉 p"},
		{`say "hi" ""`, "", `"hi" ""`},
		{"ǅemal İstanbul ſun", "", "ǆemal i̇st ſun"},
		{"tab\there", "line\r\nbreak", "e\tb"},
		{"NEAR AND OR NOT", "col:umn *star ^caret", "near and col:umn *star ^car"},
		{"für", "", "\xbc"},             // a byte of ü alone is not ü
		{"bad \uFFFD byte", "", "\xff"}, // but reads as the replacement character
	} {
		f.Add(s[0], s[1], s[2])
	}
	db := newTestDB(f)
	alice := createUser(f, db, "alice")
	f.Fuzz(func(t *testing.T, title, notes, query string) {
		if models.ValidateTitle(title) != nil || models.ValidateDescription(notes) != nil {
			return
		}
		ctx := t.Context()
		task := &models.Task{UserID: alice.ID, Title: title, Description: notes}
		if err := models.CreateTask(ctx, db.Write, task); err != nil {
			t.Fatal(err)
		}
		defer func() {
			if err := models.DeleteTask(ctx, db.Write, alice.ID, task.ID); err != nil {
				t.Fatal(err)
			}
		}()
		want := matchesSearch(*task, query)
		flt := filled(models.TaskFilter{Status: "all", Query: query})
		page, err := models.ListTasks(ctx, db.Read, alice.ID, flt, seedToday)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(page.Tasks) == 1; got != want || len(page.Tasks) > 1 {
			t.Errorf("search %q for %q / %q listed %d tasks, want match %v", query, title, notes, len(page.Tasks), want)
		}
		got, err := models.TaskMatches(ctx, db.Read, alice.ID, task.ID, flt, seedToday)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("TaskMatches(%q) for %q / %q = %v, want %v", query, title, notes, got, want)
		}
	})
}
