package models_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"docket/models"

	"github.com/uptrace/bun"
)

// bigCSV is a CSV export of n one-letter tasks.
func bigCSV(n int) string {
	return "title\n" + strings.Repeat("x\n", n)
}

// cancelAfter is a file that cancels the import reading it once the
// second pass is well under way: staged rows exist, nothing is published.
type cancelAfter struct {
	io.ReadSeeker
	cancel context.CancelFunc
	reads  int
	limit  int
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	if c.reads++; c.reads == c.limit {
		c.cancel()
	}
	return c.ReadSeeker.Read(p[:min(len(p), 1024)])
}

func (c *cancelAfter) Seek(off int64, whence int) (int64, error) {
	c.limit = c.reads + 20 // 20 KB into the second pass
	return c.ReadSeeker.Seek(off, whence)
}

func TestImportStagesThenPublishes(t *testing.T) {
	db := newTestDB(t)
	alice := createUser(t, db, "alice")
	n, err := models.Import(t.Context(), db, strings.NewReader(bigCSV(2500)), models.FormatCSV, alice.ID, fixedNow, models.ImportLimits{MaxRows: 3000})
	if err != nil || n != 2500 {
		t.Fatalf("Import = %d, %v; want 2500 tasks", n, err)
	}
	if got := countRows(t, db, "SELECT count(*) FROM tasks WHERE user_id = ?", alice.ID); got != 2500 {
		t.Errorf("alice has %d tasks, want 2500", got)
	}
	if got := countRows(t, db, "SELECT (SELECT count(*) FROM imports) + (SELECT count(*) FROM import_rows)"); got != 0 {
		t.Errorf("%d staging rows left after a published import, want 0", got)
	}
}

func TestImportAbandonedLeavesNothing(t *testing.T) {
	db := newTestDB(t)
	alice := createUser(t, db, "alice")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	src := &cancelAfter{ReadSeeker: strings.NewReader(bigCSV(50_000)), cancel: cancel, limit: -1}
	_, err := models.Import(ctx, db, src, models.FormatCSV, alice.ID, fixedNow, models.ImportLimits{MaxRows: 100_000})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Import = %v, want it cancelled", err)
	}
	if got := countRows(t, db, "SELECT count(*) FROM tasks"); got != 0 {
		t.Errorf("an abandoned import left %d tasks, want 0", got)
	}
	if got := countRows(t, db, "SELECT (SELECT count(*) FROM imports) + (SELECT count(*) FROM import_rows)"); got != 0 {
		t.Errorf("an abandoned import left %d staging rows, want 0", got)
	}
}

func TestSweepImportsAfterCrash(t *testing.T) {
	db := newTestDB(t)
	alice := createUser(t, db, "alice")
	ctx := t.Context()
	// What a crash leaves: import 7, stale, was still staging; import 8 is
	// gone but left staged rows; import 9 was publishing, one row is out.
	const stage = "INSERT INTO import_rows (import_id, seq, title, description, priority, status, created_at, updated_at) VALUES (?, ?, ?, '', 0, 'todo', ?, ?)"
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Write.ExecContext(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	exec("INSERT INTO imports (id, user_id, started_at) VALUES (7, ?, ?)", alice.ID, fixedNow.Add(-2*time.Hour))
	exec(stage, 7, 1, "staging", fixedNow, fixedNow)
	exec(stage, 8, 1, "orphan", fixedNow, fixedNow)
	exec("INSERT INTO imports (id, user_id, started_at, publishing) VALUES (9, ?, ?, 1)", alice.ID, fixedNow)
	createTask(t, db, alice.ID, func(task *models.Task) { task.Title = "published 1" })
	exec(stage, 9, 2, "published 2", fixedNow, fixedNow)
	exec(stage, 9, 3, "published 3", fixedNow, fixedNow)

	if err := models.SweepImports(ctx, db.Write, fixedNow); err != nil {
		t.Fatal(err)
	}
	if got := countRows(t, db, "SELECT (SELECT count(*) FROM imports) + (SELECT count(*) FROM import_rows)"); got != 0 {
		t.Errorf("%d staging rows left after the sweep, want 0", got)
	}
	got := titles(allTasks(t, db, alice.ID))
	if want := []string{"published 1", "published 2", "published 3"}; !slices.Equal(got, want) {
		t.Errorf("after the sweep alice has %q, want %q", got, want)
	}
}

func TestImportLimits(t *testing.T) {
	db := newTestDB(t)
	alice := createUser(t, db, "alice")
	createTask(t, db, alice.ID, nil)
	tests := []struct {
		name string
		rows int
		lim  models.ImportLimits
		want string
	}{
		{"rows", 11, models.ImportLimits{MaxRows: 10}, "more than 10 tasks"},
		{"list", 5, models.ImportLimits{MaxRows: 10, MaxTasksPerUser: 5}, "leaves room for 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := models.Import(t.Context(), db, strings.NewReader(bigCSV(tt.rows)), models.FormatCSV, alice.ID, fixedNow, tt.lim)
			ie, ok := errors.AsType[*models.ImportError](err)
			if !ok || !strings.Contains(ie.Error(), tt.want) {
				t.Fatalf("Import = %v, want an *ImportError saying %q", err, tt.want)
			}
			if got := countRows(t, db, "SELECT count(*) FROM tasks"); got != 1 {
				t.Errorf("a refused import left %d tasks, want the 1 there before", got)
			}
		})
	}
}

