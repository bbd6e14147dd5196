package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"docket/models"
)

// maxSeedTasks bounds one bulk load to what a single run can sensibly add.
const maxSeedTasks = 10_000_000

func runSeed(ctx context.Context, e Env, args []string) error {
	fset := flagSet(e, "seed", "seed --demo | --user NAME --tasks N [flags]")
	db := dbFlag(fset, e)
	demo := fset.Bool("demo", false, "create the user \"demo\" with lists, labels and about 40 realistic tasks with their subtasks, once")
	username := fset.String("user", "", "bulk-load tasks for the user `name`, creating it if missing")
	n := fset.Int("tasks", 0, "how many generated tasks to add with --user")
	pos, err := parseArgs(fset, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return fmt.Errorf("seed: unexpected argument %q", pos[0])
	case *demo == (*username != ""):
		return errors.New("seed: give either --demo or --user NAME --tasks N")
	case *demo && *n != 0:
		return errors.New("seed: --tasks goes with --user, not --demo")
	}
	name := models.NormalizeUsername(*username)
	if !*demo {
		if fe, ok := errors.AsType[*models.FieldError](models.ValidateUsername(name)); ok {
			return fmt.Errorf("seed: user %q: %s", *username, fe.Message)
		}
		if *n < 1 || *n > maxSeedTasks {
			return fmt.Errorf("seed: --tasks must be between 1 and %d", maxSeedTasks)
		}
	}
	conn, err := models.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := models.Migrate(ctx, conn, e.Migrations); err != nil {
		return err
	}
	today := models.DateOf(time.Now())
	if *demo {
		return seedDemo(ctx, e, conn, today)
	}
	return seedBulk(ctx, e, conn, name, *n, today)
}

func seedDemo(ctx context.Context, e Env, db *models.DB, today models.Date) error {
	_, password, created, err := models.SeedDemo(ctx, db, models.Passwords{}, today)
	if err != nil {
		return err
	}
	if !created {
		fmt.Fprintf(e.Stdout, "User %q already exists; nothing changed.\n", models.DemoUsername)
		return nil
	}
	fmt.Fprintf(e.Stdout, "Created user %q with demo tasks.\npassword: %s\n", models.DemoUsername, password)
	return nil
}

// seedProgress reports a bulk load: one line rewritten in place on a
// terminal, and a line per tenth in a log, which has no use for carriage
// returns.
func seedProgress(e Env, n int) func(done int) {
	if _, tty := terminal(e.Stderr); tty {
		return func(done int) {
			fmt.Fprintf(e.Stderr, "\rseeding: %d/%d tasks", done, n)
			if done == n {
				fmt.Fprintln(e.Stderr)
			}
		}
	}
	next := 0
	return func(done int) {
		if done*10 >= next*n || done == n {
			fmt.Fprintf(e.Stderr, "seeding: %d/%d tasks\n", done, n)
			next = done*10/n + 1
		}
	}
}

func seedBulk(ctx context.Context, e Env, db *models.DB, name string, n int, today models.Date) error {
	u, password, err := models.EnsureUser(ctx, db, models.Passwords{}, name)
	if err != nil {
		return err
	}
	if password != "" {
		fmt.Fprintf(e.Stdout, "Created user %q.\npassword: %s\n", name, password)
	}
	start := time.Now()
	err = models.SeedTasks(ctx, db, u.ID, n, today, uint64(start.UnixNano()), seedProgress(e, n))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "Added %d tasks for %q in %s.\n", n, name, time.Since(start).Round(time.Millisecond))
	return nil
}
