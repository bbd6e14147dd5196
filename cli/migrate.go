package cli

import (
	"context"
	"errors"
	"fmt"

	"docket/models"
)

func runMigrate(ctx context.Context, e Env, args []string) error {
	fset := flagSet(e, "migrate", "migrate up|down|status [flags]")
	db := dbFlag(fset, e)
	pos, err := parseArgs(fset, args)
	if err != nil {
		return err
	}
	var action string
	if len(pos) == 1 {
		action = pos[0]
	}
	if len(pos) != 1 || (action != "up" && action != "down" && action != "status") {
		fset.Usage()
		return errors.New("migrate: say up, down or status")
	}
	conn, err := models.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer conn.Close()
	// report lists what an up or down did, or says that nothing was to do.
	report := func(names []string, err error, verb, none string) error {
		if err != nil {
			return err
		}
		if len(names) == 0 {
			fmt.Fprintln(e.Stdout, none)
		}
		for _, n := range names {
			fmt.Fprintln(e.Stdout, verb, n)
		}
		return nil
	}
	switch action {
	case "up":
		names, err := models.Migrate(ctx, conn, e.Migrations)
		return report(names, err, "applied", "Database is up to date.")
	case "down":
		names, err := models.Rollback(ctx, conn, e.Migrations)
		return report(names, err, "rolled back", "Nothing to roll back.")
	case "status":
		ms, err := models.MigrationStatus(ctx, conn, e.Migrations)
		if err != nil {
			return err
		}
		for _, m := range ms {
			state := "pending"
			if m.Applied {
				state = "applied"
			}
			fmt.Fprintf(e.Stdout, "%-8s %s %s\n", state, m.Name, m.Comment)
		}
	}
	return nil
}
