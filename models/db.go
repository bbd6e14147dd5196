// Package models holds Docket's data: the Bun models, the queries on them and
// the schema migrations. Every task query is scoped to one user.
package models

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	_ "modernc.org/sqlite" // pure-Go SQLite, so CGO_ENABLED=0 builds work
)

// DB is Docket's database: a pool of read-only connections that run in
// parallel under WAL, and a single write connection. SQLite allows one writer
// at a time; queueing writers on one connection in Go, rather than letting
// them race for the file lock, means concurrent edits wait their turn instead
// of failing with "database is locked".
type DB struct {
	// Read serves queries that never write.
	Read *Pool
	// Write serves every statement that changes data, one at a time.
	Write *Pool
	// Path is the database file.
	Path string
}

// pragmas apply to every connection. synchronous=FULL makes an acknowledged
// write survive power loss, not only a crash of the process.
const pragmas = "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(FULL)"

// Open opens (creating if needed) the SQLite database at path and its folder.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("models: create database folder: %w", err)
	}
	name := fileURI(path)

	write, err := sql.Open("sqlite", name+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("models: open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	// The writer connects first so it creates the file and switches it to WAL
	// before any read-only connection opens it.
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("models: open %s: %w", path, err)
	}

	read, err := sql.Open("sqlite", name+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("models: open %s: %w", path, err)
	}
	readers := max(4, 2*runtime.NumCPU())
	read.SetMaxOpenConns(readers)
	read.SetMaxIdleConns(readers)
	read.SetConnMaxLifetime(0)
	read.SetConnMaxIdleTime(0)

	return &DB{
		Read:  newPool(bun.NewDB(read, sqlitedialect.New())),
		Write: newPool(bun.NewDB(write, sqlitedialect.New())),
		Path:  path,
	}, nil
}

// fileURI is path as the driver's file: URI, escaped so '?' or '#' in a
// name cannot start its query.
func fileURI(path string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath()
}

// Ping checks that the database answers a query.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.Read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Close closes both pools.
func (db *DB) Close() error {
	rerr := db.Read.Close()
	werr := db.Write.Close()
	if werr != nil {
		return werr
	}
	return rerr
}

// AddQueryHook adds h to both pools, for query counting and tracing.
func (db *DB) AddQueryHook(h bun.QueryHook) {
	db.Read.AddQueryHook(h)
	db.Write.AddQueryHook(h)
}
