// Package pgtest gives tests a PostgreSQL database of their own on the
// server DOCKET_TEST_POSTGRES names, and skips them without one. It
// imports nothing of Docket's, so the models package's own tests can use it.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env names the variable that holds the URL of a PostgreSQL
// server the tests may create databases on.
const Env = "DOCKET_TEST_POSTGRES"

// New creates a new, empty database on the server Env names and returns
// its URL; the database is dropped when the test ends. The test is
// skipped when the variable is not set.
func New(tb testing.TB) string {
	tb.Helper()
	server := os.Getenv(Env)
	if server == "" {
		tb.Skip("set " + Env + " to a PostgreSQL URL to run this test")
	}
	u, err := url.Parse(server)
	if err != nil {
		tb.Fatalf("pgtest: %s: %v", Env, err)
	}
	var b [6]byte
	rand.Read(b[:])
	name := "docket_test_" + hex.EncodeToString(b[:])
	admin := func(sql string) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, server)
		if err != nil {
			tb.Fatalf("pgtest: connect to %s: %v", Env, err)
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, sql); err != nil {
			tb.Fatalf("pgtest: %s: %v", sql, err)
		}
	}
	admin("CREATE DATABASE " + name)
	tb.Cleanup(func() { admin("DROP DATABASE " + name + " WITH (FORCE)") })
	u.Path = "/" + name
	return u.String()
}
