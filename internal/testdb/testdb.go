// Package testdb gives tests a migrated database for the price of a file
// copy. Migrating takes a few milliseconds a migration; a test binary that
// opens a database in hundreds of tests migrates once into a Template and
// copies the file for each test instead.
package testdb

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"docket/models"
)

// Template is a database migrated once, on first use, and kept in memory.
type Template struct {
	migrations fs.FS
	once       sync.Once
	data       []byte
	err        error
}

// New returns a Template that applies migrations when first copied.
func New(migrations fs.FS) *Template {
	return &Template{migrations: migrations}
}

// Copy writes the migrated database to path, which must not exist yet, and
// fails tb if it cannot.
func (tp *Template) Copy(tb testing.TB, path string) {
	tb.Helper()
	tp.once.Do(func() { tp.data, tp.err = build(tp.migrations) })
	if tp.err != nil {
		tb.Fatalf("testdb: %v", tp.err)
	}
	if err := os.WriteFile(path, tp.data, 0o600); err != nil {
		tb.Fatalf("testdb: %v", err)
	}
}

// build migrates a new database and returns its file. Closing the last
// connection checkpoints the write-ahead log into the file, so the file
// alone is the whole database; build checks that it is.
func build(migrations fs.FS) (data []byte, err error) {
	dir, err := os.MkdirTemp("", "docket-testdb-")
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, os.RemoveAll(dir)) }()
	path := filepath.Join(dir, "template.db")
	ctx := context.Background()
	db, err := models.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	if _, err := models.Migrate(ctx, db, migrations); err != nil {
		db.Close()
		return nil, err
	}
	if _, err := db.Write.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		db.Close()
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return nil, fmt.Errorf("template left %d bytes in its write-ahead log", fi.Size())
	}
	return os.ReadFile(path)
}
