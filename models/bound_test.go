package models_test

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"slices"
	"testing"

	"github.com/uptrace/bun"

	"docket/models"
)

// The queries every request runs send their values as parameters, so their
// SQL text, and the statement SQLite prepared for it, is the same for every
// user and task.
func TestHotQueriesBindTheirValues(t *testing.T) {
	db := newTestDB(t)
	ctx := t.Context()
	alice, bob := createUser(t, db, "alice"), createUser(t, db, "bob")
	a := createTask(t, db, alice.ID, nil)
	b := createTask(t, db, bob.ID, nil)
	today := mustDate(t, "2026-11-23")
	f := models.TaskFilter{Due: "week", Query: "milk"}
	f.Normalize()

	runs := []struct {
		name string
		run  func(userID, id int64) error
	}{
		{"CreateTask", func(u, _ int64) error {
			return models.CreateTask(ctx, db.Write, &models.Task{UserID: u, Title: "New", Due: today, Status: models.StatusDone})
		}},
		{"GetTask", func(u, id int64) error { _, err := models.GetTask(ctx, db.Read, u, id); return err }},
		{"ToggleTask", func(u, id int64) error { _, err := models.ToggleTask(ctx, db.Write, u, id); return err }},
		{"UpdateTask", func(u, id int64) error {
			_, err := models.UpdateTask(ctx, db.Write, u, id, models.TaskChanges{Title: ptr("New title")})
			return err
		}},
		{"TaskMatches", func(u, id int64) error { _, err := models.TaskMatches(ctx, db.Read, u, id, f, today); return err }},
		{"CountTasks", func(u, _ int64) error { _, err := models.CountTasks(ctx, db.Read, u, today); return err }},
		{"ListTasks", func(u, _ int64) error { _, err := models.ListTasks(ctx, db.Read, u, f, today, true); return err }},
	}
	rec := &queryRecorder{}
	db.AddQueryHook(rec)
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			if err := r.run(alice.ID, a.ID); err != nil {
				t.Fatal(err)
			}
			first := rec.lastQuery()
			if err := r.run(bob.ID, b.ID); err != nil {
				t.Fatal(err)
			}
			second := rec.lastQuery()
			if first.query != second.query {
				t.Errorf("SQL differs between users:\n  %s\n  %s", first.query, second.query)
			}
			if !slices.Contains(first.args, any(alice.ID)) || !slices.Contains(second.args, any(bob.ID)) {
				t.Errorf("user ids are not bound parameters: %v, %v", first, second)
			}
		})
	}
}

