package models_test

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"docket/models"
)

// The queries requests run send their values as parameters, so their SQL
// text, and the statement SQLite prepared for it, is the same for every
// user, task and session.
func TestQueriesBindTheirValues(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	today := mustDate(t, "2026-11-23")
	f := models.TaskFilter{Due: "week", Query: "milk"}
	f.Normalize()

	// who is one side of the comparison: a user with a task and a session.
	type who struct {
		user  *models.User
		task  *models.Task
		token string
	}
	newWho := func(name string) who {
		u := createUser(t, db, name)
		return who{u, createTask(t, db, u.ID, nil), "token-" + name}
	}
	alice, bob := newWho("alice"), newWho("bob")

	// Each run returns a value of w's that must travel as a parameter.
	runs := []struct {
		name string
		run  func(w who) (any, error)
	}{
		{"CreateTask", func(w who) (any, error) {
			return w.user.ID, models.CreateTask(ctx, db.Write, &models.Task{UserID: w.user.ID, Title: "New", Due: today, Status: models.StatusDone})
		}},
		{"GetTask", func(w who) (any, error) {
			_, err := models.GetTask(ctx, db.Read, w.user.ID, w.task.ID)
			return w.task.ID, err
		}},
		{"ToggleTask", func(w who) (any, error) {
			_, err := models.ToggleTask(ctx, db.Write, w.user.ID, w.task.ID)
			return w.task.ID, err
		}},
		{"UpdateTask", func(w who) (any, error) {
			_, err := models.UpdateTask(ctx, db.Write, w.user.ID, w.task.ID, models.TaskChanges{Title: ptr("New title")})
			return w.task.ID, err
		}},
		{"TaskMatches", func(w who) (any, error) {
			_, err := models.TaskMatches(ctx, db.Read, w.user.ID, w.task.ID, f, today)
			return w.task.ID, err
		}},
		{"CountTasks", func(w who) (any, error) {
			_, err := models.CountTasks(ctx, db.Read, w.user.ID, today)
			return w.user.ID, err
		}},
		{"ListTasks", func(w who) (any, error) {
			_, err := models.ListTasks(ctx, db.Read, w.user.ID, f, today, true)
			return w.user.ID, err
		}},
		{"AllTasks", func(w who) (any, error) { _, err := models.AllTasks(ctx, db.Read, w.user.ID); return w.user.ID, err }},
		{"GetUser", func(w who) (any, error) { _, err := models.GetUser(ctx, db.Read, w.user.ID); return w.user.ID, err }},
		{"GetUserByUsername", func(w who) (any, error) {
			_, err := models.GetUserByUsername(ctx, db.Read, w.user.Username)
			return w.user.Username, err
		}},
		{"SetTimezone", func(w who) (any, error) {
			return w.user.ID, models.SetTimezone(ctx, db.Write, w.user.ID, "Europe/Lisbon")
		}},
		{"CreateSession", func(w who) (any, error) {
			return w.token, models.CreateSession(ctx, db.Write, &models.Session{Token: w.token, Data: []byte("x"), Expiry: time.Now().Add(time.Hour), UserID: w.user.ID})
		}},
		{"UpdateSession", func(w who) (any, error) {
			return w.token, models.UpdateSession(ctx, db.Write, &models.Session{Token: w.token, Data: []byte("x"), Expiry: time.Now().Add(time.Hour), UserID: w.user.ID})
		}},
		{"FindSession", func(w who) (any, error) { _, _, err := models.FindSession(ctx, db.Read, w.token); return w.token, err }},
		{"DeleteUserSessions", func(w who) (any, error) {
			return w.user.ID, models.DeleteUserSessions(ctx, db.Write, w.user.ID, w.token)
		}},
		{"DeleteSession", func(w who) (any, error) { return w.token, models.DeleteSession(ctx, db.Write, w.token) }},
		{"LoginFailures", func(w who) (any, error) {
			_, err := models.LoginFailures(ctx, db.Read, time.Now(), "user:"+w.user.Username)
			return "user:" + w.user.Username, err
		}},
		{"ClearLoginFailures", func(w who) (any, error) {
			return "user:" + w.user.Username, models.ClearLoginFailures(ctx, db.Write, "user:"+w.user.Username)
		}},
		{"DeleteTask", func(w who) (any, error) { return w.task.ID, models.DeleteTask(ctx, db.Write, w.user.ID, w.task.ID) }},
	}
	rec := &queryRecorder{}
	db.AddQueryHook(rec)
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			wantFirst, err := r.run(alice)
			if err != nil {
				t.Fatal(err)
			}
			first := rec.lastQuery()
			wantSecond, err := r.run(bob)
			if err != nil {
				t.Fatal(err)
			}
			second := rec.lastQuery()
			if first.query != second.query {
				t.Errorf("SQL differs between users:\n  %s\n  %s", first.query, second.query)
			}
			if !slices.Contains(first.args, wantFirst) || !slices.Contains(second.args, wantSecond) {
				t.Errorf("%v and %v are not bound parameters: %v, %v", wantFirst, wantSecond, first, second)
			}
		})
	}
}

// Values that look like SQL or placeholders arrive as they were typed.
func TestBoundValuesArriveIntact(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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
