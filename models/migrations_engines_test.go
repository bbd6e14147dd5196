package models_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"docket/internal/testdb"
	"docket/models"
)

// migrationFileNames lists the files of one engine's migration folder.
func migrationFileNames(t *testing.T, engine models.Engine) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join("migrations", string(engine)))
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	return names
}

// migrationSetProblems says how two engines' migration folders fail to
// be one set: a file on one side only, an up without its down or the
// other way round, a file that is no transactional SQL migration, or no
// migrations at all.
func migrationSetProblems(sqlite, postgres []string) []string {
	var problems []string
	if len(sqlite) == 0 {
		problems = append(problems, "no SQLite migrations")
	}
	for _, side := range []struct {
		engine      models.Engine
		names, twin []string
	}{{models.SQLite, sqlite, postgres}, {models.Postgres, postgres, sqlite}} {
		for _, name := range side.names {
			stem, up := strings.CutSuffix(name, ".tx.up.sql")
			if !up {
				stem, _ = strings.CutSuffix(name, ".tx.down.sql")
			}
			switch {
			case stem == name:
				problems = append(problems, string(side.engine)+": "+name+" is not a .tx.up.sql or .tx.down.sql file")
			case up && !slices.Contains(side.names, stem+".tx.down.sql"):
				problems = append(problems, string(side.engine)+": "+name+" has no down")
			case !up && !slices.Contains(side.names, stem+".tx.up.sql"):
				problems = append(problems, string(side.engine)+": "+name+" has no up")
			}
			if !slices.Contains(side.twin, name) {
				problems = append(problems, string(side.engine)+": "+name+" has no twin on the other engine")
			}
		}
	}
	return problems
}

// The two engines' migrations are one set: the same names, each up with
// its down, so a database on either engine records the same history.
func TestMigrationSetsMatch(t *testing.T) {
	t.Parallel()
	up, down := "20261123000001_create_users.tx.up.sql", "20261123000001_create_users.tx.down.sql"
	checks := []struct {
		name             string
		sqlite, postgres []string
		want             []string
	}{
		{"one pair on both", []string{up, down}, []string{down, up}, nil},
		{"empty", nil, nil, []string{"no SQLite migrations"}},
		{"a folder empty", []string{up, down}, nil, []string{
			"sqlite: " + up + " has no twin on the other engine", "sqlite: " + down + " has no twin on the other engine"}},
		{"up without down", []string{up}, []string{up}, []string{"sqlite: " + up + " has no down", "postgres: " + up + " has no down"}},
		{"down without up", []string{down}, []string{down}, []string{"sqlite: " + down + " has no up", "postgres: " + down + " has no up"}},
		{"not a migration", []string{up, down, "README.md"}, []string{up, down, "README.md"}, []string{
			"sqlite: README.md is not a .tx.up.sql or .tx.down.sql file", "postgres: README.md is not a .tx.up.sql or .tx.down.sql file"}},
	}
	for _, c := range checks {
		if diff := cmp.Diff(c.want, migrationSetProblems(c.sqlite, c.postgres)); diff != "" {
			t.Errorf("migrationSetProblems, %s (-want +got):\n%s", c.name, diff)
		}
	}

	sqlite, postgres := migrationFileNames(t, models.SQLite), migrationFileNames(t, models.Postgres)
	for _, p := range migrationSetProblems(sqlite, postgres) {
		t.Error(p)
	}
}

// migrationStems lists the engine's migrations by file name without the
// .tx.up.sql or .tx.down.sql ending, oldest first.
func migrationStems(t *testing.T, engine models.Engine) []string {
	t.Helper()
	var stems []string
	for _, name := range migrationFileNames(t, engine) {
		if stem, ok := strings.CutSuffix(name, ".tx.up.sql"); ok {
			stems = append(stems, stem)
		}
	}
	slices.Sort(stems)
	return stems
}

// firstMigrations is a migrations FS holding only the engine's migrations
// named by stems.
func firstMigrations(t *testing.T, engine models.Engine, stems []string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, stem := range stems {
		for _, end := range []string{".tx.up.sql", ".tx.down.sql"} {
			data, err := os.ReadFile(filepath.Join("migrations", string(engine), stem+end))
			if err != nil {
				t.Fatal(err)
			}
			fsys[string(engine)+"/"+stem+end] = &fstest.MapFile{Data: data}
		}
	}
	return fsys
}

