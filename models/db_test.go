package models_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"docket/internal/testdb"
	"docket/models"
)

func TestOpenPragmas(t *testing.T) {
	testdb.SQLiteOnly(t)
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()

	tests := []struct {
		pragma string
		want   string
	}{
		{"foreign_keys", "1"},
		{"journal_mode", "wal"},
		{"busy_timeout", "5000"},
		{"synchronous", "2"}, // FULL
	}
	pools := []struct {
		name      string
		db        *sql.DB
		conns     int // held at once, so every one of them is checked
		queryOnly string
	}{
		{"write", db.Write.DB.DB, 1, "0"},
		{"read", db.Read.DB.DB, 3, "1"},
	}
	for _, pool := range pools {
		t.Run(pool.name, func(t *testing.T) {
			for i := range pool.conns {
				conn, err := pool.db.Conn(ctx)
				if err != nil {
					t.Fatalf("conn %d: %v", i, err)
				}
				defer conn.Close()
				for _, tt := range append(tests, struct{ pragma, want string }{"query_only", pool.queryOnly}) {
					var got string
					if err := conn.QueryRowContext(ctx, "PRAGMA "+tt.pragma).Scan(&got); err != nil {
						t.Fatalf("conn %d: PRAGMA %s: %v", i, tt.pragma, err)
					}
					if got != tt.want {
						t.Errorf("conn %d: PRAGMA %s = %q, want %q", i, tt.pragma, got, tt.want)
					}
				}
			}
		})
	}
}

func TestReadPoolIsReadOnly(t *testing.T) {
	testdb.SQLiteOnly(t)
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	const insert = "INSERT INTO login_failures (key, window_start, count) VALUES ('k', CURRENT_TIMESTAMP, 1)"

	if _, err := db.Read.ExecContext(ctx, insert); err == nil {
		t.Fatal("insert through db.Read succeeded, want a read-only error")
	}
	if _, err := db.Read.ExecContext(ctx, "CREATE TABLE scratch (a)"); err == nil {
		t.Fatal("CREATE TABLE through db.Read succeeded, want a read-only error")
	}
	// The same statement works through the write pool, so the failure above
	// came from query_only and not from the statement.
	if _, err := db.Write.ExecContext(ctx, insert); err != nil {
		t.Fatalf("insert through db.Write: %v", err)
	}
	if n := countRows(t, db, "SELECT count(*) FROM login_failures"); n != 1 {
		t.Errorf("db.Read sees %d rows written by db.Write, want 1", n)
	}
}

func TestWritePoolHasOneConnection(t *testing.T) {
	testdb.SQLiteOnly(t)
	t.Parallel()
	db := newTestDB(t)
	if got := db.Write.Stats().MaxOpenConnections; got != 1 {
		t.Errorf("write pool MaxOpenConnections = %d, want 1 (SQLite has one writer)", got)
	}
	if got := db.Read.Stats().MaxOpenConnections; got < 2 {
		t.Errorf("read pool MaxOpenConnections = %d, want at least 2", got)
	}
}

func TestOpenCreatesFolder(t *testing.T) {
	testdb.SQLiteOnly(t)
	// The space, '#', '?' and '%' check that the path survives being made
	// into a URI.
	path := filepath.Join(t.TempDir(), "new folder", "a#b", "c?d%20e", "docket.db")
	db := openTestDB(t, path)
	if err := db.Ping(t.Context()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if _, err := db.Write.ExecContext(t.Context(), "CREATE TABLE scratch (a)"); err != nil {
		t.Fatalf("create table: %v", err)
	}
	if db.Path != path {
		t.Errorf("Path = %q, want %q", db.Path, path)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatalf("database file not at %q: %v", path, err)
	}
	if info.Size() == 0 {
		t.Errorf("database file %q is empty after a CREATE TABLE", path)
	}
}

func TestOpenFails(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	// The parent "folder" is a regular file, so it cannot be created.
	db, err := models.Open(t.Context(), filepath.Join(file, "sub", "test.db"))
	if err == nil {
		db.Close()
		t.Fatal("Open under a regular file succeeded, want an error")
	}
}

func TestAddQueryHook(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	h := &queryRecorder{}
	db.AddQueryHook(h)
	u := createUser(t, db, "hooked")
	if _, err := models.GetUserByUsername(t.Context(), db.Read, u.Username); err != nil {
		t.Fatal(err)
	}
	if got := h.count(); got < 2 {
		t.Errorf("hook saw %d queries on both pools, want at least 2", got)
	}
}
