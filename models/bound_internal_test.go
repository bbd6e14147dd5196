package models

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

func openInternalTestDB(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "bound.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// selectPlus answers i + 1 through a statement of its own shape.
func selectPlus(t *testing.T, p *Pool, i int) {
	t.Helper()
	var b binds
	var got int
	q := p.NewSelect().ColumnExpr(fmt.Sprintf("%d + ?", i), b.v(1))
	if err := b.scanOne(context.Background(), p, q, &got); err != nil {
		t.Fatalf("statement %d: %v", i, err)
	}
	if got != i+1 {
		t.Fatalf("statement %d answered %d, want %d", i, got, i+1)
	}
}

func cached(p *Pool, i int) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, ok := p.stmts[fmt.Sprintf("SELECT %d + ?", i)]
	return ok
}

// A pool keeps at most maxStatements, dropping the least recently used, so
// a statement in steady use stays prepared however many others pass by.
func TestPoolKeepsRecentStatements(t *testing.T) {
	t.Parallel()
	p := openInternalTestDB(t).Read
	const hot = -1
	for i := range 3 * maxStatements {
		selectPlus(t, p, i)
		selectPlus(t, p, hot)
	}
	p.mu.Lock()
	n, m := len(p.stmts), p.order.Len()
	p.mu.Unlock()
	if n != maxStatements || m != maxStatements {
		t.Errorf("pool keeps %d statements (%d in order), want %d", n, m, maxStatements)
	}
	if !cached(p, hot) {
		t.Error("the statement used on every request was evicted")
	}
	if cached(p, 0) {
		t.Error("the oldest statement is still kept")
	}
	if !cached(p, 3*maxStatements-1) {
		t.Error("the newest statement is not kept")
	}
}

// Evicting a statement whose rows a request is still reading does not
// disturb that request.
func TestPoolEvictsStatementInUse(t *testing.T) {
	t.Parallel()
	p := openInternalTestDB(t).Read
	var got []int
	err := p.run(context.Background(), "SELECT value FROM json_each(?)", []any{"[1,2,3]"}, func(rows *sql.Rows) error {
		for i := range maxStatements + 1 { // pushes the running statement out
			selectPlus(t, p, i)
		}
		for rows.Next() {
			var v int
			if err := rows.Scan(&v); err != nil {
				return err
			}
			got = append(got, v)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[1 2 3]" {
		t.Errorf("rows read after eviction = %v, want [1 2 3]", got)
	}
	p.mu.Lock()
	_, still := p.stmts["SELECT value FROM json_each(?)"]
	p.mu.Unlock()
	if still {
		t.Error("the statement was not evicted, so this test proves nothing")
	}
}
