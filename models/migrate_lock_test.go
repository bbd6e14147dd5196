package models_test

import (
	"context"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"docket/internal/testdb"
	"docket/models"
)

// cancelMidway cancels a context once the first migration has created its
// table, as a shutdown signal arriving during the first start would.
type cancelMidway struct{ cancel context.CancelFunc }

func (h cancelMidway) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	return ctx
}

func (h cancelMidway) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	if strings.Contains(e.Query, "CREATE TABLE users") {
		h.cancel()
	}
}

// A start interrupted part-way, or a stale Bun lock row left by a killed
// process, must not stop a later start from finishing the migrations.
func TestMigrateAfterInterruptedRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		interrupt func(t *testing.T, db *models.DB)
	}{
		{"context cancelled while migrating",
			func(t *testing.T, db *models.DB) {
				ctx, cancel := context.WithCancel(t.Context())
				defer cancel()
				db.Write.AddQueryHook(cancelMidway{cancel})
				if _, err := models.Migrate(ctx, db, os.DirFS("migrations")); err == nil {
					t.Fatal("Migrate with a context cancelled mid-way succeeded; the test did not interrupt it")
				}
			}},
		{"process died holding a lock row",
			func(t *testing.T, db *models.DB) {
				// A killed process leaves its lock row behind, here after a
				// successful first start.
				if _, err := models.Migrate(t.Context(), db, os.DirFS("migrations")); err != nil {
					t.Fatal(err)
				}
				if _, err := db.Write.ExecContext(t.Context(), "INSERT INTO bun_migration_locks (table_name) VALUES ('bun_migrations')"); err != nil {
					t.Fatal(err)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db := testdb.OpenDSN(t, testdb.Empty(t))
			tt.interrupt(t, db)
			_, err := models.Migrate(t.Context(), db, os.DirFS("migrations"))
			if err != nil {
				t.Fatalf("Migrate after an interrupted run: %v", err)
			}
			if got, want := appTables(t, db), wantTables(db.Engine); len(got) != len(want) {
				t.Errorf("tables after Migrate = %v, want %v", got, want)
			}
		})
	}
}

// Servers that start together on one PostgreSQL database migrate once
// between them, and none fails.
func TestConcurrentMigratorsMigrateOnce(t *testing.T) {
	testdb.PostgresOnly(t)
	t.Parallel()
	dsn := testdb.Empty(t)
	const n = 4
	applied, errs := make([][]string, n), make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		db := testdb.OpenDSN(t, dsn)
		wg.Go(func() {
			<-start
			applied[i], errs[i] = models.Migrate(t.Context(), db, os.DirFS("migrations"))
		})
	}
	close(start)
	wg.Wait()
	total := 0
	for i := range n {
		if errs[i] != nil {
			t.Errorf("migrator %d: %v", i, errs[i])
		}
		total += len(applied[i])
	}
	if total != len(wantMigrations) {
		t.Errorf("the migrators applied %d migrations between them, want each of the %d once: %v", total, len(wantMigrations), applied)
	}
	var rows int
	if err := testdb.OpenDSN(t, dsn).Read.QueryRowContext(t.Context(), "SELECT count(*) FROM bun_migrations").Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != len(wantMigrations) {
		t.Errorf("bun_migrations holds %d rows, want %d", rows, len(wantMigrations))
	}
}

// A migrator that dies while it holds the migration lock (its connections
// end, as when its process is killed) leaves no lock behind: the migrator
// waiting for the lock goes on and applies every migration.
func TestMigrationLockDiesWithTheMigrator(t *testing.T) {
	testdb.PostgresOnly(t)
	t.Parallel()
	dsn := testdb.Empty(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("application_name", "doomed_migrator")
	u.RawQuery = q.Encode()
	doomed := testdb.OpenDSN(t, u.String())
	reached, release := make(chan struct{}), make(chan struct{})
	doomed.Write.AddQueryHook(pauseAt{query: "CREATE TABLE users", reached: reached, release: release})
	doomedErr := make(chan error, 1)
	go func() {
		_, err := models.Migrate(context.Background(), doomed, os.DirFS("migrations"))
		doomedErr <- err
	}()
	select {
	case <-reached:
	case <-time.After(30 * time.Second):
		t.Fatal("the first migrator never started")
	}

	next := testdb.OpenDSN(t, dsn)
	nextErr := make(chan error, 1)
	go func() {
		_, err := models.Migrate(context.Background(), next, os.DirFS("migrations"))
		nextErr <- err
	}()
	select {
	case err := <-nextErr:
		t.Fatalf("the second migrator finished (%v) while the first held the lock", err)
	case <-time.After(200 * time.Millisecond):
	}
	var killed int
	if err := next.Write.QueryRowContext(t.Context(),
		"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'doomed_migrator' AND datname = current_database()").Scan(&killed); err != nil {
		t.Fatal(err)
	}
	if killed == 0 {
		t.Fatal("found no connection of the first migrator to end")
	}
	close(release)
	if err := <-doomedErr; err == nil {
		t.Error("the killed migrator reported success")
	}
	select {
	case err := <-nextErr:
		if err != nil {
			t.Fatalf("the second migrator after the first died: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the second migrator still waits: the dead migrator's lock stayed")
	}
	if got, want := appTables(t, next), wantTables(next.Engine); len(got) != len(want) {
		t.Errorf("tables = %v, want %v", got, want)
	}
}

// pauseAt holds the query containing query until release is closed,
// after closing reached.
type pauseAt struct {
	query            string
	reached, release chan struct{}
}

func (h pauseAt) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context { return ctx }

func (h pauseAt) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	if strings.Contains(e.Query, h.query) {
		close(h.reached)
		<-h.release
	}
}
