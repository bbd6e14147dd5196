// Package testdb gives tests a migrated database for the price of a copy,
// on SQLite and, when a PostgreSQL server is configured, on PostgreSQL.
//
// Migrating takes a few milliseconds a migration; a test binary that opens
// a database in hundreds of tests migrates once into a Template and copies
// it for each test instead: a file copy on SQLite, CREATE DATABASE …
// TEMPLATE on PostgreSQL.
//
// A package whose tests should run on both engines calls Main from its
// TestMain. The tests then run on SQLite, and when DOCKET_TEST_POSTGRES
// holds a server URL, once more on PostgreSQL.
package testdb

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"docket/models"
)

// Environment variables the helpers read.
const (
	// PostgresEnv holds the URL of a PostgreSQL server whose role may
	// create databases, e.g. postgres://docket:docket@127.0.0.1/docket.
	PostgresEnv = "DOCKET_TEST_POSTGRES"
	// engineEnv tells a test process which engine its pass runs on.
	engineEnv = "DOCKET_TEST_ENGINE"
)

// Engine is the engine this test process runs its tests on.
func Engine() models.Engine {
	if os.Getenv(engineEnv) == string(models.Postgres) {
		return models.Postgres
	}
	return models.SQLite
}

// Main runs the tests of a package with run (m.Run, or a function that
// wraps it) on SQLite, then, when PostgresEnv is set, on PostgreSQL in a
// second run of the same test binary with the same flags, and exits with
// the worse status. With CI=true a missing PostgresEnv fails the run: CI
// must test both engines.
func Main(run func() int) {
	code := run()
	if Engine() == models.Postgres {
		code = max(code, dropTemplates())
		os.Exit(code)
	}
	url := os.Getenv(PostgresEnv)
	if url == "" {
		if os.Getenv("CI") == "true" {
			fmt.Fprintf(os.Stderr, "testdb: CI=true and %s is not set: the PostgreSQL pass must run in CI\n", PostgresEnv)
			code = max(code, 1)
		}
		os.Exit(code)
	}
	fmt.Println("testdb: the same tests on PostgreSQL")
	cmd := exec.Command(os.Args[0], os.Args[1:]...)
	cmd.Env = append(os.Environ(), engineEnv+"="+string(models.Postgres))
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			fmt.Fprintf(os.Stderr, "testdb: PostgreSQL pass: %v\n", err)
		}
		code = max(code, 1)
	}
	os.Exit(code)
}

// SQLiteOnly skips tb on the PostgreSQL pass: it tests something only the
// SQLite engine has, such as its files.
func SQLiteOnly(tb testing.TB) {
	tb.Helper()
	if Engine() != models.SQLite {
		tb.Skip("SQLite only")
	}
}

// PostgresOnly skips tb on the SQLite pass: it tests something only a
// PostgreSQL database allows, such as several servers on one database.
func PostgresOnly(tb testing.TB) {
	tb.Helper()
	if Engine() != models.Postgres {
		tb.Skipf("PostgreSQL only: runs on the PostgreSQL pass (set %s)", PostgresEnv)
	}
}

// Template is a database migrated once, on first use, and copied for each
// test.
type Template struct {
	migrations fs.FS
	once       sync.Once
	sqlite     []byte // the SQLite file
	pgName     string // the PostgreSQL template database
	err        error
}

// New returns a Template that applies migrations when first copied.
func New(migrations fs.FS) *Template {
	return &Template{migrations: migrations}
}

// DSN creates a migrated database for tb and returns its --db value: a
// file under tb's temporary folder, or a PostgreSQL URL. The database is
// removed when tb ends.
func (tp *Template) DSN(tb testing.TB) string {
	tb.Helper()
	tp.once.Do(func() { tp.build() })
	if tp.err != nil {
		tb.Fatalf("testdb: %v", tp.err)
	}
	if Engine() == models.Postgres {
		return createDatabase(tb, tp.pgName)
	}
	path := filepath.Join(tb.TempDir(), "docket.db")
	if err := os.WriteFile(path, tp.sqlite, 0o600); err != nil {
		tb.Fatalf("testdb: %v", err)
	}
	return path
}

// Open creates a migrated database for tb and opens it; both end with tb.
func (tp *Template) Open(tb testing.TB) *models.DB {
	tb.Helper()
	return OpenDSN(tb, tp.DSN(tb))
}

// Empty returns the --db value of a new database with no tables, removed
// when tb ends.
func Empty(tb testing.TB) string {
	tb.Helper()
	if Engine() == models.Postgres {
		return createDatabase(tb, "")
	}
	return filepath.Join(tb.TempDir(), "docket.db")
}

// OpenDSN opens the database dsn names until tb ends, without migrating it.
func OpenDSN(tb testing.TB, dsn string) *models.DB {
	tb.Helper()
	db, err := models.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("testdb: open: %v", err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("testdb: close: %v", err)
		}
	})
	return db
}

func (tp *Template) build() {
	if Engine() == models.Postgres {
		tp.pgName, tp.err = buildPostgres(tp.migrations)
		return
	}
	tp.sqlite, tp.err = buildSQLite(tp.migrations)
}

// buildSQLite migrates a new database and returns its file. Closing the
// last connection checkpoints the write-ahead log into the file, so the
// file alone is the whole database; buildSQLite checks that it is.
func buildSQLite(migrations fs.FS) (data []byte, err error) {
	dir, err := os.MkdirTemp("", "docket-testdb-")
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, os.RemoveAll(dir)) }()
	path := filepath.Join(dir, "template.db")
	if err := migrate(path, migrations, func(db *models.DB) error {
		_, err := db.Write.ExecContext(context.Background(), "PRAGMA wal_checkpoint(TRUNCATE)")
		return err
	}); err != nil {
		return nil, err
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return nil, fmt.Errorf("template left %d bytes in its write-ahead log", fi.Size())
	}
	return os.ReadFile(path)
}

// migrate opens dsn, applies migrations, runs finish and closes it.
func migrate(dsn string, migrations fs.FS, finish func(*models.DB) error) error {
	ctx := context.Background()
	db, err := models.Open(ctx, dsn)
	if err != nil {
		return err
	}
	_, err = models.Migrate(ctx, db, migrations)
	if err == nil && finish != nil {
		err = finish(db)
	}
	return errors.Join(err, db.Close())
}
