package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"docket/models"
)

func runBackup(ctx context.Context, e env, args []string) error {
	fset := flagSet(e, "backup", "backup [PATH] [flags]\n\nCopies the database while the server keeps running. PATH defaults to\nbackups/<name>-<UTC time>.db beside the database")
	dbPath := dbFlag(fset, e)
	pos, err := parseArgs(fset, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return fmt.Errorf("backup: unexpected argument %q", pos[1])
	}
	if err := mustExist(*dbPath); err != nil {
		return err
	}
	// No migrations: a backup copies the database as it is, whichever
	// version of Docket is serving it.
	db, err := models.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	var path string
	if len(pos) == 1 {
		path = pos[0]
	} else {
		path = models.BackupPath(*dbPath, time.Now())
	}
	size, err := models.Backup(ctx, db, path)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Backed up to %s (%s), integrity checked.\n", path, formatSize(size))
	return nil
}

// mustExist refuses to go on, rather than create an empty database, when
// a command that needs data is pointed at the wrong file.
func mustExist(dbPath string) error {
	if _, err := os.Stat(dbPath); err != nil {
		return fmt.Errorf("no database at %s (set --db or DOCKET_DB)", dbPath)
	}
	return nil
}

// openExisting opens the database at path, which must exist, and brings
// its schema up to date.
func openExisting(ctx context.Context, dbPath string) (*models.DB, error) {
	if err := mustExist(dbPath); err != nil {
		return nil, err
	}
	return openDB(ctx, dbPath, discardLogger())
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

// backupSchedule is serve's automatic backups: off when every is 0.
type backupSchedule struct {
	every time.Duration
	keep  int
}

// backupLoop takes a backup every s.every into the default folder and
// keeps the newest s.keep, until ctx ends. Failures are logged and retried
// at the next interval; the server keeps serving.
func backupLoop(ctx context.Context, db *models.DB, s backupSchedule, logger *slog.Logger) {
	t := time.NewTimer(firstBackupDelay(db.Path, s.every, time.Now()))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			scheduledBackup(ctx, db, now, s.keep, logger)
			t.Reset(s.every)
		}
	}
}

// firstBackupDelay counts from the newest backup, not from start-up, so a
// server restarted more often than every still gets its backups: one is
// due at once if there is none, or the newest is older than every.
func firstBackupDelay(dbPath string, every time.Duration, now time.Time) time.Duration {
	last, ok := models.LatestBackup(dbPath)
	if !ok {
		return 0
	}
	return max(0, every-now.Sub(last))
}

func scheduledBackup(ctx context.Context, db *models.DB, now time.Time, keep int, logger *slog.Logger) {
	path := models.BackupPath(db.Path, now)
	size, err := models.Backup(ctx, db, path)
	if err != nil {
		if ctx.Err() == nil {
			logger.Error("scheduled backup failed", "error", err)
		}
		return
	}
	logger.Info("backed up database", "path", path, "bytes", size)
	deleted, err := models.PruneBackups(db.Path, filepath.Dir(path), keep)
	for _, p := range deleted {
		logger.Info("deleted old backup", "path", p)
	}
	if err != nil {
		logger.Error("delete old backups", "error", err)
	}
}
