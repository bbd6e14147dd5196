package cli

import (
	"context"
	"errors"
	"fmt"

	"docket/models"
)

func runRestore(ctx context.Context, e Env, args []string) error {
	fset := flagSet(e, "restore", "restore PATH [flags]\n\nReplaces the database with the backup at PATH. Stop the server first; the\ncurrent database is kept as <db>.before-restore")
	dbPath := dbFlag(fset, e)
	pos, err := parseArgs(fset, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fset.Usage()
		return errors.New("restore: name the backup file to restore")
	}
	res, err := models.Restore(ctx, *dbPath, pos[0], e.Migrations)
	if err != nil {
		return err
	}
	for _, name := range res.Applied {
		fmt.Fprintln(e.Stdout, "applied migration", name)
	}
	if res.Previous != "" {
		fmt.Fprintf(e.Stdout, "The database it replaced is now %s.\n", res.Previous)
	}
	fmt.Fprintf(e.Stdout, "Restored %s from %s.\n", *dbPath, pos[0])
	return nil
}
