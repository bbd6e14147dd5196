package models

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"
)

// An import stopped after its first batch, as a crash would stop it, is
// finished by the sweep; meanwhile its user deleted a parent, a list and
// a label it had made. A subtask in the second batch finds its parent
// from the first, a subtask of the deleted parent goes with it, a task of
// the deleted list lands in the Inbox and the deleted label is left off.
func TestSweepFinishesImportAfterChanges(t *testing.T) {
	t.Parallel()
	db := migratedInternalDB(t)
	ctx := t.Context()
	u := createInternalUser(t, db, "alice")
	var csv strings.Builder
	csv.WriteString("title,list,labels,parent\n")
	csv.WriteString("Parent A,Work,,\n") // row 2, seq 1
	csv.WriteString("Parent B,,,\n")     // row 3
	for i := 4; i <= publishBatch+1; i++ {
		fmt.Fprintf(&csv, "Filler %d,,,\n", i)
	}
	// The second batch, from seq 1001.
	csv.WriteString("Sub A1,,keep,2\nSub B1,,,3\nIn doomed,Doomed,,\nLabelled,,\"keep, gone\",\nSub A2,,,2\n")
	now := time.Now()
	src := strings.NewReader(csv.String())
	n, plan, err := scanImport(src, FormatCSV, u.ID, now, 0, func(importRow) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.Seek(0, 0); err != nil {
		t.Fatal(err)
	}
	id, err := startImport(ctx, db.Write, u.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := stage(ctx, db.Write, id, src, FormatCSV, u.ID, now, plan, n); err != nil {
		t.Fatal(err)
	}
	if err := startPublishing(ctx, db.Write, id, u.ID, n, 0, plan, FormatCSV); err != nil {
		t.Fatal(err)
	}
	err = db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		more, err := publishNext(ctx, tx, id, u.ID)
		if err == nil && !more {
			err = fmt.Errorf("the first batch published nothing")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	tasks, err := AllTasks(ctx, db.Read, u.ID)
	if err != nil || len(tasks) != publishBatch {
		t.Fatalf("after one batch the user has %d tasks (%v), want %d", len(tasks), err, publishBatch)
	}
	if err := DeleteTask(ctx, db.Write, u.ID, tasks[1].ID); err != nil { // Parent B
		t.Fatal(err)
	}
	doomed, err := ListByName(ctx, db.Read, u.ID, "Doomed")
	if err != nil {
		t.Fatal(err)
	}
	if err := DeleteList(ctx, db.Write, u.ID, doomed.ID, false); err != nil {
		t.Fatal(err)
	}
	gone, err := LabelsNamed(ctx, db.Read, u.ID, []string{"gone"})
	if err != nil || len(gone) != 1 {
		t.Fatal(gone, err)
	}
	if err := DeleteLabel(ctx, db.Write, u.ID, gone[0].ID); err != nil {
		t.Fatal(err)
	}

	if err := SweepImports(ctx, db.Write, now); err != nil {
		t.Fatal(err)
	}

	var left int
	if err := db.Read.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM imports) + (SELECT count(*) FROM import_rows)
		+ (SELECT count(*) FROM import_labels)`).Scan(&left); err != nil || left != 0 {
		t.Errorf("%d staging rows left after the sweep (%v), want 0", left, err)
	}
	tasks, err = AllTasks(ctx, db.Read, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := tasks[len(tasks)-4:]
	if got, want := titles(last), []string{"Sub A1", "In doomed", "Labelled", "Sub A2"}; !slices.Equal(got, want) {
		t.Fatalf("the second batch published %q, want %q", got, want)
	}
	inbox, err := GetInbox(ctx, db.Read, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	parentA := tasks[0]
	subs, err := Subtasks(ctx, db.Read, u.ID, parentA.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(subs); !slices.Equal(got, []string{"Sub A1", "Sub A2"}) || subs[0].ListID != parentA.ListID {
		t.Errorf("Parent A has subtasks %q in list %d, want Sub A1 and Sub A2 in its list %d", got, subs[0].ListID, parentA.ListID)
	}
	if last[1].ListID != inbox.ID {
		t.Errorf("the task of the deleted list is in list %d, want the Inbox %d", last[1].ListID, inbox.ID)
	}
	labels, err := LabelsOfTasks(ctx, db.Read, u.ID, []int64{last[0].ID, last[2].ID})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := LabelNames(labels[last[0].ID]), LabelNames(labels[last[2].ID]); !slices.Equal(a, []string{"keep"}) || !slices.Equal(b, []string{"keep"}) {
		t.Errorf("labels %q and %q, want keep on both", a, b)
	}
}

// titles returns the titles of tasks in order.
func titles(tasks []Task) []string {
	out := make([]string, len(tasks))
	for i, t := range tasks {
		out[i] = t.Title
	}
	return out
}
