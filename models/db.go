// Package models holds Docket's data: the Bun models, the queries on them and
// the schema migrations. Every task query is scoped to one user.
package models

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	_ "modernc.org/sqlite" // pure-Go SQLite, so CGO_ENABLED=0 builds work
)

// DB is Docket's database on one of two engines.
//
// On SQLite it is a pool of read-only connections that run in parallel
// under WAL, and a single write connection. SQLite allows one writer at a
// time; queueing writers on one connection in Go, rather than letting them
// race for the file lock, means concurrent edits wait their turn instead of
// failing with "database is locked".
//
// On PostgreSQL, Read and Write are the same pool: the server runs writers
// side by side and queues those that touch the same rows.
type DB struct {
	// Read serves queries that never write.
	Read *Pool
	// Write serves every statement that changes data.
	Write *Pool
	// Engine is the database software behind the pools.
	Engine Engine
	// Path is the SQLite database file; empty on PostgreSQL.
	Path string
}

// pragmas apply to every connection. synchronous=FULL makes an acknowledged
// write survive power loss, not only a crash of the process.
const pragmas = "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(FULL)"

// Open opens the database dsn names with the default pool settings: a
// PostgreSQL URL or key=value string (see IsPostgres), or else a SQLite
// file, created with its folder if missing.
func Open(ctx context.Context, dsn string) (*DB, error) {
	return OpenWith(ctx, dsn, PoolConfig{})
}

// OpenWith is Open with pool settings, which apply to PostgreSQL only:
// SQLite's pools are fixed by its one-writer design.
func OpenWith(ctx context.Context, dsn string, pool PoolConfig) (*DB, error) {
	if IsPostgres(dsn) {
		return openPostgres(ctx, dsn, pool)
	}
	return openSQLite(ctx, dsn)
}

// openSQLite opens (creating if needed) the SQLite database at path and its folder.
func openSQLite(ctx context.Context, path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("models: create database folder: %w", err)
	}
	name := fileURI(path)

	write, err := openLenient(name + "?" + pragmas + "&_txlock=immediate")
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

	read, err := openLenient(name + "?" + pragmas + "&_pragma=query_only(1)")
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
		Read:   newPool(bun.NewDB(read, sqlitedialect.New())),
		Write:  newPool(bun.NewDB(write, sqlitedialect.New())),
		Engine: SQLite,
		Path:   path,
	}, nil
}

// openLenient opens dsn with the SQLite driver behind lenientConnector.
func openLenient(dsn string) (*sql.DB, error) {
	probe, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	defer probe.Close()
	return sql.OpenDB(lenientConnector{dsnConnector{probe.Driver(), dsn}}), nil
}

// dsnConnector opens dsn with a driver that has no connector of its own.
type dsnConnector struct {
	d   driver.Driver
	dsn string
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.d.Open(c.dsn) }

func (c dsnConnector) Driver() driver.Driver { return c.d }

// fileURI is path as the driver's file: URI. It escapes the characters a
// URI gives a meaning ('?' starts the query, '#' the fragment, '%' an
// escape); SQLite takes every other byte of the path as it is.
func fileURI(path string) string {
	return "file:" + strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
}

// Ping checks that the database answers a query.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.Read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Close closes the pools.
func (db *DB) Close() error {
	if db.Read == db.Write {
		return db.Write.Close()
	}
	rerr := db.Read.Close()
	werr := db.Write.Close()
	if werr != nil {
		return werr
	}
	return rerr
}

// AddQueryHook adds h to the pools, for query counting and tracing.
func (db *DB) AddQueryHook(h bun.QueryHook) {
	db.Write.AddQueryHook(h)
	if db.Read != db.Write {
		db.Read.AddQueryHook(h)
	}
}
