package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// server is the PostgreSQL server the tests of one process create their
// databases on, through one administrative connection pool.
var server struct {
	once  sync.Once
	admin *sql.DB
	err   error

	mu        sync.Mutex
	templates []string // to drop when the tests end
	seq       atomic.Int64
}

// adminDB connects to the server PostgresEnv names.
func adminDB() (*sql.DB, error) {
	server.once.Do(func() {
		u := os.Getenv(PostgresEnv)
		if u == "" {
			server.err = fmt.Errorf("%s is not set", PostgresEnv)
			return
		}
		server.admin, server.err = sql.Open("pgx", u)
		if server.err == nil {
			server.err = server.admin.Ping()
		}
	})
	return server.admin, server.err
}

// databaseURL is PostgresEnv's URL with its database set to name.
func databaseURL(name string) (string, error) {
	u, err := url.Parse(os.Getenv(PostgresEnv))
	if err != nil {
		return "", fmt.Errorf("%s must be a postgres:// URL: %w", PostgresEnv, err)
	}
	u.Path = "/" + name
	return u.String(), nil
}

// newName is a database name unique to this process and call.
func newName(kind string) string {
	return fmt.Sprintf("docket_test_%d_%s%d", os.Getpid(), kind, server.seq.Add(1))
}

// buildPostgres creates a database, migrates it and returns its name, to
// serve as the template of the tests' databases. A template must have no
// connections while it is copied, so the pool that migrated it is closed.
func buildPostgres(migrations fs.FS) (string, error) {
	admin, err := adminDB()
	if err != nil {
		return "", err
	}
	name := newName("template")
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		return "", fmt.Errorf("create template: %w", err)
	}
	server.mu.Lock()
	server.templates = append(server.templates, name)
	server.mu.Unlock()
	dsn, err := databaseURL(name)
	if err != nil {
		return "", err
	}
	return name, migrate(dsn, migrations, nil)
}

// createDatabase creates a database, a copy of template if it is not
// empty, drops it when tb ends and returns its URL.
func createDatabase(tb testing.TB, template string) string {
	tb.Helper()
	admin, err := adminDB()
	if err != nil {
		tb.Fatalf("testdb: %v", err)
	}
	name := newName("db")
	create := "CREATE DATABASE " + name
	if template != "" {
		create += " TEMPLATE " + template
	}
	if _, err := admin.Exec(create); err != nil {
		tb.Fatalf("testdb: %v", err)
	}
	tb.Cleanup(func() {
		// FORCE ends connections a failed test left open.
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			tb.Errorf("testdb: drop %s: %v", name, err)
		}
	})
	dsn, err := databaseURL(name)
	if err != nil {
		tb.Fatalf("testdb: %v", err)
	}
	return dsn
}

// dropTemplates drops the templates this process made and reports 1 if it
// could not.
func dropTemplates() int {
	server.mu.Lock()
	defer server.mu.Unlock()
	code := 0
	for _, name := range server.templates {
		if _, err := server.admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			fmt.Fprintf(os.Stderr, "testdb: drop %s: %v\n", name, err)
			code = 1
		}
	}
	return code
}
