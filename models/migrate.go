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

// newMigrator reads the migrations for db's engine, from the folder of
// fsys named after it, and prepares Bun's migration tables.
func newMigrator(ctx context.Context, db *DB, fsys fs.FS) (*migrate.Migrator, error) {
	ms, err := discoverMigrations(fsys, db.Engine)
	if err != nil {
		return nil, err
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

// withMigrator runs fn with a migrator for db's migrations in fsys, under
// the migration lock.
//
// Bun's lock table is not used: a process killed while holding it would
// leave a row that blocks every later start. withMigrationLock keeps
// migrators apart instead.
func withMigrator(ctx context.Context, db *DB, fsys fs.FS, fn func(*migrate.Migrator) error) error {
	return withMigrationLock(ctx, db, func() error {
		m, err := newMigrator(ctx, db, fsys)
		if err != nil {
			return err
		}
		return fn(m)
	})
}

// Migrate applies every pending migration in fsys, each in its own
// transaction, and returns the names it applied. It refuses a database that
// a newer binary has migrated.
func Migrate(ctx context.Context, db *DB, fsys fs.FS) (names []string, err error) {
	err = withMigrator(ctx, db, fsys, func(m *migrate.Migrator) error {
		group, err := m.Migrate(ctx)
		if err != nil {
			return fmt.Errorf("models: migrate: %w", err)
		}
		names = migrationNames(group.Migrations)
		return nil
	})
	return names, err
}

// Rollback undoes the most recently applied group of migrations and returns
// the names it rolled back.
func Rollback(ctx context.Context, db *DB, fsys fs.FS) (names []string, err error) {
	err = withMigrator(ctx, db, fsys, func(m *migrate.Migrator) error {
		group, err := m.Rollback(ctx)
		if err != nil {
			return fmt.Errorf("models: rollback: %w", err)
		}
		names = migrationNames(group.Migrations)
		return nil
	})
	return names, err
}

// MigrationStatus lists every known migration, oldest first.
func MigrationStatus(ctx context.Context, db *DB, fsys fs.FS) (out []Migration, err error) {
	err = withMigrator(ctx, db, fsys, func(m *migrate.Migrator) error {
		ms, err := m.MigrationsWithStatus(ctx)
		if err != nil {
			return fmt.Errorf("models: migration status: %w", err)
		}
		out = make([]Migration, len(ms))
		for i, mg := range ms {
			out[i] = Migration{Name: mg.Name, Comment: mg.Comment, Applied: mg.IsApplied()}
		}
		return nil
	})
	return out, err
}

// Initialized reports whether any migration was ever applied to db, so a
// command that needs data can refuse an empty database instead of filling
// it with empty tables.
func Initialized(ctx context.Context, db *DB) (bool, error) {
	ok, err := tableExists(ctx, db.Read.DB.DB, db.Engine, "bun_migrations")
	if err != nil {
		return false, fmt.Errorf("models: %w", err)
	}
	return ok, nil
}

// discoverMigrations reads the migrations for engine from the folder of
// fsys named after it.
func discoverMigrations(fsys fs.FS, engine Engine) (*migrate.Migrations, error) {
	sub, err := fs.Sub(fsys, string(engine))
	if err != nil {
		return nil, fmt.Errorf("models: read migrations: %w", err)
	}
	ms := migrate.NewMigrations()
	if err := ms.Discover(sub); err != nil {
		return nil, fmt.Errorf("models: read migrations: %w", err)
	}
	return ms, nil
}

func migrationNames(ms migrate.MigrationSlice) []string {
	names := make([]string, len(ms))
	for i, mg := range ms {
		names[i] = mg.Name
	}
	return names
}
