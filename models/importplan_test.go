package models_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/uptrace/bun"

	"docket/models"
)

// An import into an account that has lists and labels already reuses
// those of the same name in any case, as they are but for a missing
// colour, and adds the others after them.
func TestImportReusesListsAndLabels(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := newTestDB(t)
	alice := createUser(t, db, "alice")
	createList(t, db, alice.ID, "Work", "")
	home := createList(t, db, alice.ID, "Home", "orange")
	if _, err := models.UpdateList(ctx, db.Write, alice.ID, home.ID, models.ListChanges{Archived: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	for _, l := range []models.Label{{Name: "Phone"}, {Name: "errands", Colour: "green"}} {
		l.UserID = alice.ID
		if err := models.CreateLabel(ctx, db.Write, &l); err != nil {
			t.Fatal(err)
		}
	}
	file := `{"docket_export": 2,
		"lists": [{"name": "work", "colour": "blue"}, {"name": "HOME", "colour": "red", "archived": false},
			{"name": "New", "colour": "pink", "archived": true}],
		"labels": [{"name": "phone", "colour": "red"}, {"name": "Errands", "colour": "blue"}, {"name": "fresh"}],
		"tasks": [{"title": "a", "list": "WORK", "labels": ["PHONE", "fresh"]}, {"title": "b", "list": "home"},
			{"title": "c", "list": "Other", "labels": ["brand new", "errands"],
			 "subtasks": [{"title": "d", "labels": ["Fresh"]}]}, {"title": "e"}]}`

	n, err := models.Import(ctx, db, strings.NewReader(file), models.FormatJSON, alice.ID, fixedNow, models.ImportLimits{})
	if err != nil || n != 5 {
		t.Fatalf("Import = %d, %v; want 5 tasks", n, err)
	}

	want := `list "Inbox" "" inbox=true archived=false
list "Work" "blue" inbox=false archived=false
list "Home" "orange" inbox=false archived=true
list "New" "pink" inbox=false archived=true
list "Other" "" inbox=false archived=false
label "brand new" ""
label "errands" "green"
label "fresh" ""
label "Phone" "red"
task 0 "a" list="Work" parent=-1 labels=[fresh Phone]
task 1 "b" list="Home" parent=-1 labels=[]
task 2 "c" list="Other" parent=-1 labels=[brand new errands]
task 3 "d" list="Other" parent=2 labels=[fresh]
task 4 "e" list="Inbox" parent=-1 labels=[]
`
	if diff := cmp.Diff(want, structureOf(t, db, alice.ID)); diff != "" {
		t.Errorf("after the import (-want +got):\n%s", diff)
	}
}

// An import that would take the account past the most lists or labels it
// keeps is refused whole, saying so, before anything is staged.
func TestImportRefusedPastListAndLabelLimits(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	alice := createUser(t, db, "alice")
	err := db.Write.RunInTx(t.Context(), nil, func(ctx context.Context, tx bun.Tx) error {
		for i := range models.MaxLists - 2 { // with the Inbox, room for one more
			if err := models.CreateList(ctx, tx, &models.List{UserID: alice.ID, Name: fmt.Sprintf("List %d", i)}); err != nil {
				return err
			}
		}
		for i := range models.MaxLabels - 1 {
			if err := models.CreateLabel(ctx, tx, &models.Label{UserID: alice.ID, Name: fmt.Sprintf("Label %d", i)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	before := structureOf(t, db, alice.ID)
	tests := []struct {
		name, file string
		want       []string
	}{
		{"one list and one label more fit", "title,list,labels\na,List 1,\"Label 1, one more\"\nb,New list,label 2\n", nil},
		{"two lists more", "title,list\na,New list\nb,Newer list\n", []string{
			"You have 199 lists and the file adds 2 more; an account keeps at most 200."}},
		{"two labels more", "title,labels\na,\"new label, newer label\"\n", []string{
			"You have 499 labels and the file adds 2 more; an account keeps at most 500."}},
		{"both", "title,list,labels\na,New list,\"x, y\"\nb,Newer list,\n", []string{
			"You have 199 lists and the file adds 2 more; an account keeps at most 200.",
			"You have 499 labels and the file adds 2 more; an account keeps at most 500."}},
	}
	for _, tt := range tests[1:] {
		t.Run(tt.name, func(t *testing.T) {
			_, err := models.Import(t.Context(), db, strings.NewReader(tt.file), models.FormatCSV, alice.ID, fixedNow, models.ImportLimits{})
			ie, ok := errors.AsType[*models.ImportError](err)
			if !ok || len(ie.Problems) != len(tt.want) {
				t.Fatalf("Import = %v, want %d problems", err, len(tt.want))
			}
			for i, p := range ie.Problems {
				if !strings.HasPrefix(p.Message, tt.want[i]) || ie.Where(p) != "file" {
					t.Errorf("problem %q: %q, want %q", ie.Where(p), p.Message, tt.want[i])
				}
			}
			if after := structureOf(t, db, alice.ID); after != before {
				t.Errorf("a refused import changed the account:\n%s", cmp.Diff(before, after))
			}
		})
	}
	if _, err := models.Import(t.Context(), db, strings.NewReader(tests[0].file), models.FormatCSV, alice.ID, fixedNow,
		models.ImportLimits{}); err != nil {
		t.Errorf("%s: %v", tests[0].name, err)
	}
}
