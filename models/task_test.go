package models_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/uptrace/bun"

	"docket/internal/testdb"
	"docket/models"
)

func TestCreateTask(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	u := createUser(t, db, "alice")
	due := mustDate(t, "2026-04-01")
	tests := []struct {
		name          string
		task          models.Task
		wantStatus    models.Status
		wantCompleted bool
	}{
		{"defaults to todo", models.Task{Title: "plain"}, models.StatusTodo, false},
		{"doing", models.Task{Title: "busy", Status: models.StatusDoing, Priority: models.PriorityHigh, Due: due}, models.StatusDoing, false},
		{"done gets completed_at", models.Task{Title: "finished", Status: models.StatusDone, Description: "long ago"}, models.StatusDone, true},
		{"stray completed_at is cleared", models.Task{Title: "stray", CompletedAt: bun.NullTime{Time: fixedNow}}, models.StatusTodo, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			task := tt.task
			task.UserID = u.ID
			if err := models.CreateTask(ctx, db.Write, &task); err != nil {
				t.Fatalf("CreateTask: %v", err)
			}
			if task.ID == 0 || task.CreatedAt.IsZero() || !task.UpdatedAt.Equal(task.CreatedAt) {
				t.Errorf("ID %d, CreatedAt %v, UpdatedAt %v; want an ID and equal times", task.ID, task.CreatedAt, task.UpdatedAt)
			}
			if task.Status != tt.wantStatus || task.CompletedAt.IsZero() == tt.wantCompleted {
				t.Errorf("Status %q, CompletedAt %v; want %q, completed %v", task.Status, task.CompletedAt, tt.wantStatus, tt.wantCompleted)
			}
			stored, err := models.GetTask(ctx, db.Read, u.ID, task.ID)
			if err != nil {
				t.Fatalf("GetTask: %v", err)
			}
			if diff := cmp.Diff(&task, stored, equateDBTime, cmp.AllowUnexported(models.Date{})); diff != "" {
				t.Errorf("stored task differs (-created +stored):\n%s", diff)
			}
		})
	}
}

func TestGetTaskScoped(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	alice, bob := createUser(t, db, "alice"), createUser(t, db, "bob")
	task := createTask(t, db, alice.ID, nil)
	for _, tt := range []struct {
		name     string
		user, id int64
	}{
		{"another user's task", bob.ID, task.ID},
		{"unknown id", alice.ID, task.ID + 1000},
	} {
		if _, err := models.GetTask(t.Context(), db.Read, tt.user, tt.id); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("%s: error = %v, want ErrNotFound", tt.name, err)
		}
	}
}

func TestUpdateTaskPartial(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	u := createUser(t, db, "alice")
	newDue := mustDate(t, "2027-01-31")
	tests := []struct {
		name    string
		changes models.TaskChanges
		apply   func(*models.Task)
	}{
		{"nothing", models.TaskChanges{}, func(*models.Task) {}},
		{"title", models.TaskChanges{Title: ptr("renamed")}, func(x *models.Task) { x.Title = "renamed" }},
		{"description", models.TaskChanges{Description: ptr("more")}, func(x *models.Task) { x.Description = "more" }},
		{"due", models.TaskChanges{Due: &newDue}, func(x *models.Task) { x.Due = newDue }},
		{"clear due", models.TaskChanges{Due: &models.Date{}}, func(x *models.Task) { x.Due = models.Date{} }},
		{"priority", models.TaskChanges{Priority: ptr(models.PriorityUrgent)}, func(x *models.Task) { x.Priority = models.PriorityUrgent }},
		{"status doing", models.TaskChanges{Status: ptr(models.StatusDoing)}, func(x *models.Task) { x.Status = models.StatusDoing }},
		{"two fields", models.TaskChanges{Title: ptr("both"), Priority: ptr(models.PriorityNone)},
			func(x *models.Task) { x.Title, x.Priority = "both", models.PriorityNone }},
	}
	ignore := cmpopts.IgnoreFields(models.Task{}, "UpdatedAt")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := createTask(t, db, u.ID, func(x *models.Task) {
				x.Title, x.Description, x.Priority = "original", "words", models.PriorityLow
				x.Due = mustDate(t, "2026-05-05")
			})
			got, err := models.UpdateTask(ctx, db.Write, u.ID, orig.ID, tt.changes)
			if err != nil {
				t.Fatalf("UpdateTask: %v", err)
			}
			want := *orig
			tt.apply(&want)
			if diff := cmp.Diff(&want, got, ignore, equateDBTime, cmp.AllowUnexported(models.Date{})); diff != "" {
				t.Errorf("returned task (-want +got):\n%s", diff)
			}
			if got.UpdatedAt.Before(orig.UpdatedAt) {
				t.Errorf("UpdatedAt went back from %v to %v", orig.UpdatedAt, got.UpdatedAt)
			}
			stored, err := models.GetTask(ctx, db.Read, u.ID, orig.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(got, stored, equateDBTime, cmp.AllowUnexported(models.Date{})); diff != "" {
				t.Errorf("stored task differs from returned (-returned +stored):\n%s", diff)
			}
		})
	}
}

