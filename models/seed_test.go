package models_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"docket/internal/testdb"
	"docket/models"
)

func TestSeedDemo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := newTestDB(t)

	u, password, created, err := models.SeedDemo(ctx, db, testPasswords, seedToday)
	if err != nil {
		t.Fatal(err)
	}
	if !created || password == "" {
		t.Fatalf("first seed: created = %v, password %q; want a new user with a password", created, password)
	}
	if _, err := models.Authenticate(ctx, db.Read, db.Write, testPasswords, models.DemoUsername, password); err != nil {
		t.Fatalf("log in with the printed password: %v", err)
	}
	before := allTasks(t, db, u.ID)
	if len(before) < 55 || len(before) > 75 {
		t.Errorf("demo has %d tasks and subtasks, want about 65", len(before))
	}
	counts, err := models.CountTasks(ctx, db.Read, u.ID, seedToday)
	if err != nil {
		t.Fatal(err)
	}
	if counts.Open == 0 || counts.Overdue == 0 || counts.DueToday == 0 || counts.Done == 0 {
		t.Errorf("demo counts %+v: want open, overdue, due-today and done tasks", counts)
	}
	seen := map[models.Status]bool{}
	for _, task := range before {
		seen[task.Status] = true
	}
	if len(seen) != len(models.Statuses) {
		t.Errorf("demo statuses %v, want all of %v", seen, models.Statuses)
	}
	wantDemoStructure(t, db, u.ID, before)

	u2, password, created, err := models.SeedDemo(ctx, db, testPasswords, seedToday.AddDays(1))
	if err != nil {
		t.Fatal(err)
	}
	if created || password != "" || u2.ID != u.ID {
		t.Errorf("second seed: created = %v, password %q, user %d; want the existing user %d untouched", created, password, u2.ID, u.ID)
	}
	if diff := cmp.Diff(before, allTasks(t, db, u.ID), cmp.AllowUnexported(models.Date{})); diff != "" {
		t.Errorf("second seed changed tasks (-before +after):\n%s", diff)
	}
}

// wantDemoStructure fails the test unless the demo account shows what
// lists, labels and subtasks are for: lists with colours, one archived,
// each holding tasks; every label in use; tasks with subtasks part done;
// a subtask due today and one overdue; and tasks made before they were
// finished, all in the past.
func wantDemoStructure(t *testing.T, db *models.DB, userID int64, tasks []models.Task) {
	t.Helper()
	ctx := t.Context()
	lists, err := models.UserLists(ctx, db.Read, userID)
	if err != nil {
		t.Fatal(err)
	}
	inList := map[int64]int{}
	for _, task := range tasks {
		inList[task.ListID]++
	}
	coloured, archived := 0, 0
	for _, l := range lists {
		if l.Colour != "" {
			coloured++
		}
		if l.Archived {
			archived++
		}
		if inList[l.ID] == 0 {
			t.Errorf("list %q holds no task", l.Name)
		}
	}
	if len(lists) < 4 || coloured < 3 || archived != 1 {
		t.Errorf("demo has %d lists, %d coloured, %d archived; want a few, coloured, one archived", len(lists), coloured, archived)
	}
	labels, err := models.UserLabels(ctx, db.Read, userID)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(tasks))
	for i, task := range tasks {
		ids[i] = task.ID
	}
	labelled, err := models.LabelsOfTasks(ctx, db.Read, userID, ids)
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, ls := range labelled {
		for _, l := range ls {
			used[l.Name] = true
		}
	}
	if len(labels) < 3 || len(used) != len(labels) {
		t.Errorf("demo labels %v, in use %v: want a few, all in use", models.LabelNames(labels), used)
	}
	progress, err := models.SubtaskProgress(ctx, db.Read, userID, ids)
	if err != nil {
		t.Fatal(err)
	}
	partDone := 0
	for _, p := range progress {
		if p.Done > 0 && p.Open() > 0 {
			partDone++
		}
	}
	subDueToday, subOverdue := false, false
	now := time.Now()
	for _, task := range tasks {
		subDueToday = subDueToday || task.ParentID != 0 && task.Due.String() == seedToday.String()
		subOverdue = subOverdue || task.ParentID != 0 && task.Overdue(seedToday)
		if task.CreatedAt.After(now) || task.Done() && task.CompletedAt.Time.Before(task.CreatedAt) || task.CompletedAt.Time.After(now) {
			t.Errorf("%q made %v, finished %v: want made first, both past", task.Title, task.CreatedAt, task.CompletedAt.Time)
		}
	}
	if len(progress) < 5 || partDone < 3 || !subDueToday || !subOverdue {
		t.Errorf("demo has %d tasks with subtasks, %d part done, a subtask due today %v, one overdue %v", len(progress), partDone, subDueToday, subOverdue)
	}
}

