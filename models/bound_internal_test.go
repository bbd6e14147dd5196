package models

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// Past maxStatements a pool stops keeping statements but still answers.
func TestPoolKeepsBoundedStatements(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "bound.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := range maxStatements + 10 {
		var b binds
		var got int
		q := db.Read.NewSelect().ColumnExpr(fmt.Sprintf("%d + ?", i), b.v(1))
		if err := b.scanOne(ctx, db.Read, q, &got); err != nil {
			t.Fatalf("statement %d: %v", i, err)
		}
		if got != i+1 {
			t.Fatalf("statement %d answered %d, want %d", i, got, i+1)
		}
	}
	db.Read.mu.Lock()
	n := len(db.Read.stmts)
	db.Read.mu.Unlock()
	if n != maxStatements {
		t.Errorf("pool keeps %d statements, want at most %d", n, maxStatements)
	}
}
