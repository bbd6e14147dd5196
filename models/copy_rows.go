package models

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// copyBatch is how many rows one read of the source returns and one
// destination transaction writes; copyChunk is how many rows one INSERT
// carries, so every batch but a table's last is copyBatch/copyChunk
// statements. A chunk of tasks is 1 100 parameters, far below either
// engine's limit.
const (
	copyBatch = 1000
	copyChunk = 100
)

// colKind is how a column is read, compared and written by the copy.
type colKind int

const (
	colInt      colKind = iota // integer, never NULL
	colNullInt                 // integer or NULL
	colBool                    // true or false (0 or 1 on SQLite), never NULL
	colText                    // text, never NULL
	colNullText                // text or NULL
	colDate                    // a day as YYYY-MM-DD, or NULL
	colTime                    // a time, never NULL
	colNullTime                // a time or NULL
)

type copyColumn struct {
	name string
	kind colKind
}

// copyTable is a table the copy carries, every column of it. Its first
// key columns are its key, which rows are read and compared in order of,
// and kept. A table whose rows refer to others of its own is read in
// parts, each part a condition, so that the rows referred to come first.
type copyTable struct {
	name    string
	columns []copyColumn
	key     int
	parts   []string
}

// copiedTables are the tables a copy carries, parents first. A test
// fails when the schema has a table or column that neither these nor
// leftBehind account for.
var copiedTables = []copyTable{
	{"users", []copyColumn{{"id", colInt}, {"username", colText}, {"password_hash", colText}, {"timezone", colText},
		{"session_epoch", colInt}, {"created_at", colTime}, {"updated_at", colTime}, {"quick_add_parse", colBool}}, 1, nil},
	{"lists", []copyColumn{{"id", colInt}, {"user_id", colInt}, {"name", colText}, {"name_key", colText},
		{"colour", colText}, {"position", colInt}, {"inbox", colBool}, {"archived", colBool}, {"created_at", colTime}}, 1, nil},
	{"labels", []copyColumn{{"id", colInt}, {"user_id", colInt}, {"name", colText}, {"name_key", colText},
		{"colour", colText}, {"created_at", colTime}}, 1, nil},
	// Top-level tasks, then subtasks: a subtask's parent is always top-level.
	{"tasks", []copyColumn{{"id", colInt}, {"user_id", colInt}, {"list_id", colInt}, {"parent_id", colNullInt},
		{"position", colInt}, {"title", colText}, {"description", colText},
		{"due_date", colDate}, {"priority", colInt}, {"status", colText}, {"completed_at", colNullTime},
		{"created_at", colTime}, {"updated_at", colTime}, {"reopen_status", colNullText}}, 1,
		[]string{"parent_id IS NULL", "parent_id IS NOT NULL"}},
	{"task_labels", []copyColumn{{"task_id", colInt}, {"label_id", colInt}, {"user_id", colInt}}, 2, nil},
}

// leftBehind are the tables a copy does not carry, and what they hold:
// what is in flight and not the users' own, and what the destination
// derives from the tasks.
var leftBehind = []struct{ table, what string }{
	{"sessions", "sessions (everyone signs in again)"},
	{"login_failures", "log-in throttling counts"},
	{"imports", "unfinished imports"},
	{"import_rows", "their staged rows"},
	{"import_labels", "their staged labels"},
	{"task_tallies", "task counts (the destination counts the tasks it receives)"},
}

func (t copyTable) columnList() string { return t.names(len(t.columns)) }

// keyList is the key's columns, comma-separated.
func (t copyTable) keyList() string { return t.names(t.key) }