func TestUpdateTaskStatusCompletedAt(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	u := createUser(t, db, "alice")
	task := createTask(t, db, u.ID, nil)
	set := func(s models.Status) *models.Task {
		t.Helper()
		got, err := models.UpdateTask(ctx, db.Write, u.ID, task.ID, models.TaskChanges{Status: &s})
		if err != nil {
			t.Fatalf("UpdateTask(status %s): %v", s, err)
		}
		return got
	}
	done := set(models.StatusDone)
	if done.Status != models.StatusDone || done.CompletedAt.IsZero() {
		t.Fatalf("to done: status %q, CompletedAt %v; want done with a time", done.Status, done.CompletedAt)
	}
	if again := set(models.StatusDone); !again.CompletedAt.Equal(done.CompletedAt.Time) {
		t.Errorf("done again: CompletedAt %v, want it kept at %v", again.CompletedAt, done.CompletedAt)
	}
	if back := set(models.StatusTodo); back.Status != models.StatusTodo || !back.CompletedAt.IsZero() {
		t.Errorf("back to todo: status %q, CompletedAt %v; want todo and no time", back.Status, back.CompletedAt)
	}
	set(models.StatusDone)
	if doing := set(models.StatusDoing); !doing.CompletedAt.IsZero() {
		t.Errorf("done to doing: CompletedAt %v, want none", doing.CompletedAt)
	}
	if _, err := models.UpdateTask(ctx, db.Write, u.ID, task.ID, models.TaskChanges{Status: ptr(models.Status("bogus"))}); err == nil {
		t.Error("UpdateTask to status bogus succeeded, want an error")
	}
}

func TestUpdateAndToggleScoped(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	alice, bob := createUser(t, db, "alice"), createUser(t, db, "bob")
	task := createTask(t, db, alice.ID, func(x *models.Task) { x.Title = "mine" })
	if _, err := models.UpdateTask(ctx, db.Write, bob.ID, task.ID, models.TaskChanges{Title: ptr("stolen")}); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("UpdateTask by another user: error = %v, want ErrNotFound", err)
	}
	if _, err := models.ToggleTask(ctx, db.Write, bob.ID, task.ID); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("ToggleTask by another user: error = %v, want ErrNotFound", err)
	}
	if err := models.DeleteTask(ctx, db.Write, bob.ID, task.ID); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("DeleteTask by another user: error = %v, want ErrNotFound", err)
	}
	if _, err := models.UpdateTask(ctx, db.Write, alice.ID, task.ID+1000, models.TaskChanges{}); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("UpdateTask of unknown id: error = %v, want ErrNotFound", err)
	}
	stored, err := models.GetTask(ctx, db.Read, alice.ID, task.ID)
	if err != nil {
		t.Fatalf("task gone after another user's attempts: %v", err)
	}
	if stored.Title != "mine" || stored.Status != models.StatusTodo {
		t.Errorf("another user changed the task: %+v", stored)
	}

	if err := models.DeleteTask(ctx, db.Write, alice.ID, task.ID); err != nil {
		t.Fatalf("DeleteTask: %v", err)
	}
	if _, err := models.GetTask(ctx, db.Read, alice.ID, task.ID); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("GetTask after delete: error = %v, want ErrNotFound", err)
	}
	if err := models.DeleteTask(ctx, db.Write, alice.ID, task.ID); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("second DeleteTask: error = %v, want ErrNotFound", err)
	}
}

func TestToggleTask(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	u := createUser(t, db, "alice")
	tests := []struct {
		from, to, back models.Status
		wantCompleted  bool
	}{
		{models.StatusTodo, models.StatusDone, models.StatusTodo, true},
		{models.StatusDoing, models.StatusDone, models.StatusDoing, true},
		{models.StatusDone, models.StatusTodo, models.StatusDone, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.from), func(t *testing.T) {
			task := createTask(t, db, u.ID, func(x *models.Task) { x.Status = tt.from })
			got, err := models.ToggleTask(ctx, db.Write, u.ID, task.ID)
			if err != nil {
				t.Fatalf("ToggleTask: %v", err)
			}
			if got.Status != tt.to || got.CompletedAt.IsZero() == tt.wantCompleted {
				t.Errorf("toggled to %q with CompletedAt %v; want %q, completed %v", got.Status, got.CompletedAt, tt.to, tt.wantCompleted)
			}
			if got.Title != task.Title || got.ID != task.ID {
				t.Errorf("ToggleTask returned %+v, want the same task", got)
			}
			back, err := models.ToggleTask(ctx, db.Write, u.ID, task.ID)
			if err != nil {
				t.Fatal(err)
			}
			if back.Status != tt.back || back.CompletedAt.IsZero() != (tt.back != models.StatusDone) {
				t.Errorf("toggled back to %q with CompletedAt %v, want %q", back.Status, back.CompletedAt, tt.back)
			}
		})
	}
}

