package models

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/uptrace/bun"
)

// ImportLimits bound what one import may add.
type ImportLimits struct {
	// MaxRows is the most tasks one file may hold.
	MaxRows int
	// MaxTasksPerUser is the most tasks one list may hold, the file's included.
	MaxTasksPerUser int
}

// DefaultMaxImportRows is the most tasks one import takes by default.
const DefaultMaxImportRows = 100_000

// importBatch is how many rows one short write transaction stages, and
// publishBatch how many it publishes (each also updates the task indexes
// and tallies), so other users' writes wait for one batch at most, never
// for a whole file.
const (
	importBatch  = 500
	publishBatch = 1000
)

// staleImport is how old an unpublished import must be before a sweep
// removes it: far longer than any import may run.
const staleImport = time.Hour

// stagedTask is one row of an import waiting in import_rows.
type stagedTask struct {
	bun.BaseModel `bun:"table:import_rows"`

	ImportID    int64        `bun:"import_id"`
	Seq         int          `bun:"seq"`
	Title       string       `bun:"title"`
	Description string       `bun:"description"`
	Due         Date         `bun:"due_date,nullzero"`
	Priority    Priority     `bun:"priority"`
	Status      Status       `bun:"status"`
	CompletedAt bun.NullTime `bun:"completed_at"`
	CreatedAt   time.Time    `bun:"created_at"`
	UpdatedAt   time.Time    `bun:"updated_at"`
	ParentSeq   int          `bun:"parent_seq,nullzero"`
	Position    int          `bun:"position"`
	ListKey     string       `bun:"list_key"`
	IsParent    int          `bun:"is_parent"` // 1 for the task of a subtask
}

// stagedLabel is one label of a staged row, in import_labels.
type stagedLabel struct {
	bun.BaseModel `bun:"table:import_labels"`

	ImportID int64  `bun:"import_id"`
	Seq      int    `bun:"seq"`
	LabelKey string `bun:"label_key"`
}

// Import adds the tasks of src, in format, to the user's lists, all or
// none, with the lists and labels the file names that the user lacks.
// It reads src twice and never holds it: once to check every row, then to
// stage the rows in short batches that no list shows. Only then does it
// make the lists and labels and publish the rows, moving them into tasks a
// batch at a time so other users' writes keep flowing; from that point the
// import is finished even if ctx ends, and after a crash SweepImports
// finishes it. If ctx ends before, or leaves too little time to publish,
// nothing is kept. It returns the number of tasks added, subtasks
// included, or an *ImportError.
func Import(ctx context.Context, db *DB, src io.ReadSeeker, format string, userID int64, now time.Time, lim ImportLimits) (int, error) {
	n, plan, err := scanImport(src, format, userID, now, lim.MaxRows, func(importRow) error { return nil })
	if err != nil {
		return 0, err
	}
	if err := checkRoom(ctx, db.Read, userID, n, lim.MaxTasksPerUser, format); err != nil {
		return 0, err
	}
	if err := plan.room(ctx, db.Read, userID, format); err != nil {
		return 0, err
	}
	if err := SweepImports(ctx, db.Write, now); err != nil {
		return 0, err
	}
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return 0, fmt.Errorf("models: rewind import: %w", err)
	}
	id, err := startImport(ctx, db.Write, userID, now)
	if err != nil {
		return 0, err
	}
	t0 := time.Now()
	err = stage(ctx, db.Write, id, src, format, userID, now, plan, n)
	if err == nil {
		err = timeToPublish(ctx, time.Since(t0))
	}
	if err == nil {
		err = startPublishing(ctx, db.Write, id, userID, n, lim.MaxTasksPerUser, plan, format)
	}
	if err != nil {
		// The request may be gone; the clean-up must still run.
		cleanup, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		return 0, errors.Join(err, dropImport(cleanup, db.Write, id))
	}
	if err := publish(context.WithoutCancel(ctx), db.Write, id, userID); err != nil {
		return 0, err
	}
	return n, nil
}

func startImport(ctx context.Context, db *Pool, userID int64, now time.Time) (int64, error) {
	var id int64
	err := db.NewRaw("INSERT INTO imports (user_id, started_at) VALUES (?, ?) RETURNING id", userID, now.UTC()).Scan(ctx, &id)
	if err != nil {
		return 0, fmt.Errorf("models: start import: %w", err)
	}
	return id, nil
}

