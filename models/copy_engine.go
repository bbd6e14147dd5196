package models

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
)

// Where a copy differs by engine: how a consistent read begins, how a
// table is found, how ids are inserted and what must follow them.

// beginSnapshot starts the read transaction the whole copy reads from, so
// it sees the source as it was at one instant however long it takes, and
// writes nothing. SQLite takes the snapshot at the first read of a
// deferred transaction, on a connection that is query_only; PostgreSQL
// keeps one for a REPEATABLE READ transaction, READ ONLY.
func beginSnapshot(ctx context.Context, db *sql.DB, engine Engine) (*sql.Tx, error) {
	var opts *sql.TxOptions
	if engine == Postgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	tx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("begin reading: %w", err)
	}
	return tx, nil
}

// tableExists reports whether the database has a table called name.
func tableExists(ctx context.Context, q querier, engine Engine, name string) (bool, error) {
	query := "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1"
	if engine == Postgres {
		query = "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1"
	}
	var n int
	if err := scanOneValue(ctx, q, &n, query, name); err != nil {
		return false, fmt.Errorf("look for table %s: %w", name, err)
	}
	return n > 0, nil
}

// insertInto starts an INSERT that keeps the ids it is given. An identity
// column that PostgreSQL generates ALWAYS refuses given ids unless told to
// take them; the clause does nothing to any other column.
func insertInto(engine Engine, t copyTable) string {
	verb := "INSERT INTO " + t.name + " (" + t.columnList() + ") "
	if engine == Postgres {
		verb += "OVERRIDING SYSTEM VALUE "
	}
	return verb + "VALUES "
}

// placeholder is the nth parameter of a statement. SQLite reads $n too,
// but looks each name up in a list, which for the hundreds of parameters
// of a chunk of rows cost more than inserting them; its ? has no name.
func placeholder(engine Engine, n int) string {
	if engine == Postgres {
		return "$" + strconv.Itoa(n)
	}
	return "?"
}

// advanceSequences moves each copied table's id sequence past the ids the
// copy inserted, so the next row the application adds gets a new id.
// SQLite needs nothing: a new row's id follows the largest one in the table.
func advanceSequences(ctx context.Context, db *DB) error {
	if db.Engine != Postgres {
		return nil
	}
	sqldb := db.Write.DB.DB // numbered parameters, which Bun's own methods do not pass on
	for _, t := range copiedTables {
		if !t.hasSerialID() {
			continue
		}
		var seq sql.NullString
		if err := scanOneValue(ctx, sqldb, &seq, "SELECT pg_get_serial_sequence($1, 'id')", t.name); err != nil {
			return fmt.Errorf("find the id sequence of %s: %w", t.name, err)
		}
		if !seq.Valid {
			return fmt.Errorf("%s.id has no sequence to advance", t.name)
		}
		// setval of NULL (an empty table) changes nothing.
		if _, err := sqldb.ExecContext(ctx, "SELECT setval($1, (SELECT max(id) FROM "+t.name+"))", seq.String); err != nil {
			return fmt.Errorf("advance the id sequence of %s: %w", t.name, err)
		}
	}
	return nil
}

// scanOneValue runs a query that returns one row of one column into dest.
func scanOneValue(ctx context.Context, q querier, dest any, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	return scanOne(rows, func(r *sql.Rows) error { return r.Scan(dest) })
}
