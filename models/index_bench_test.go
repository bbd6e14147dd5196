package models_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/uptrace/bun"

	"docket/models"
)

// listIndexes are the indexes that serve one list's views, each a copy of
// a user-level index with the list added.
var listIndexes = []string{"tasks_list_due_idx", "tasks_list_priority_idx", "tasks_list_title_idx", "tasks_list_created_idx"}

// listIndexRuns counts the runs of BenchmarkListIndexWrites in this
// process, so that every other run measures the copy without the indexes
// first.
var listIndexRuns int

// BenchmarkListIndexWrites measures what the list indexes cost the writes
// they take part in: each write runs on two copies of the fixture, with
// and without them, one after the other and in turn first (run it with
// -count), both as a request makes it (its own transaction, flushed to
// disk) and many in one transaction, which leaves out the flush and shows
// the work the indexes add.
func BenchmarkListIndexWrites(b *testing.B) {
	db, f := openFixture(b)
	ctx := context.Background()
	variants := []struct {
		name string
		db   *models.DB
	}{{name: "with"}, {name: "without"}}
	for i := range variants {
		v := &variants[i]
		path := filepath.Join(b.TempDir(), v.name+".db")
		if _, err := models.Backup(ctx, db, path, os.DirFS("migrations")); err != nil {
			b.Fatal(err)
		}
		var err error
		if v.db, err = models.Open(ctx, path); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { v.db.Close() })
		if v.name == "without" {
			for _, index := range listIndexes {
				if _, err := v.db.Write.ExecContext(ctx, "DROP INDEX "+index); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	// Each write n changes one of the first 1000 tasks to a value it
	// did not have, so that every write changes what the indexes hold.
	writes := []struct {
		name  string
		write func(ctx context.Context, db bun.IDB, n int) error
	}{
		{"create", func(ctx context.Context, db bun.IDB, _ int) error {
			return models.CreateTask(ctx, db, &models.Task{UserID: f.UserID, ListID: f.BigListID, Title: "Benchmark task", Due: f.Today})
		}},
		{"toggle", func(ctx context.Context, db bun.IDB, n int) error {
			_, err := models.ToggleTask(ctx, db, f.UserID, int64(n%1000+1))
			return err
		}},
		{"title", func(ctx context.Context, db bun.IDB, n int) error {
			title := fmt.Sprintf("Renamed by the benchmark %d", n)
			_, err := models.UpdateTask(ctx, db, f.UserID, int64(n%1000+1), models.TaskChanges{Title: &title})
			return err
		}},
		{"due", func(ctx context.Context, db bun.IDB, n int) error {
			due := f.Today.AddDays(100 + n/1000)
			_, err := models.UpdateTask(ctx, db, f.UserID, int64(n%1000+1), models.TaskChanges{Due: &due})
			return err
		}},
	}
	n := 0 // across writes, so each changes a task again
	if listIndexRuns++; listIndexRuns%2 == 0 {
		variants[0], variants[1] = variants[1], variants[0]
	}
	for _, w := range writes {
		for _, v := range variants {
			b.Run(w.name+"/durable/"+v.name, func(b *testing.B) {
				for b.Loop() {
					n++
					if err := w.write(ctx, v.db.Write, n); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(w.name+"/batched/"+v.name, func(b *testing.B) {
				tx, err := v.db.Write.BeginTx(ctx, nil)
				if err != nil {
					b.Fatal(err)
				}
				defer tx.Rollback()
				for b.Loop() {
					n++
					if err := w.write(ctx, tx, n); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