func TestTaskCheckConstraints(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	u := createUser(t, db, "alice")
	tests := []struct {
		name                    string
		userID                  int64
		title, description, due any
		priority                any
		status                  string
		completedAt             any
		wantErr                 bool
	}{
		{"valid row", u.ID, "ok", "", nil, 0, "todo", nil, false},
		{"valid with date", u.ID, "ok", "", "2026-02-28", 4, "done", "2026-02-28 10:00:00", false},
		{"200-char title", u.ID, strings.Repeat("a", 200), "", nil, 0, "todo", nil, false},
		{"empty title", u.ID, "", "", nil, 0, "todo", nil, true},
		{"201-char title", u.ID, strings.Repeat("a", 201), "", nil, 0, "todo", nil, true},
		{"10001-char description", u.ID, "ok", strings.Repeat("d", 10001), nil, 0, "todo", nil, true},
		{"priority 5", u.ID, "ok", "", nil, 5, "todo", nil, true},
		{"priority -1", u.ID, "ok", "", nil, -1, "todo", nil, true},
		{"status bogus", u.ID, "ok", "", nil, 0, "bogus", nil, true},
		{"due not a date", u.ID, "ok", "", "not-a-date", 0, "todo", nil, true},
		{"due empty string", u.ID, "ok", "", "", 0, "todo", nil, true},
		{"due 30 February", u.ID, "ok", "", "2026-02-30", 0, "todo", nil, true},
		// A PostgreSQL date column keeps the day of such a value; it cannot hold a time.
		{"due with a time", u.ID, "ok", "", "2026-02-28 10:00:00", 0, "todo", nil, db.Engine == models.SQLite},
		{"done without completed_at", u.ID, "ok", "", nil, 0, "done", nil, true},
		{"todo with completed_at", u.ID, "ok", "", nil, 0, "todo", "2026-02-28 10:00:00", true},
		{"unknown user", u.ID + 1000, "ok", "", nil, 0, "todo", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.Write.ExecContext(t.Context(),
				"INSERT INTO tasks (user_id, list_id, title, description, due_date, priority, status, completed_at) VALUES (?, (SELECT id FROM lists WHERE user_id = ? AND inbox = ?), ?, ?, ?, ?, ?, ?)",
				tt.userID, tt.userID, true, tt.title, tt.description, tt.due, tt.priority, tt.status, tt.completedAt)
			if gotErr := err != nil; gotErr != tt.wantErr {
				t.Errorf("insert error = %v, want error %v", err, tt.wantErr)
			}
		})
	}
	if err := models.CreateTask(t.Context(), db.Write, &models.Task{UserID: u.ID}); err == nil {
		t.Error("CreateTask with an empty title succeeded, want an error")
	}
}

func TestReopenRestoresStatusSetBeforeDone(t *testing.T) {
	db := newTestDB(t)
	ctx := t.Context()
	u := createUser(t, db, "alice")
	task := createTask(t, db, u.ID, func(x *models.Task) { x.Status = models.StatusDoing })
	if _, err := models.UpdateTask(ctx, db.Write, u.ID, task.ID, models.TaskChanges{Status: ptr(models.StatusDone)}); err != nil {
		t.Fatal(err)
	}
	got, err := models.ToggleTask(ctx, db.Write, u.ID, task.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != models.StatusDoing {
		t.Errorf("reopened as %q, want doing, the status before it was done", got.Status)
	}
}

// Values that look like SQL or placeholders arrive as they were typed.
func TestValuesArriveIntact(t *testing.T) {
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
	f := models.DefaultTaskFilter()
	f.Query = `"? $1`
	list, err := models.ListTasks(t.Context(), db.Read, u.ID, f, mustDate(t, "2026-11-23"))
	if err != nil || len(list.Tasks) != 1 {
		t.Errorf("search for the typed text found %d tasks, %v; want 1", len(list.Tasks), err)
	}
	wantIntact(t, db)
}

// Times are stored in the text form Bun writes into SQL, whether the task
// was created, updated or written in a transaction, so they compare and
// sort together.
func TestStoredTimesUseBunFormat(t *testing.T) {
	testdb.SQLiteOnly(t)
	db := newTestDB(t)
	ctx := t.Context()
	u := createUser(t, db, "alice")
	updated := &models.Task{UserID: u.ID, Title: "updated", Status: models.StatusDone}
	if err := models.CreateTask(ctx, db.Write, updated); err != nil {
		t.Fatal(err)
	}
	if _, err := models.UpdateTask(ctx, db.Write, u.ID, updated.ID, models.TaskChanges{Title: ptr("updated")}); err != nil {
		t.Fatal(err)
	}
	inTx := &models.Task{UserID: u.ID, Title: "in a transaction", Status: models.StatusDone}
	err := db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return models.CreateTask(ctx, tx, inTx)
	})
	if err != nil {
		t.Fatal(err)
	}
	bunTime := regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?\+00:00$`)
	for _, task := range []*models.Task{updated, inTx} {
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

// In a transaction the task functions see the transaction's own changes.
func TestTaskQueriesInTransaction(t *testing.T) {
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
		f := models.DefaultTaskFilter()
		f.Status = "done"
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
