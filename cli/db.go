package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"

	"docket/models"
)

// openDB opens the database dsn names and brings its schema up to date
// with the program's migrations.
func openDB(ctx context.Context, e Env, dsn string, pool models.PoolConfig, logger *slog.Logger) (*models.DB, error) {
	db, err := models.OpenWith(ctx, dsn, pool)
	if err != nil {
		return nil, err
	}
	applied, err := models.Migrate(ctx, db, e.Migrations)
	if err != nil {
		db.Close()
		return nil, err
	}
	for _, name := range applied {
		logger.Info("applied migration", "name", name)
	}
	return db, nil
}

// mustExist refuses to go on, rather than create an empty database, when
// a command that needs data is pointed at the wrong file. A PostgreSQL
// database is never created by connecting; openExisting checks its tables.
func mustExist(dbPath string) error {
	if models.IsPostgres(dbPath) {
		return nil
	}
	if _, err := os.Stat(dbPath); err != nil {
		return fmt.Errorf("no database at %s (set --db or DOCKET_DB)", dbPath)
	}
	return nil
}

// openExisting opens the Docket database dsn names, which must exist, and
// brings its schema up to date.
func openExisting(ctx context.Context, e Env, dsn string) (*models.DB, error) {
	if err := mustExist(dsn); err != nil {
		return nil, err
	}
	db, err := models.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if ok, err := models.Initialized(ctx, db); err != nil || !ok {
		db.Close()
		if err == nil {
			err = fmt.Errorf("no Docket database at %s: it has no Docket tables (docket serve or docket migrate up creates them)", models.Describe(dsn))
		}
		return nil, err
	}
	db.Close()
	return openDB(ctx, e, dsn, models.PoolConfig{}, discardLogger())
}

// discardLogger is for commands, which report to the terminal, not a log.
func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

func formatSize(n int64) string {
	switch {
	case n >= 1<<30:
		return strconv.FormatFloat(float64(n)/(1<<30), 'f', 1, 64) + " GiB"
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
	case n >= 1<<10:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// openForUser opens the existing database and finds the user by name.
func openForUser(ctx context.Context, e Env, dbPath, username string) (*models.DB, *models.User, error) {
	db, err := openExisting(ctx, e, dbPath)
	if err != nil {
		return nil, nil, err
	}
	u, err := models.GetUserByUsername(ctx, db.Read, username)
	if err != nil {
		db.Close()
		if errors.Is(err, models.ErrNotFound) {
			return nil, nil, fmt.Errorf("no user named %q (see docket user list)", username)
		}
		return nil, nil, err
	}
	return db, u, nil
}
