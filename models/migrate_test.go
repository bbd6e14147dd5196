package models_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"docket/internal/testdb"
	"docket/models"
)

// wantMigrations are the names (timestamps) of the shipped migrations.
var wantMigrations = []string{"20261123000001", "20261123000002", "20261123000003", "20261123000004",
	"20261124000001", "20261124000002", "20261130234000", "20261201000001", "20261201000002", "20261201000003",
	"20261202000001", "20261202000002", "20261202000003", "20261202000010"}

// wantTables are the tables the migrations leave on engine e. SQLite's
// text index is a table too, task_search, which FTS5 keeps in four more;
// PostgreSQL's is an index.
func wantTables(e models.Engine) []string {
	tables := []string{"import_labels", "import_rows", "imports", "labels", "lists", "login_failures", "sessions", "task_labels", "task_tallies", "tasks", "users"}
	if e == models.SQLite {
		tables = append(tables, "task_search", "task_search_config", "task_search_data", "task_search_docsize", "task_search_idx")
		slices.Sort(tables)
	}
	return tables
}

// appTables lists the application's tables, leaving out Bun's own.
func appTables(t *testing.T, db *models.DB) []string {
	t.Helper()
	query := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'bun_%' AND name NOT LIKE 'sqlite_%' ORDER BY name"
	if db.Engine == models.Postgres {
		query = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name NOT LIKE 'bun_%' ORDER BY table_name"
	}
	rows, err := db.Read.QueryContext(t.Context(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return names
}

// migrationsFS copies the real migrations of both engines into a MapFS and
// adds the extra files to each.
func migrationsFS(t *testing.T, extra map[string]string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, engine := range []models.Engine{models.SQLite, models.Postgres} {
		dir := filepath.Join("migrations", string(engine))
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			fsys[string(engine)+"/"+e.Name()] = &fstest.MapFile{Data: data}
		}
		for name, sql := range extra {
			fsys[string(engine)+"/"+name] = &fstest.MapFile{Data: []byte(sql)}
		}
	}
	return fsys
}

func statusOf(t *testing.T, db *models.DB, fsys fs.FS) map[string]bool {
	t.Helper()
	ms, err := models.MigrationStatus(t.Context(), db, fsys)
	if err != nil {
		t.Fatalf("MigrationStatus: %v", err)
	}
	out := map[string]bool{}
	for _, m := range ms {
		out[m.Name] = m.Applied
	}
	return out
}

func allApplied(names []string, applied bool) map[string]bool {
	out := map[string]bool{}
	for _, n := range names {
		out[n] = applied
	}
	return out
}

func TestMigrateUpDownUp(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	dir := os.DirFS("migrations")
	db := testdb.OpenDSN(t, testdb.Empty(t))

	applied, err := models.Migrate(ctx, db, dir)
	if err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	if diff := cmp.Diff(wantMigrations, applied); diff != "" {
		t.Errorf("Migrate applied (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantTables(db.Engine), appTables(t, db)); diff != "" {
		t.Errorf("tables after Migrate (-want +got):\n%s", diff)
	}
	ms, err := models.MigrationStatus(ctx, db, dir)
	if err != nil {
		t.Fatal(err)
	}
	wantStatus := []models.Migration{
		{Name: "20261123000001", Comment: "create_users", Applied: true},
		{Name: "20261123000002", Comment: "create_tasks", Applied: true},
		{Name: "20261123000003", Comment: "create_sessions", Applied: true},
		{Name: "20261123000004", Comment: "create_login_failures", Applied: true},
		{Name: "20261124000001", Comment: "list_indexes", Applied: true},
		{Name: "20261124000002", Comment: "create_task_tallies", Applied: true},
		{Name: "20261130234000", Comment: "session_epoch", Applied: true},
		{Name: "20261201000001", Comment: "create_import_staging", Applied: true},
		{Name: "20261201000002", Comment: "task_reopen_status", Applied: true},
		{Name: "20261201000003", Comment: "task_search", Applied: true},
		{Name: "20261202000001", Comment: "lists_and_subtasks", Applied: true},
		{Name: "20261202000002", Comment: "labels", Applied: true},
		{Name: "20261202000003", Comment: "quick_add_setting", Applied: true},
		{Name: "20261202000010", Comment: "import_lists_and_labels", Applied: true},
	}
	if diff := cmp.Diff(wantStatus, ms); diff != "" {
		t.Errorf("MigrationStatus (-want +got):\n%s", diff)
	}

	again, err := models.Migrate(ctx, db, dir)
	if err != nil || len(again) != 0 {
		t.Errorf("second Migrate = %v, %v; want nothing applied and no error", again, err)
	}

	// Migrate applied everything as one group, so Rollback undoes all of it.
	rolled, err := models.Rollback(ctx, db, dir)
	if err != nil {
		t.Fatalf("Rollback: %v", err)
	}
	// The names come oldest first; Bun runs the downs newest first.
	if diff := cmp.Diff(wantMigrations, rolled); diff != "" {
		t.Errorf("Rollback rolled back (-want +got):\n%s", diff)
	}
	if got := appTables(t, db); len(got) != 0 {
		t.Errorf("tables after Rollback = %v, want none", got)
	}
	if diff := cmp.Diff(allApplied(wantMigrations, false), statusOf(t, db, dir)); diff != "" {
		t.Errorf("status after Rollback (-want +got):\n%s", diff)
	}

	reapplied, err := models.Migrate(ctx, db, dir)
	if err != nil {
		t.Fatalf("Migrate after Rollback: %v", err)
	}
	if diff := cmp.Diff(wantMigrations, reapplied); diff != "" {
		t.Errorf("Migrate after Rollback applied (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantTables(db.Engine), appTables(t, db)); diff != "" {
		t.Errorf("tables after re-Migrate (-want +got):\n%s", diff)
	}
	// The schema works after the round trip.
	createTask(t, db, createUser(t, db, "roundtrip").ID, nil)
}

func TestRollbackLastGroupOnly(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := newTestDB(t)
	extra := migrationsFS(t, map[string]string{
		"20261201000000_add_notes.tx.up.sql":   "CREATE TABLE notes (id INTEGER PRIMARY KEY);",
		"20261201000000_add_notes.tx.down.sql": "DROP TABLE notes;",
	})
	applied, err := models.Migrate(ctx, db, extra)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"20261201000000"}, applied); diff != "" {
		t.Errorf("second group applied (-want +got):\n%s", diff)
	}
	rolled, err := models.Rollback(ctx, db, extra)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"20261201000000"}, rolled); diff != "" {
		t.Errorf("Rollback rolled back (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantTables(db.Engine), appTables(t, db)); diff != "" {
		t.Errorf("tables after rolling back the second group (-want +got):\n%s", diff)
	}
}

func TestMigrateRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup func(t *testing.T, db *models.DB)
	}{
		{"migrated by a newer binary", func(t *testing.T, db *models.DB) {
			fsys := migrationsFS(t, map[string]string{
				"20991231000000_future.tx.up.sql":   "CREATE TABLE future (id INTEGER PRIMARY KEY);",
				"20991231000000_future.tx.down.sql": "DROP TABLE future;",
			})
			if _, err := models.Migrate(t.Context(), db, fsys); err != nil {
				t.Fatal(err)
			}
		}},
		{"row in bun_migrations", func(t *testing.T, db *models.DB) {
			_, err := db.Write.ExecContext(t.Context(),
				"INSERT INTO bun_migrations (name, group_id, migrated_at) VALUES ('20991231000000', 9, CURRENT_TIMESTAMP)")
			if err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db := newTestDB(t)
			tt.setup(t, db)
			dir := os.DirFS("migrations")
			if _, err := models.Migrate(t.Context(), db, dir); !errors.Is(err, models.ErrNewerSchema) {
				t.Errorf("Migrate error = %v, want ErrNewerSchema", err)
			}
			if _, err := models.Rollback(t.Context(), db, dir); !errors.Is(err, models.ErrNewerSchema) {
				t.Errorf("Rollback error = %v, want ErrNewerSchema", err)
			}
			if _, err := models.MigrationStatus(t.Context(), db, dir); !errors.Is(err, models.ErrNewerSchema) {
				t.Errorf("MigrationStatus error = %v, want ErrNewerSchema", err)
			}
			// Nothing was rolled back by the refused Rollback.
			got := appTables(t, db)
			for _, table := range wantTables(db.Engine) {
				if !slices.Contains(got, table) {
					t.Errorf("table %s is gone after the refused Rollback; tables: %v", table, got)
				}
			}
		})
	}
}

func TestFailedMigrationIsNotMarkedApplied(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := newTestDB(t)
	const name = "20261201000000"
	broken := migrationsFS(t, map[string]string{
		name + "_broken.tx.up.sql":   "CREATE TABLE half (id INTEGER PRIMARY KEY);\n--bun:split\nCREATE TABLE oops (;",
		name + "_broken.tx.down.sql": "DROP TABLE half;",
	})
	if _, err := models.Migrate(ctx, db, broken); err == nil {
		t.Fatal("Migrate with a broken migration succeeded, want an error")
	}
	if got := statusOf(t, db, broken)[name]; got {
		t.Errorf("broken migration %s is marked applied; it must be retried on the next start", name)
	}
	if diff := cmp.Diff(wantTables(db.Engine), appTables(t, db)); diff != "" {
		t.Errorf("the failed .tx migration left tables behind (-want +got):\n%s", diff)
	}

	fixed := migrationsFS(t, map[string]string{
		name + "_broken.tx.up.sql":   "CREATE TABLE half (id INTEGER PRIMARY KEY);",
		name + "_broken.tx.down.sql": "DROP TABLE half;",
	})
	applied, err := models.Migrate(ctx, db, fixed)
	if err != nil {
		t.Fatalf("Migrate after the fix: %v", err)
	}
	if diff := cmp.Diff([]string{name}, applied); diff != "" {
		t.Errorf("Migrate after the fix applied (-want +got):\n%s", diff)
	}
}
