package models_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"docket/models"
)

// Writers share one connection and readers run in parallel under WAL, so
// concurrent edits must neither fail with "database is locked" nor be lost.
func TestConcurrentWritesAndReads(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	u := createUser(t, db, "alice")
	today := mustDate(t, listToday)
	const writers, ops = 8, 20
	shared := createTask(t, db, u.ID, func(x *models.Task) { x.Title = "shared" })
	own := make([]*models.Task, writers)
	for i := range own {
		own[i] = createTask(t, db, u.ID, func(x *models.Task) { x.Title = fmt.Sprintf("own %d", i) })
	}

	errs := make(chan error, writers*ops+64)
	var writing sync.WaitGroup
	for g := range writers {
		writing.Go(func() {
			for n := range ops {
				var err error
				switch n % 4 {
				case 0:
					_, err = models.UpdateTask(ctx, db.Write, u.ID, shared.ID, models.TaskChanges{Title: ptr(fmt.Sprintf("g%d n%d", g, n))})
				case 1:
					_, err = models.ToggleTask(ctx, db.Write, u.ID, own[g].ID)
				case 2:
					_, err = models.ToggleTask(ctx, db.Write, u.ID, shared.ID)
				case 3:
					_, err = models.UpdateTask(ctx, db.Write, u.ID, own[g].ID, models.TaskChanges{Priority: ptr(models.Priority(n % 5))})
				}
				if err != nil {
					errs <- fmt.Errorf("writer %d op %d: %w", g, n, err)
				}
			}
		})
	}

	stop := make(chan struct{})
	var reading sync.WaitGroup
	var reads atomic.Int64
	for r := range 4 {
		reading.Go(func() {
			f := models.TaskFilter{Status: []string{"open", "done", "all", "todo"}[r]}
			f = filled(f)
			for {
				if _, err := models.ListTasks(ctx, db.Read, u.ID, f, today); err != nil {
					errs <- fmt.Errorf("reader %d: %w", r, err)
					return
				}
				if _, err := models.CountTasks(ctx, db.Read, u.ID, today); err != nil {
					errs <- fmt.Errorf("reader %d: %w", r, err)
					return
				}
				reads.Add(1)
				select {
				case <-stop:
					return
				default:
				}
			}
		})
	}
	writing.Wait()
	close(stop)
	reading.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if reads.Load() < 4 {
		t.Errorf("readers finished %d rounds, want at least one each", reads.Load())
	}

	// Each writer toggled its own task 5 times (todo to done) and the shared
	// task 5 times; 40 toggles in all leave the shared task where it began.
	got, err := models.GetTask(ctx, db.Read, u.ID, shared.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != models.StatusTodo || !got.CompletedAt.IsZero() {
		t.Errorf("shared task: status %q, CompletedAt %v after an even number of toggles; want todo", got.Status, got.CompletedAt)
	}
	for g, task := range own {
		got, err := models.GetTask(ctx, db.Read, u.ID, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != models.StatusDone || got.CompletedAt.IsZero() || got.Priority != models.PriorityUrgent {
			t.Errorf("writer %d's task: status %q, CompletedAt %v, priority %v; want done, set, urgent", g, got.Status, got.CompletedAt, got.Priority)
		}
	}
}
