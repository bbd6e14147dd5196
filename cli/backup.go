package cli

import (
	"context"
	"fmt"
	"time"

	"docket/models"
)

func runBackup(ctx context.Context, e Env, args []string) error {
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
	// version of Docket is serving it. (A PostgreSQL database must be at
	// this version's: its snapshot goes into a file migrated by this binary.)
	db, err := models.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	var path string
	if len(pos) == 1 {
		path = pos[0]
	} else {
		path = models.BackupPath(models.BackupBase(*dbPath), time.Now())
	}
	size, err := models.Backup(ctx, db, path, e.Migrations)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "Backed up to %s (%s), integrity checked.\n", path, formatSize(size))
	return nil
}
