package models

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// newTestDB opens a migrated database under t.TempDir(), closed at cleanup.
func newTestDB(t *testing.T) *DB {
	t.Helper()
	db := openTestDB(t, filepath.Join(t.TempDir(), "docket.db"))
	if _, err := Migrate(context.Background(), db, os.DirFS("migrations")); err != nil {
		t.Fatal(err)
	}
	return db
}

// openTestDB opens the database at path, closed at cleanup.
func openTestDB(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// createUser adds a user with a throwaway password.
func createUser(t *testing.T, db *DB, name string) *User {
	t.Helper()
	u, err := CreateUser(context.Background(), db.Write, name, "password123", "UTC")
	if err != nil {
		t.Fatal(err)
	}
	return u
}