// Servers that start together on one database each sweep for imports a
// crash left publishing; between them they publish every row once.
func TestConcurrentSweepsPublishOnce(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	alice := createUser(t, db, "alice")
	ctx := t.Context()
	const rows = 3500 // several publishing batches
	if _, err := db.Write.ExecContext(ctx, "INSERT INTO imports (id, user_id, started_at, publishing) VALUES (9, ?, ?, 1)", alice.ID, fixedNow); err != nil {
		t.Fatal(err)
	}
	err := db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for seq := range rows {
			if _, err := tx.ExecContext(ctx, "INSERT INTO import_rows (import_id, seq, title, description, priority, status, created_at, updated_at) VALUES (9, ?, ?, '', 0, 'todo', ?, ?)",
				seq, fmt.Sprintf("row %d", seq), fixedNow, fixedNow); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { errs[i] = models.SweepImports(ctx, db.Write, fixedNow) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("sweep %d: %v", i, err)
		}
	}
	if got := countRows(t, db, "SELECT count(*) FROM tasks"); got != rows {
		t.Errorf("the sweeps published %d tasks, want each of the %d staged rows once", got, rows)
	}
	if got := countRows(t, db, "SELECT count(DISTINCT title) FROM tasks"); got != rows {
		t.Errorf("%d distinct titles among the published tasks, want %d", got, rows)
	}
	wantIntact(t, db)
}

// A subtask published in a later batch than its task finds it, on either
// engine, and the tasks' ids follow the file's order.
func TestImportSubtasksAcrossBatches(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	alice := createUser(t, db, "alice")
	var csv strings.Builder
	csv.WriteString("title,list,labels,parent\nFirst,Work,,\n")
	const rows = 1200 // more than a batch of publishing
	for i := 3; i <= rows; i++ {
		fmt.Fprintf(&csv, "Task %d,,,\n", i)
	}
	csv.WriteString("Late step,,phone,2\nLater step,,,2\n")
	n, err := models.Import(t.Context(), db, strings.NewReader(csv.String()), models.FormatCSV, alice.ID, fixedNow, models.ImportLimits{})
	if err != nil || n != rows+1 {
		t.Fatalf("Import = %d, %v; want %d tasks", n, err, rows+1)
	}
	tasks := allTasks(t, db, alice.ID)
	if tasks[0].Title != "First" || tasks[len(tasks)-1].Title != "Later step" || tasks[rows-2].Title != fmt.Sprintf("Task %d", rows) {
		t.Errorf("tasks in id order start %q and end %q, want the file's order", tasks[0].Title, titles(tasks[len(tasks)-3:]))
	}
	subs, err := models.Subtasks(t.Context(), db.Read, alice.ID, tasks[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(subs); !slices.Equal(got, []string{"Late step", "Later step"}) || subs[0].ListID != tasks[0].ListID {
		t.Errorf("First has subtasks %q in list %d, want the late steps in its list %d", got, subs[0].ListID, tasks[0].ListID)
	}
	wantIntact(t, db)
}