func (t copyTable) names(n int) string {
	names := make([]string, n)
	for i, c := range t.columns[:n] {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

// hasSerialID reports whether t's key is an id that a sequence numbers
// on PostgreSQL.
func (t copyTable) hasSerialID() bool { return t.key == 1 && t.columns[0].name == "id" }

// partConditions are the conditions of t's parts, in order: one that
// takes every row unless t is read in parts.
func (t copyTable) partConditions() []string {
	if len(t.parts) == 0 {
		return []string{""}
	}
	return t.parts
}

// microTime is a time as microseconds since 1970 UTC: what both engines
// keep of a time, so the same instant compares equal whichever stored it.
type microTime int64

func (m microTime) value() string { return dbTime(time.UnixMicro(int64(m))) }

// row is one row as the copy carries it: int64, bool, string, microTime or
// nil for each column, in the table's order. Dates are YYYY-MM-DD strings.
type row []any

// eachBatch reads every row of t in key order, part after part, and
// hands them to fn a batch at a time.
func eachBatch(ctx context.Context, q querier, t copyTable, fn func([]row) error) error {
	for _, part := range t.partConditions() {
		var after row // nil: from the first row
		for {
			rows, err := readBatch(ctx, q, t, part, after)
			if err != nil || len(rows) == 0 {
				if err != nil {
					return err
				}
				break
			}
			if err := fn(rows); err != nil {
				return err
			}
			after = rows[len(rows)-1]
		}
	}
	return nil
}

// readBatch returns up to copyBatch rows of t that meet the part's
// condition (if any) with a key above after's (any key if after is nil),
// in key order. Reading in key order from a snapshot, batch after batch,
// walks the primary key without holding more than one batch.
func readBatch(ctx context.Context, q querier, t copyTable, part string, after row) ([]row, error) {
	var conds []string
	if part != "" {
		conds = append(conds, part)
	}
	var args []any
	if after != nil {
		marks := make([]string, t.key)
		for i := range marks {
			args = append(args, after[i])
			marks[i] = "$" + strconv.Itoa(i+1)
		}
		// A row value compares column by column, as the key orders rows.
		conds = append(conds, "("+t.keyList()+") > ("+strings.Join(marks, ", ")+")")
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	rows, err := q.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM %s%s ORDER BY %s LIMIT %d",
		t.columnList(), t.name, where, t.keyList(), copyBatch), args...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", t.name, err)
	}
	defer rows.Close()
	var out []row
	for rows.Next() {
		r, err := scanRow(rows, t)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", t.name, err)
	}
	return out, nil
}

// querier is a transaction or a pool: what reads run on.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// scanRow reads one row of t and brings every value to its carried form.
func scanRow(rows *sql.Rows, t copyTable) (row, error) {
	dest := make([]any, len(t.columns))
	for i, c := range t.columns {
		switch c.kind {
		case colInt:
			dest[i] = new(int64)
		case colNullInt:
			dest[i] = new(sql.NullInt64)
		case colText:
			dest[i] = new(string)
		case colNullText:
			dest[i] = new(sql.NullString)
		case colBool:
			dest[i] = new(bool)
		case colDate:
			dest[i] = new(Date)
		case colTime, colNullTime:
			dest[i] = new(bun.NullTime)
		}
	}
	if err := rows.Scan(dest...); err != nil {
		return nil, fmt.Errorf("read %s: %w", t.name, err)
	}
	r := make(row, len(dest))
	for i, c := range t.columns {
		switch v := dest[i].(type) {
		case *int64:
			r[i] = *v
		case *sql.NullInt64:
			if v.Valid {
				r[i] = v.Int64
			}
		case *bool:
			r[i] = *v
		case *string:
			r[i] = *v
		case *sql.NullString:
			if v.Valid {
				r[i] = v.String
			}
		case *Date:
			if !v.IsZero() {
				r[i] = v.String()
			}
		case *bun.NullTime:
			if !v.IsZero() {
				r[i] = microTime(v.UnixMicro())
			} else if c.kind == colTime {
				// A stored value that is no sane time reads as NULL (see
				// lenient.go), which the destination would refuse.
				return nil, fmt.Errorf("%s %d: %s is not a readable time; correct it in the source and copy again",
					strings.TrimSuffix(t.name, "s"), r[0], c.name)
			}
		}
	}
	return r, nil
}

// writeBatch inserts rows into t on the destination in one transaction,
// copyChunk rows per statement, ids included.
func writeBatch(ctx context.Context, db *DB, t copyTable, rows []row) error {
	return db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for len(rows) > 0 {
			chunk := rows[:min(copyChunk, len(rows))]
			rows = rows[len(chunk):]
			query, args := insertRows(db.Engine, t, chunk)
			if _, err := tx.Tx.ExecContext(ctx, query, args...); err != nil {
				return fmt.Errorf("write %s: %w", t.name, err)
			}
		}
		return nil
	})
}

// insertRows is one INSERT of rows into t, and its arguments.
func insertRows(engine Engine, t copyTable, rows []row) (string, []any) {
	var b strings.Builder
	b.WriteString(insertInto(engine, t))
	args := make([]any, 0, len(rows)*len(t.columns))
	for i, r := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for j, v := range r {
			if j > 0 {
				b.WriteString(", ")
			}
			args = append(args, v)
			b.WriteString(placeholder(engine, len(args)))
			if m, ok := v.(microTime); ok {
				args[len(args)-1] = m.value()
			}
		}
		b.WriteString(")")
	}
	return b.String(), args
}

// tableDigest counts a table's rows and hashes them in key order, every
// column in its carried form, so the source and the destination can be
// compared whichever engine each is on.
type tableDigest struct {
	rows int
	h    hash.Hash
	buf  []byte
}

func newTableDigest() *tableDigest { return &tableDigest{h: sha256.New()} }

// add hashes rows in order. Each value is tagged with its type and
// strings with their length, so no two different rows hash the same bytes.
func (d *tableDigest) add(rows ...row) {
	for _, r := range rows {
		b := d.buf[:0]
		for _, v := range r {
			switch v := v.(type) {
			case nil:
				b = append(b, 0)
			case int64:
				b = binary.BigEndian.AppendUint64(append(b, 1), uint64(v))
			case microTime:
				b = binary.BigEndian.AppendUint64(append(b, 2), uint64(v))
			case string:
				b = binary.AppendUvarint(append(b, 3), uint64(len(v)))
				b = append(b, v...)
			case bool:
				b = append(b, 4, boolByte(v))
			}
		}
		d.h.Write(b)
		d.buf = b
		d.rows++
	}
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

// sum is the digest of the rows added so far, in hex.
func (d *tableDigest) sum() string { return hex.EncodeToString(d.h.Sum(nil)) }
