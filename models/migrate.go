package models

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/uptrace/bun/migrate"
)

// Migration is one schema change and whether it has been applied.
type Migration struct {
	Name    string
	Comment string
	Applied bool
}

// ErrNewerSchema means the database was migrated by a newer Docket than this one.
var ErrNewerSchema = errors.New("models: database schema is newer than this binary")

func newMigrator(ctx context.Context, db *DB, fsys fs.FS) (*migrate.Migrator, error) {
	ms := migrate.NewMigrations()
	if err := ms.Discover(fsys); err != nil {
		return nil, fmt.Errorf("models: read migrations: %w", err)
	}
	// Bun marks a failed migration as applied unless told otherwise; a
	// binary that migrates itself must retry it on the next start instead.
	m := migrate.NewMigrator(db.Write.DB, ms, migrate.WithMarkAppliedOnSuccess(true))
	if err := m.Init(ctx); err != nil {
		return nil, fmt.Errorf("models: init migrations: %w", err)
	}
	missing, err := m.MissingMigrations(ctx)
	if err != nil {
		return nil, fmt.Errorf("models: read applied migrations: %w", err)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w (unknown migrations %s); use a newer docket binary",
			ErrNewerSchema, strings.Join(migrationNames(missing), ", "))
	}
	return m, nil
}

// Migrate applies every pending migration in fsys, each in its own
// transaction, and returns the names it applied. It refuses a database that
// a newer binary has migrated.
//
// Bun's lock table is not used: a process killed while holding it would
// leave a row that blocks every later start. SQLite's single writer and the
// one-server-per-file rule already keep two migrators apart; a PostgreSQL
// backend will need an advisory lock here instead.
func Migrate(ctx context.Context, db *DB, fsys fs.FS) ([]string, error) {
	m, err := newMigrator(ctx, db, fsys)
	if err != nil {
		return nil, err
	}
	group, err := m.Migrate(ctx)
	if err != nil {
		return nil, fmt.Errorf("models: migrate: %w", err)
	}
	return migrationNames(group.Migrations), nil
}

// Rollback undoes the most recently applied group of migrations and returns
// the names it rolled back.
func Rollback(ctx context.Context, db *DB, fsys fs.FS) ([]string, error) {
	m, err := newMigrator(ctx, db, fsys)
	if err != nil {
		return nil, err
	}
	group, err := m.Rollback(ctx)
	if err != nil {
		return nil, fmt.Errorf("models: rollback: %w", err)
	}
	return migrationNames(group.Migrations), nil
}

// MigrationStatus lists every known migration, oldest first.
func MigrationStatus(ctx context.Context, db *DB, fsys fs.FS) ([]Migration, error) {
	m, err := newMigrator(ctx, db, fsys)
	if err != nil {
		return nil, err
	}
	ms, err := m.MigrationsWithStatus(ctx)
	if err != nil {
		return nil, fmt.Errorf("models: migration status: %w", err)
	}
	out := make([]Migration, len(ms))
	for i, mg := range ms {
		out[i] = Migration{Name: mg.Name, Comment: mg.Comment, Applied: mg.IsApplied()}
	}
	return out, nil
}

func migrationNames(ms migrate.MigrationSlice) []string {
	names := make([]string, len(ms))
	for i, mg := range ms {
		names[i] = mg.Name
	}
	return names
}
