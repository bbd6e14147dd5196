package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// publish moves the staged rows of import id into the user's tasks, a
// batch of seqs per transaction, each batch recording in the import's
// published the last seq it took; so it can stop anywhere and be run again to
// finish. The staged rows stay until the last batch is in, because a
// subtask finds its parent's task id in its parent's staged row.
func publish(ctx context.Context, db *Pool, id, userID int64) error {
	for {
		var more bool
		err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			var err error
			more, err = publishNext(ctx, tx, id, userID)
			return err
		})
		if err != nil {
			return fmt.Errorf("models: publish import: %w", err)
		}
		if !more {
			break
		}
	}
	if _, err := db.ExecContext(ctx, "DELETE FROM imports WHERE id = ?", id); err != nil {
		return fmt.Errorf("models: publish import: %w", err)
	}
	return deleteStaged(ctx, db, id)
}

// publishNext publishes the next batch of import id and reports whether
// there was one. Each staged row gets its task id first, in seq order, so
// that ids, like the rows, put every task after the ones before it in the
// file. Top-level tasks go to their list, or to the Inbox if the list has
// gone meanwhile; subtasks follow their parent's task, wherever it is now,
// and go with it if it was deleted.
func publishNext(ctx context.Context, tx bun.Tx, id, userID int64) (bool, error) {
	// Servers sweeping at the same time may both finish an import: the
	// lock on its row makes them take turns, batch by batch.
	var published sql.NullInt64 // NULL: none yet
	err := tx.QueryRowContext(ctx, "SELECT published FROM imports WHERE id = ?"+lockRows(tx, "FOR UPDATE"), id).Scan(&published)
	if errors.Is(err, sql.ErrNoRows) { // another server finished it
		return false, nil
	} else if err != nil {
		return false, err
	}
	next := "SELECT min(seq) FROM import_rows WHERE import_id = ?"
	args := []any{id}
	if published.Valid {
		next, args = next+" AND seq > ?", append(args, published.Int64)
	}
	var lo sql.NullInt64
	if err := tx.QueryRowContext(ctx, next, args...).Scan(&lo); err != nil || !lo.Valid {
		return false, err
	}
	hi := lo.Int64 + publishBatch
	if err := numberStaged(ctx, tx, id, lo.Int64, hi); err != nil {
		return false, err
	}
	batch := []any{id, lo.Int64, hi}
	if _, err := tx.ExecContext(ctx, `INSERT INTO tasks
		(id, user_id, list_id, position, title, description, due_date, priority, status, completed_at, created_at, updated_at)
		SELECT r.task_id, ?, coalesce(
			(SELECT l.id FROM lists AS l WHERE l.user_id = ? AND l.name_key = r.list_key),
			(SELECT l.id FROM lists AS l WHERE l.user_id = ? AND l.inbox = ?)),
			r.position, r.title, r.description, r.due_date, r.priority, r.status, r.completed_at, r.created_at, r.updated_at
		FROM import_rows AS r WHERE r.import_id = ? AND r.seq >= ? AND r.seq < ? AND r.parent_seq IS NULL ORDER BY r.seq`,
		append([]any{userID, userID, userID, true}, batch...)...); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO tasks
		(id, user_id, list_id, parent_id, position, title, description, due_date, priority, status, completed_at, created_at, updated_at)
		SELECT r.task_id, ?, pt.list_id, pt.id,
			r.position, r.title, r.description, r.due_date, r.priority, r.status, r.completed_at, r.created_at, r.updated_at
		FROM import_rows AS r
		JOIN import_rows AS p ON p.import_id = r.import_id AND p.seq = r.parent_seq
		JOIN tasks AS pt ON pt.id = p.task_id AND pt.user_id = ?
		WHERE r.import_id = ? AND r.seq >= ? AND r.seq < ? ORDER BY r.seq`,
		append([]any{userID, userID}, batch...)...); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO task_labels (task_id, label_id, user_id)
		SELECT t.id, lb.id, ? FROM import_labels AS il
		JOIN import_rows AS r ON r.import_id = il.import_id AND r.seq = il.seq
		JOIN tasks AS t ON t.id = r.task_id
		JOIN labels AS lb ON lb.user_id = ? AND lb.name_key = il.label_key
		WHERE il.import_id = ? AND il.seq >= ? AND il.seq < ?`,
		append([]any{userID, userID}, batch...)...); err != nil {
		return false, err
	}
	_, err = tx.ExecContext(ctx, "UPDATE imports SET published = ? WHERE id = ?", hi-1, id)
	return true, err
}

// numberStaged gives the staged rows of import id with seqs from lo to
// before hi the ids their tasks will have, rising with seq. The seqs of
// an import's unpublished rows run without gaps (staging numbers them
// from 1; publishing takes them from the lowest), so row seq gets the id
// at seq-lo. SQLite takes the next ids after the largest, which no one
// else can take while this transaction writes; PostgreSQL draws them from
// the tasks' sequence, which other transactions draw from meanwhile.
func numberStaged(ctx context.Context, tx bun.Tx, id, lo, hi int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM import_rows WHERE import_id = ? AND seq >= ? AND seq < ?",
		id, lo, hi).Scan(&n); err != nil {
		return err
	}
	var expr string
	var first any
	if tx.Dialect().Name() == dialect.PG {
		var ids []int64
		if err := tx.NewRaw("SELECT nextval(pg_get_serial_sequence('tasks', 'id')) FROM generate_series(1, ?)", n).
			Scan(ctx, &ids); err != nil {
			return err
		}
		slices.Sort(ids)
		expr, first = "(?::bigint[])[seq - ? + 1]", pgdialect.Array(ids)
	} else {
		var last int64
		if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM tasks").Scan(&last); err != nil {
			return err
		}
		expr, first = "? + seq - ?", last+1
	}
	_, err := tx.ExecContext(ctx, "UPDATE import_rows SET task_id = "+expr+" WHERE import_id = ? AND seq >= ? AND seq < ?",
		first, lo, id, lo, hi)
	return err
}
