package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"docket/models"
)

func runExport(ctx context.Context, e Env, args []string) error {
	fset := flagSet(e, "export", "export USERNAME [flags]\n\nWrites every task of USERNAME as JSON (every field, for import) or CSV (for spreadsheets)")
	dbPath := dbFlag(fset, e)
	format := fset.String("format", "", "`json` or csv; defaults to the --output extension, else json")
	output := fset.String("output", "", "write to `file` instead of standard output")
	keep := fset.Bool("keep-formulas", false, "write CSV cells exactly; by default a cell starting with = + - @ tab or CR gets a leading ' so spreadsheets show it as text")
	pos, err := parseArgs(fset, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fset.Usage()
		return errors.New("export: name one user")
	}
	f, err := chooseFormat(*format, *output, models.FormatJSON)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	db, u, err := openForUser(ctx, e, *dbPath, models.NormalizeUsername(pos[0]))
	if err != nil {
		return err
	}
	defer db.Close()
	write := func(w io.Writer) error {
		return models.ExportTasksWith(ctx, db.Read, w, u.ID, u.Username, f, time.Now(), models.ExportOptions{KeepFormulas: *keep})
	}
	if *output == "" {
		bw := bufio.NewWriter(e.Stdout)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	if err := models.WriteFileAtomic(*output, write); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(e.Stderr, "Exported the tasks of %s to %s.\n", u.Username, *output)
	return nil
}

// chooseFormat is the --format flag if set, else the format the file
// name's extension names, else def ("" makes it an error).
func chooseFormat(flagValue, name, def string) (string, error) {
	switch flagValue {
	case models.FormatJSON, models.FormatCSV:
		return flagValue, nil
	case "":
	default:
		return "", fmt.Errorf("--format: %q is not json or csv", flagValue)
	}
	if f, ok := models.FormatFromName(name); ok {
		return f, nil
	}
	if def == "" {
		return "", fmt.Errorf("cannot tell the format of %s from its name; add --format json or --format csv", name)
	}
	return def, nil
}
