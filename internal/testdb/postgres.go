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
	templates []string             // to drop when the tests end
	shapes    map[string]string    // each template's schema, see shapeOf
	free      map[string][]*sql.DB // by template: emptied copies, ready again
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
	if err := migrate(dsn, migrations, nil); err != nil {
		return "", err
	}
	conn, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	shape, err := shapeOf(conn)
	if err != nil {
		return "", err
	}
	server.mu.Lock()
	if server.shapes == nil {
		server.shapes, server.free = map[string]string{}, map[string][]*sql.DB{}
	}
	server.shapes[name] = shape
	server.mu.Unlock()
	return name, nil
}

// shapeOf describes a database's schema: its tables and applied
// migrations. A copy whose shape still matches its template's can be
// emptied and used again.
func shapeOf(conn *sql.DB) (string, error) {
	var shape string
	err := conn.QueryRow(`SELECT
		(SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public')
		|| ';' || (SELECT string_agg(name, ',' ORDER BY name) FROM bun_migrations)`).Scan(&shape)
	return shape, err
}

// reuse empties a copy of template that a test is done with and keeps it
// for the next test, which is several times faster than CREATE DATABASE.
// A copy whose schema the test changed is dropped instead.
func reuse(conn *sql.DB, template string) bool {
	shape, err := shapeOf(conn)
	if err != nil || shape != server.shapes[template] {
		return false
	}
	var tables string
	err = conn.QueryRow(`SELECT string_agg(quote_ident(table_name), ', ') FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'bun\_%'`).Scan(&tables)
	if err != nil {
		return false
	}
	if _, err := conn.Exec("TRUNCATE " + tables + " RESTART IDENTITY CASCADE"); err != nil {
		return false
	}
	server.mu.Lock()
	server.free[template] = append(server.free[template], conn)
	server.mu.Unlock()
	return true
}

// createDatabase creates a database, a copy of template if it is not
// empty, drops it when tb ends and returns its URL.
func createDatabase(tb testing.TB, template string) string {
	tb.Helper()
	admin, err := adminDB()
	if err != nil {
		tb.Fatalf("testdb: %v", err)
	}
	if template != "" {
		server.mu.Lock()
		free := server.free[template]
		var conn *sql.DB
		if len(free) > 0 {
			conn, server.free[template] = free[len(free)-1], free[:len(free)-1]
		}
		server.mu.Unlock()
		if conn != nil {
			return reused(tb, conn, template)
		}
	}
	name := newName("db")
	create := "CREATE DATABASE " + name
	if template != "" {
		create += " TEMPLATE " + template
	}
	if _, err := admin.Exec(create); err != nil {
		tb.Fatalf("testdb: %v", err)
	}
	dsn, err := databaseURL(name)
	if err != nil {
		tb.Fatalf("testdb: %v", err)
	}
	if template != "" {
		conn, err := sql.Open("pgx", dsn)
		if err != nil {
			tb.Fatalf("testdb: %v", err)
		}
		conn.SetMaxIdleConns(1)
		return reused(tb, conn, template)
	}
	tb.Cleanup(func() { drop(tb, name) })
	return dsn
}

// reused hands tb the copy conn is connected to, and when tb ends keeps
// it for another test or drops it.
func reused(tb testing.TB, conn *sql.DB, template string) string {
	var name string
	if err := conn.QueryRow("SELECT current_database()").Scan(&name); err != nil {
		tb.Fatalf("testdb: %v", err)
	}
	tb.Cleanup(func() {
		if !reuse(conn, template) {
			conn.Close()
			drop(tb, name)
		}
	})
	dsn, err := databaseURL(name)
	if err != nil {
		tb.Fatalf("testdb: %v", err)
	}
	return dsn
}

// drop drops the database name.
func drop(tb testing.TB, name string) {
	// FORCE ends connections a failed test left open.
	if _, err := server.admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
		tb.Errorf("testdb: drop %s: %v", name, err)
	}
}

// dropTemplates drops the databases this process made and reports 1 if
// it could not.
func dropTemplates() int {
	server.mu.Lock()
	defer server.mu.Unlock()
	code := 0
	var names []string
	for _, free := range server.free {
		for _, conn := range free {
			var name string
			if conn.QueryRow("SELECT current_database()").Scan(&name) == nil {
				names = append(names, name)
			}
			conn.Close()
		}
	}
	for _, name := range append(names, server.templates...) {
		if _, err := server.admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			fmt.Fprintf(os.Stderr, "testdb: drop %s: %v\n", name, err)
			code = 1
		}
	}
	return code
}