// stage reads src again and stores its rows in import_rows, numbered from
// 1, and their labels in import_labels; plan is what the first reading
// found.
func stage(ctx context.Context, db *Pool, id int64, src io.Reader, format string, userID int64, now time.Time, plan *importPlan, want int) error {
	batch := make([]stagedTask, 0, importBatch)
	var labels []stagedLabel
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		var err error
		if len(labels) == 0 {
			_, err = db.NewInsert().Model(&batch).Exec(ctx)
		} else {
			err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
				if _, err := tx.NewInsert().Model(&batch).Exec(ctx); err != nil {
					return err
				}
				_, err := tx.NewInsert().Model(&labels).Exec(ctx)
				return err
			})
		}
		if err != nil {
			return fmt.Errorf("models: stage import: %w", err)
		}
		batch, labels = batch[:0], labels[:0]
		return nil
	}
	n, _, err := scanImport(src, format, userID, now, 0, func(r importRow) error {
		t := r.Task
		st := stagedTask{ImportID: id, Seq: r.Seq, Title: t.Title, Description: t.Description, Due: t.Due,
			Priority: t.Priority, Status: t.Status, CompletedAt: t.CompletedAt, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt,
			ParentSeq: r.ParentSeq, Position: r.Position, ListKey: r.ListKey}
		if plan.isParent(r) {
			st.IsParent = 1
		}
		batch = append(batch, st)
		for _, name := range r.Labels {
			labels = append(labels, stagedLabel{ImportID: id, Seq: r.Seq, LabelKey: NameKey(name)})
		}
		if len(batch) == importBatch {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	if n != want {
		return fmt.Errorf("models: import file changed while it was read: %d rows, then %d", want, n)
	}
	return flush()
}

// timeToPublish refuses to start publishing when ctx would end before
// publishing could finish: moving the rows costs about as much as staging
// them did, so twice that must be left, or the client would be cut off
// while its import went on.
func timeToPublish(ctx context.Context, staging time.Duration) error {
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < 2*staging {
		return fmt.Errorf("models: too little time left to publish the import: %w", context.DeadlineExceeded)
	}
	return ctx.Err()
}

// startPublishing checks the user's limits again, in case another import
// finished meanwhile, gives the user the lists and labels the import
// needs, and marks the import as one to finish.
func startPublishing(ctx context.Context, db *Pool, id, userID int64, n, maxTasks int, plan *importPlan, format string) error {
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := checkRoom(ctx, tx, userID, n, maxTasks, format); err != nil {
			return err
		}
		if err := plan.apply(ctx, tx, userID, format); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE imports SET publishing = 1 WHERE id = ?", id)
		return err
	})
	if _, ok := errors.AsType[*ImportError](err); ok {
		return err
	} else if err != nil {
		return fmt.Errorf("models: publish import: %w", err)
	}
	return nil
}

// dropImport abandons an unpublished import and its staged rows.
func dropImport(ctx context.Context, db *Pool, id int64) error {
	if _, err := db.ExecContext(ctx, "DELETE FROM imports WHERE id = ?", id); err != nil {
		return fmt.Errorf("models: drop import: %w", err)
	}
	return deleteStaged(ctx, db, id)
}

// deleteStaged removes the staged rows of import id and their labels, a
// batch at a time.
func deleteStaged(ctx context.Context, db *Pool, id int64) error {
	for _, table := range []string{"import_rows", "import_labels"} {
		for {
			res, err := db.ExecContext(ctx, `DELETE FROM `+table+` WHERE import_id = ? AND seq IN
				(SELECT seq FROM `+table+` WHERE import_id = ? ORDER BY seq LIMIT ?)`, id, id, importBatch*4)
			if err != nil {
				return fmt.Errorf("models: delete staged rows: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				break
			}
		}
	}
	return nil
}

// SweepImports finishes imports a crash interrupted while publishing,
// removes the ones it interrupted before (once stale, so as not to take an
// import another process is staging), and deletes staged rows whose
// import is gone.
func SweepImports(ctx context.Context, db *Pool, now time.Time) error {
	var pending []struct {
		ID     int64 `bun:"id"`
		UserID int64 `bun:"user_id"`
	}
	if err := db.NewRaw("SELECT id, user_id FROM imports WHERE publishing = 1").Scan(ctx, &pending); err != nil {
		return fmt.Errorf("models: sweep imports: %w", err)
	}
	for _, p := range pending {
		if err := publish(ctx, db, p.ID, p.UserID); err != nil {
			return err
		}
	}
	if _, err := db.ExecContext(ctx, "DELETE FROM imports WHERE publishing = 0 AND started_at < ?", now.Add(-staleImport).UTC()); err != nil {
		return fmt.Errorf("models: sweep imports: %w", err)
	}
	var orphans []int64
	err := db.NewRaw(`SELECT import_id FROM import_rows WHERE import_id NOT IN (SELECT id FROM imports)
		UNION SELECT import_id FROM import_labels WHERE import_id NOT IN (SELECT id FROM imports)`).Scan(ctx, &orphans)
	if err != nil {
		return fmt.Errorf("models: sweep imports: %w", err)
	}
	for _, id := range orphans {
		if err := deleteStaged(ctx, db, id); err != nil {
			return err
		}
	}
	return nil
}

// TotalTasks returns how many tasks the user has, from the running tallies.
func TotalTasks(ctx context.Context, db bun.IDB, userID int64) (int, error) {
	var n int
	err := db.NewRaw("SELECT coalesce(sum(n), 0) FROM task_tallies WHERE user_id = ?", userID).Scan(ctx, &n)
	if err != nil {
		return 0, fmt.Errorf("models: count tasks: %w", err)
	}
	return n, nil
}

// TaskLimitMessage says why a list that holds n tasks cannot take more.
func TaskLimitMessage(n, max int) string {
	return fmt.Sprintf("Your list holds %s tasks and the limit of %s tasks allows no more; delete finished tasks first.",
		groupDigits(n), groupDigits(max))
}

// checkRoom returns an *ImportError when adding n tasks would take the
// user's list past maxTasks (0 means no limit).
func checkRoom(ctx context.Context, db bun.IDB, userID int64, n, maxTasks int, format string) error {
	if maxTasks <= 0 {
		return nil
	}
	have, err := TotalTasks(ctx, db, userID)
	if err != nil || have+n <= maxTasks {
		return err
	}
	return &ImportError{Format: format, Problems: []RowProblem{{Message: fmt.Sprintf(
		"The file holds %s tasks, and your list already holds %s; the limit of %s tasks leaves room for %s.",
		groupDigits(n), groupDigits(have), groupDigits(maxTasks), groupDigits(max(0, maxTasks-have)))}}}
}
