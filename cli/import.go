package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"docket/models"
)

func runImport(ctx context.Context, e Env, args []string) error {
	fset := flagSet(e, "import", "import USERNAME FILE [flags]\n\nAdds the tasks in FILE (a Docket JSON or CSV export) to USERNAME's lists, creating the\nlists and labels it names that USERNAME lacks. Every row is checked first; if any is\nwrong, nothing is imported")
	dbPath := dbFlag(fset, e)
	format := fset.String("format", "", "`json` or csv; defaults to the file's extension")
	maxTasks, err := maxTasksFlag(fset, e)
	if err != nil {
		return err
	}
	pos, err := parseArgs(fset, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		fset.Usage()
		return errors.New("import: name one user and one file")
	}
	file := pos[1]
	f, err := chooseFormat(*format, file, "")
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	in, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer in.Close()
	db, u, err := openForUser(ctx, e, *dbPath, models.NormalizeUsername(pos[0]))
	if err != nil {
		return err
	}
	defer db.Close()
	lim := models.ImportLimits{MaxRows: models.DefaultMaxImportRows, MaxTasksPerUser: *maxTasks}
	n, err := models.Import(ctx, db, in, f, u.ID, time.Now(), lim)
	if ie, ok := errors.AsType[*models.ImportError](err); ok {
		for _, p := range ie.Problems {
			fmt.Fprintf(e.Stderr, "%s: %s: %s\n", file, ie.Where(p), p.Message)
		}
		return fmt.Errorf("import: %d problem(s) in %s; nothing was imported", len(ie.Problems), file)
	} else if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "Imported %d tasks for %s.\n", n, u.Username)
	return nil
}
