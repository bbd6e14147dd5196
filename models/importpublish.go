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
// published the last seq it took and deleting the rows it moved; so it
// can stop anywhere and be run again to finish. A row that is a parent
// stays, with its task id, until the import is done: a subtask published
// in a later batch finds its parent by it.
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
// there was one. Its tasks get ids that rise with seq, so that ids, like
// the rows, put every task after the ones before it in the file.
// Top-level tasks go to their list, or to the Inbox if the list has gone
// meanwhile; subtasks follow their parent's task, wherever it is now, and
// go with it if it was deleted; labels deleted meanwhile are left off.
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
	taskID, err := reserveTaskIDs(ctx, tx, id, lo.Int64, hi)
	if err != nil {
		return false, err
	}
	st := publishStatements(taskID, id, userID, lo.Int64, hi)
	res, err := tx.ExecContext(ctx, st.parents.sql, st.parents.args...)
	if err != nil {
		return false, err
	}
	parents, err := res.RowsAffected()
	if err != nil {
		return false, err
	}
	steps, err := st.steps(ctx, tx, id, lo.Int64, hi, published, parents > 0)
	if err != nil {
		return false, err
	}
	for _, q := range steps {
		if _, err := tx.ExecContext(ctx, q.sql, q.args...); err != nil {
			return false, err
		}
	}
	return true, nil
}

// steps are the statements that publish the batch of import id from lo
// to before hi, once its parents have their ids, leaving out those with
// nothing to do: each statement on tasks or task_labels is compiled anew
// with their triggers and foreign keys, which costs more than running it
// empty. A subtask comes after its task, whose staged row stays: with no
// parent so far, the batch has no subtask.
func (p publishing) steps(ctx context.Context, tx bun.Tx, id, lo, hi int64, published sql.NullInt64, parents bool) ([]statement, error) {
	if !parents && published.Valid {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) = 1 FROM (SELECT 1 FROM import_rows
			WHERE import_id = ? AND seq <= ? LIMIT 1) AS kept`, id, published.Int64).Scan(&parents); err != nil {
			return nil, err
		}
	}
	var labelled bool
	if err := tx.QueryRowContext(ctx, `SELECT count(*) = 1 FROM (SELECT 1 FROM import_labels
		WHERE import_id = ? AND seq >= ? AND seq < ? LIMIT 1) AS labelled`, id, lo, hi).Scan(&labelled); err != nil {
		return nil, err
	}
	steps := []statement{p.tasks}
	if parents {
		steps = append(steps, p.subtasks)
	}
	if labelled {
		steps = append(steps, p.labels, p.doneLabels)
	}
	return append(steps, p.done, p.published), nil
}

// idOf writes the task id of the staged row whose seq is in column seq,
// and gives the arguments that go with it.
type idOf func(seq string) (string, []any)

type statement struct {
	sql  string
	args []any
}

// publishing are the statements that publish a batch, in order.
type publishing struct {
	parents, tasks, subtasks, labels, done, doneLabels, published statement
}

// publishStatements are the statements that publish the staged rows of
// import id with seqs from lo to before hi.
func publishStatements(taskID idOf, id, userID, lo, hi int64) publishing {
	batch := []any{id, lo, hi}
	with := func(sql string, args ...any) statement { return statement{sql, append(args, batch...)} }
	parentID, a1 := taskID("seq")
	topID, a2 := taskID("r.seq")
	subID, a3 := taskID("r.seq")
	labelledID, a4 := taskID("il.seq")
	return publishing{
		parents: with("UPDATE import_rows SET task_id = "+parentID+" WHERE is_parent = 1 AND import_id = ? AND seq >= ? AND seq < ?", a1...),
		tasks: with(`INSERT INTO tasks
			(id, user_id, list_id, position, title, description, due_date, priority, status, completed_at, created_at, updated_at)
			SELECT `+topID+`, ?, coalesce(
				(SELECT l.id FROM lists AS l WHERE l.user_id = ? AND l.name_key = r.list_key),
				(SELECT l.id FROM lists AS l WHERE l.user_id = ? AND l.inbox = ?)),
				r.position, r.title, r.description, r.due_date, r.priority, r.status, r.completed_at, r.created_at, r.updated_at
			FROM import_rows AS r
			WHERE r.parent_seq IS NULL AND r.import_id = ? AND r.seq >= ? AND r.seq < ? ORDER BY r.seq`,
			append(a2, userID, userID, userID, true)...),
		subtasks: with(`INSERT INTO tasks
			(id, user_id, list_id, parent_id, position, title, description, due_date, priority, status, completed_at, created_at, updated_at)
			SELECT `+subID+`, ?, pt.list_id, pt.id,
				r.position, r.title, r.description, r.due_date, r.priority, r.status, r.completed_at, r.created_at, r.updated_at
			FROM import_rows AS r
			JOIN import_rows AS p ON p.import_id = r.import_id AND p.seq = r.parent_seq
			JOIN tasks AS pt ON pt.id = p.task_id AND pt.user_id = ?
			WHERE r.parent_seq IS NOT NULL AND r.import_id = ? AND r.seq >= ? AND r.seq < ? ORDER BY r.seq`,
			append(a3, userID, userID)...),
		labels: with(`INSERT INTO task_labels (task_id, label_id, user_id)
			SELECT t.id, lb.id, ? FROM import_labels AS il
			JOIN tasks AS t ON t.id = `+labelledID+` AND t.user_id = ?
			JOIN labels AS lb ON lb.user_id = ? AND lb.name_key = il.label_key
			WHERE il.import_id = ? AND il.seq >= ? AND il.seq < ?`,
			append([]any{userID}, append(a4, userID, userID)...)...),
		done:       with("DELETE FROM import_rows WHERE is_parent = 0 AND import_id = ? AND seq >= ? AND seq < ?"),
		doneLabels: with("DELETE FROM import_labels WHERE import_id = ? AND seq >= ? AND seq < ?"),
		published:  statement{"UPDATE imports SET published = ? WHERE id = ?", []any{hi - 1, id}},
	}
}

// reserveTaskIDs takes task ids for the staged rows of import id with
// seqs from lo to before hi, rising with seq, and returns how to write the
// id of one of them. The seqs of an import's unpublished rows run without
// gaps (staging numbers them from 1; publishing takes them from the
// lowest), so row seq gets the id at seq-lo. SQLite takes the next ids
// after the largest, which no one else can take while this transaction
// writes; PostgreSQL draws them from the tasks' sequence, which other
// transactions draw from meanwhile.
func reserveTaskIDs(ctx context.Context, tx bun.Tx, id, lo, hi int64) (idOf, error) {
	if tx.Dialect().Name() != dialect.PG {
		var last int64
		if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM tasks").Scan(&last); err != nil {
			return nil, err
		}
		return func(seq string) (string, []any) { return "? + " + seq + " - ?", []any{last + 1, lo} }, nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM import_rows WHERE import_id = ? AND seq >= ? AND seq < ?",
		id, lo, hi).Scan(&n); err != nil {
		return nil, err
	}
	var ids []int64
	if err := tx.NewRaw("SELECT nextval(pg_get_serial_sequence('tasks', 'id')) FROM generate_series(1, ?)", n).
		Scan(ctx, &ids); err != nil {
		return nil, err
	}
	slices.Sort(ids)
	return func(seq string) (string, []any) {
		return "(?::bigint[])[" + seq + " - ? + 1]", []any{pgdialect.Array(ids), lo}
	}, nil
}
