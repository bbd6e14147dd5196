package models_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"docket/models"
)

// cancelMidway cancels a context once the first migration has created its
// table, as a shutdown signal arriving during the first start would.
type cancelMidway struct{ cancel context.CancelFunc }

func (h cancelMidway) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	return ctx
}

func (h cancelMidway) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	if strings.HasPrefix(e.Query, "CREATE TABLE users") {
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
			db := openTestDB(t, filepath.Join(t.TempDir(), "test.db"))
			tt.interrupt(t, db)
			var locks sql.NullString
			err := db.Read.QueryRowContext(t.Context(), "SELECT group_concat(table_name) FROM bun_migration_locks").Scan(&locks)
			if err != nil {
				t.Fatal(err)
			}
			_, err = models.Migrate(t.Context(), db, os.DirFS("migrations"))
			if err != nil {
				t.Fatalf("Migrate after an interrupted run: %v", err)
			}
			if got := appTables(t, db); len(got) != len(wantTables) {
				t.Errorf("tables after Migrate = %v, want %v", got, wantTables)
			}
		})
	}
}