// postgresSchema describes the application's schema in the public schema
// of db, one line per relation, column, constraint, index, trigger and
// function, leaving out Bun's migration tables.
func postgresSchema(t *testing.T, db *models.DB) []string {
	t.Helper()
	const query = `
SELECT 'relation ' || c.relname || ' ' || c.relkind::text FROM pg_class AS c
WHERE c.relnamespace = 'public'::regnamespace AND c.relname NOT LIKE 'bun\_%'
UNION ALL
SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' collate ' || coalesce(collation_name, '-')
    || ' null ' || is_nullable || ' identity ' || is_identity || ' default ' || coalesce(column_default, '-')
FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE 'bun\_%'
UNION ALL
SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE 'bun\_%'
UNION ALL
SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE 'bun\_%'
UNION ALL
SELECT 'trigger ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
UNION ALL
SELECT 'function ' || pg_get_functiondef(oid) FROM pg_proc WHERE pronamespace = 'public'::regnamespace
ORDER BY 1`
	var lines []string
	if err := db.Read.NewRaw(query).Scan(t.Context(), &lines); err != nil {
		t.Fatal(err)
	}
	return lines
}

// Every PostgreSQL migration applies on the schema its predecessors left,
// and its down restores that schema exactly; the whole set then applies
// again in one group to the same schema, which works.
func TestPostgresMigrationsUpDownUp(t *testing.T) {
	testdb.PostgresOnly(t)
	t.Parallel()
	db := testdb.OpenDSN(t, testdb.Empty(t))
	ctx := t.Context()
	stems := migrationStems(t, models.Postgres)
	names := make([]string, len(stems))
	for i, stem := range stems {
		names[i], _, _ = strings.Cut(stem, "_")
	}

	// One migration per group, so each Rollback undoes exactly one.
	schemas := [][]string{postgresSchema(t, db)}
	if len(schemas[0]) != 0 {
		t.Fatalf("new database has a schema: %q", schemas[0])
	}
	for i := range stems {
		applied, err := models.Migrate(ctx, db, firstMigrations(t, models.Postgres, stems[:i+1]))
		if err != nil {
			t.Fatalf("Migrate up to %s: %v", stems[i], err)
		}
		if diff := cmp.Diff(names[i:i+1], applied); diff != "" {
			t.Errorf("Migrate up to %s applied (-want +got):\n%s", stems[i], diff)
		}
		schemas = append(schemas, postgresSchema(t, db))
		if cmp.Equal(schemas[i], schemas[i+1]) {
			t.Errorf("%s changed nothing", stems[i])
		}
	}

	all := os.DirFS("migrations")
	for i := len(stems) - 1; i >= 0; i-- {
		rolled, err := models.Rollback(ctx, db, all)
		if err != nil {
			t.Fatalf("Rollback of %s: %v", stems[i], err)
		}
		if diff := cmp.Diff(names[i:i+1], rolled); diff != "" {
			t.Errorf("Rollback rolled back (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(schemas[i], postgresSchema(t, db)); diff != "" {
			t.Fatalf("schema after the down of %s differs from before its up (-before +after):\n%s", stems[i], diff)
		}
	}
	if rolled, err := models.Rollback(ctx, db, all); err != nil || len(rolled) != 0 {
		t.Errorf("Rollback with nothing applied = %v, %v; want nothing and no error", rolled, err)
	}

	applied, err := models.Migrate(ctx, db, all)
	if err != nil {
		t.Fatalf("Migrate after the full rollback: %v", err)
	}
	if diff := cmp.Diff(wantMigrations, applied); diff != "" {
		t.Errorf("Migrate after the full rollback applied (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(schemas[len(stems)], postgresSchema(t, db)); diff != "" {
		t.Errorf("schema migrated in one group differs from migrated one by one (-one by one +one group):\n%s", diff)
	}

	// The schema takes a user and a task, and counts the task.
	var userID int64
	if err := db.Write.NewRaw("INSERT INTO users (username, password_hash) VALUES ('roundtrip', '-') RETURNING id").Scan(ctx, &userID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Write.NewRaw("INSERT INTO lists (user_id, name, name_key, inbox) VALUES (?, 'Inbox', 'inbox', true)", userID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	task := &models.Task{UserID: userID, Title: "after the round trip", Due: mustDate(t, "2026-12-01")}
	if err := models.CreateTask(ctx, db.Write, task); err != nil {
		t.Fatal(err)
	}
	if n, err := models.TotalTasks(ctx, db.Read, userID); err != nil || n != 1 {
		t.Errorf("TotalTasks after one CreateTask = %d, %v; want 1", n, err)
	}
}
