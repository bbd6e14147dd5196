package models

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// newTestDB opens a migrated database under t.TempDir().
func newTestDB(t testing.TB) *DB {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := Migrate(ctx, db, os.DirFS("migrations")); err != nil {
		t.Fatal(err)
	}
	return db
}
