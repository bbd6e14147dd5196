package models

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/uptrace/bun"
)

// Test helpers the external tests reach through the package: they hold a
// whole file in memory, which Import never does.

// ParseImport reads tasks for userID from r in format and checks every row
// with the rules the task forms use. Problems come back together as an
// *ImportError. Missing created/updated times become now. It holds every
// task in memory, so only tests use it: Import stores a file of any size.
func ParseImport(r io.Reader, format string, userID int64, now time.Time) ([]Task, error) {
	var tasks []Task
	_, _, err := scanImport(r, format, userID, now, 0, func(ir importRow) error {
		tasks = append(tasks, ir.Task)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return tasks, nil
}

// ImportTasks stores tasks, all or none, in one transaction, with the
// times they carry (CreateTask sets its own); a task with no list goes to
// its user's Inbox.
func ImportTasks(ctx context.Context, db *Pool, tasks []Task) error {
	const batch = 500 // rows per INSERT
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for i := range tasks {
			if tasks[i].ListID == 0 {
				inbox, err := GetInbox(ctx, tx, tasks[i].UserID)
				if err != nil {
					return err
				}
				tasks[i].ListID = inbox.ID
			}
		}
		for start := 0; start < len(tasks); start += batch {
			chunk := tasks[start:min(start+batch, len(tasks))]
			if _, err := tx.NewInsert().Model(&chunk).Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("models: import tasks: %w", err)
	}
	return nil
}
