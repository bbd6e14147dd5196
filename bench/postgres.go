package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"

	"docket/bench/benchdb"
	"docket/models"
)

// createDatabase makes a new, empty database on the PostgreSQL server
// serverURL reaches (its role must be allowed to create databases) and
// returns its URL and a function that drops it.
func createDatabase(serverURL string) (dsn string, drop func(), err error) {
	u, err := url.Parse(serverURL)
	if err != nil || !models.IsPostgres(serverURL) {
		return "", nil, fmt.Errorf("-postgres: %q is not a postgres:// URL", serverURL)
	}
	admin, err := sql.Open("pgx", serverURL)
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("docket_bench_%d", os.Getpid())
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("-postgres: create database %s: %w", name, err)
	}
	u.Path = "/" + name
	return u.String(), func() {
		// FORCE ends whatever a failed run left connected.
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			fmt.Fprintf(os.Stderr, "bench: drop database %s: %v\n", name, err)
		}
		admin.Close()
	}, nil
}

// commitSettings reads, on a connection Docket itself opens, the settings
// that decide whether a commit waits for its WAL record to reach the disk,
// and reports whether it does: fsync on and synchronous_commit anything
// but off (local, remote_write and remote_apply flush the local WAL too).
func commitSettings(dsn string) (settings string, durable bool, err error) {
	ctx := context.Background()
	db, err := models.Open(ctx, dsn)
	if err != nil {
		return "", false, err
	}
	defer db.Close()
	var sync, fsync string
	if err := db.Write.QueryRowContext(ctx, "SELECT current_setting('synchronous_commit'), current_setting('fsync')").Scan(&sync, &fsync); err != nil {
		return "", false, fmt.Errorf("read commit settings: %w", err)
	}
	return "synchronous_commit=" + sync + ", fsync=" + fsync, sync != "off" && fsync == "on", nil
}

// countTasks counts userID's tasks in the database dsn names.
func countTasks(dsn string, userID int64) (int, error) {
	db, err := openCeiling(dsn)
	if err != nil {
		return 0, err
	}
	defer db.close()
	var n int
	err = db.read.QueryRow("SELECT count(*) FROM tasks WHERE user_id = $1", userID).Scan(&n)
	return n, err
}

// organise spreads the load user's seeded tasks over lists, labels and
// subtasks, as the benchmarks' fixture is (benchdb.Organise).
func organise(dsn string) (*benchdb.Organisation, error) {
	ctx := context.Background()
	db, err := models.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	org, err := benchdb.Organise(ctx, db, loadUserID)
	if err != nil {
		return nil, fmt.Errorf("organise the load user's tasks: %w", err)
	}
	return org, nil
}

// loadAverage is the machine's load average over 1, 5 and 15 minutes, or
// "n/a" where /proc cannot tell.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "n/a"
}