// Values that look like SQL or placeholders arrive as they were typed.
func TestBoundValuesArriveIntact(t *testing.T) {
	db := newTestDB(t)
	u := createUser(t, db, "alice")
	task := createTask(t, db, u.ID, nil)
	title := `What's "? $1 ?0" -- ; DROP TABLE tasks; 100% _done_ ✓`
	got, err := models.UpdateTask(t.Context(), db.Write, u.ID, task.ID, models.TaskChanges{Title: &title, Description: &title})
	if err != nil {
		t.Fatal(err)
	}
	again, err := models.GetTask(t.Context(), db.Read, u.ID, task.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != title || again.Title != title || again.Description != title {
		t.Errorf("title %q, stored %q / %q, want %q", got.Title, again.Title, again.Description, title)
	}
	f := models.TaskFilter{Query: `"? $1`}
	f.Normalize()
	list, err := models.ListTasks(t.Context(), db.Read, u.ID, f, mustDate(t, "2026-11-23"), true)
	if err != nil || len(list.Tasks) != 1 {
		t.Errorf("search for the typed text found %d tasks, %v; want 1", len(list.Tasks), err)
	}
	wantIntact(t, db)
}

// A bound time is stored in the text form Bun writes into SQL, so times
// written either way compare and sort together.
func TestBoundTimesMatchBunFormat(t *testing.T) {
	db := newTestDB(t)
	ctx := t.Context()
	u := createUser(t, db, "alice")
	bound := &models.Task{UserID: u.ID, Title: "bound", Status: models.StatusDone}
	if err := models.CreateTask(ctx, db.Write, bound); err != nil {
		t.Fatal(err)
	}
	if _, err := models.UpdateTask(ctx, db.Write, u.ID, bound.ID, models.TaskChanges{Title: ptr("bound")}); err != nil {
		t.Fatal(err) // updated_at bound as a time.Time, completed_at as a bun.NullTime above
	}
	inlined := &models.Task{UserID: u.ID, Title: "inlined", Status: models.StatusDone}
	err := db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return models.CreateTask(ctx, tx, inlined)
	})
	if err != nil {
		t.Fatal(err)
	}
	bunTime := regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?\+00:00$`)
	for _, task := range []*models.Task{bound, inlined} {
		var created, updated, completed string
		// || '' reads the stored text; the driver would parse a bare
		// timestamp column into a time.Time.
		err := db.Read.DB.DB.QueryRowContext(ctx,
			"SELECT created_at || '', updated_at || '', completed_at || '' FROM tasks WHERE id = ?", task.ID).Scan(&created, &updated, &completed)
		if err != nil {
			t.Fatal(err)
		}
		for name, v := range map[string]string{"created_at": created, "updated_at": updated, "completed_at": completed} {
			if !bunTime.MatchString(v) {
				t.Errorf("%s task: %s = %q, want Bun's UTC form such as 2026-11-23 10:00:00.123456+00:00", task.Title, name, v)
			}
		}
	}
}

// In a transaction the same functions run through Bun with their values
// written into the SQL, and see the transaction's own changes.
func TestBoundQueriesInTransaction(t *testing.T) {
	db := newTestDB(t)
	u := createUser(t, db, "alice")
	task := createTask(t, db, u.ID, nil)
	today := mustDate(t, "2026-11-23")
	err := db.Write.RunInTx(t.Context(), nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := models.ToggleTask(ctx, tx, u.ID, task.ID); err != nil {
			return err
		}
		got, err := models.GetTask(ctx, tx, u.ID, task.ID)
		if err != nil {
			return err
		}
		if !got.Done() {
			t.Errorf("inside the transaction the task is %s, want done", got.Status)
		}
		counts, err := models.CountTasks(ctx, tx, u.ID, today)
		if err != nil {
			return err
		}
		if counts.Done != 1 || counts.Open != 0 {
			t.Errorf("counts in the transaction = %+v, want 1 done and 0 open", counts)
		}
		f := models.TaskFilter{Status: "done"}
		f.Normalize()
		ok, err := models.TaskMatches(ctx, tx, u.ID, task.ID, f, today)
		if err != nil {
			return err
		}
		if !ok {
			t.Error("the done task does not match the done filter inside the transaction")
		}
		_, err = models.GetTask(ctx, tx, u.ID, task.ID+1)
		if err != models.ErrNotFound {
			t.Errorf("missing task in a transaction: %v, want ErrNotFound", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// errHook remembers the error of the last query it saw.
type errHook struct{ last error }

func (h *errHook) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context { return ctx }
func (h *errHook) AfterQuery(_ context.Context, e *bun.QueryEvent)                    { h.last = e.Err }

// Hooks hear of a prepared query after its rows are read, with the error
// its caller got, as Bun tells them of its own.
func TestPreparedQueriesReportToHooks(t *testing.T) {
	db := newTestDB(t)
	u := createUser(t, db, "alice")
	h := &errHook{}
	db.Read.AddQueryHook(h)
	if _, err := models.GetTask(t.Context(), db.Read, u.ID, 12345); err != models.ErrNotFound {
		t.Fatalf("GetTask of a missing task: %v, want ErrNotFound", err)
	}
	if !errors.Is(h.last, sql.ErrNoRows) {
		t.Errorf("the hook saw error %v, want sql.ErrNoRows", h.last)
	}
}
