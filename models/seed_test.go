package models_test

import (
	"context"
	"errors"
	"testing"

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
	if len(before) < 50 || len(before) > 70 {
		t.Errorf("demo has %d tasks, want about 60", len(before))
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