func TestSeedTasks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := newTestDB(t)
	other, err := models.CreateUser(ctx, db.Write, testPasswords, "other", "password1", "UTC")
	if err != nil {
		t.Fatal(err)
	}
	mine, password, err := models.EnsureUser(ctx, db, testPasswords, "loader")
	if err != nil || password == "" {
		t.Fatalf("EnsureUser new: password %q, err %v", password, err)
	}

	const n = models.SeedBatch + models.SeedChunk + 7 // crosses both a batch and a chunk boundary
	var progress []int
	if err := models.SeedTasks(ctx, db, mine.ID, n, seedToday, 1, func(done int) { progress = append(progress, done) }); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{models.SeedBatch, n}, progress); diff != "" {
		t.Errorf("progress (-want +got):\n%s", diff)
	}
	tasks := allTasks(t, db, mine.ID)
	if len(tasks) != n {
		t.Fatalf("user has %d tasks, want %d", len(tasks), n)
	}
	if got := allTasks(t, db, other.ID); len(got) != 0 {
		t.Errorf("other user got %d tasks, want 0", len(got))
	}
	statuses := map[models.Status]int{}
	for _, task := range tasks {
		statuses[task.Status]++
		if task.Done() != !task.CompletedAt.IsZero() {
			t.Fatalf("task %d: status %s with completed_at %v", task.ID, task.Status, task.CompletedAt)
		}
	}
	if len(statuses) != len(models.Statuses) {
		t.Errorf("statuses %v, want a mix of all", statuses)
	}

	again, password, err := models.EnsureUser(ctx, db, testPasswords, "loader")
	if err != nil || password != "" || again.ID != mine.ID {
		t.Errorf("EnsureUser existing: user %d, password %q, err %v; want user %d, no password", again.ID, password, err, mine.ID)
	}
}

// TestSeedTasksAnalyzes checks that PostgreSQL's statistics count the
// seeded tasks at once, rather than whenever autovacuum comes by: ANALYZE
// sets reltuples to the rows it saw (every row, in a table this small).
func TestSeedTasksAnalyzes(t *testing.T) {
	t.Parallel()
	testdb.PostgresOnly(t)
	ctx := context.Background()
	db := newTestDB(t)
	u, _, err := models.EnsureUser(ctx, db, testPasswords, "loader")
	if err != nil {
		t.Fatal(err)
	}
	const n = 53
	if err := models.SeedTasks(ctx, db, u.ID, n, seedToday, 1, nil); err != nil {
		t.Fatal(err)
	}
	var tuples float64
	if err := db.Read.QueryRowContext(ctx, "SELECT reltuples FROM pg_class WHERE oid = 'tasks'::regclass").Scan(&tuples); err != nil {
		t.Fatal(err)
	}
	if tuples != n {
		t.Errorf("the planner counts %v tasks after seeding %d; want them counted", tuples, n)
	}
}

func TestSeedTasksCancelled(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	u, _, err := models.EnsureUser(context.Background(), db, testPasswords, "loader")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := models.SeedTasks(ctx, db, u.ID, 10, seedToday, 1, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("SeedTasks on a cancelled context: %v, want context.Canceled", err)
	}
	if got := allTasks(t, db, u.ID); len(got) != 0 {
		t.Errorf("a failed seed left %d tasks", len(got))
	}
}
