package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"docket/models"
)

func runCopy(ctx context.Context, e Env, args []string) error {
	fset := flagSet(e, "copy", "copy --from SRC --to DST\n\n"+
		"Copies every user and their tasks from one database to another, each a SQLite file\n"+
		"or a postgres:// URL, keeping ids. The source is only read, and may stay in service;\n"+
		"the destination must hold no user (a new file, or an empty database).\n"+
		"Sessions, log-in throttling and imports in progress are not copied")
	from := fset.String("from", "", "the database to copy: a SQLite `file` or a postgres:// URL")
	to := fset.String("to", "", "the database to fill: a SQLite `file` (created if missing) or a postgres:// URL")
	pos, err := parseArgs(fset, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return fmt.Errorf("copy: unexpected argument %q; name the databases with --from and --to", pos[0])
	case *from == "" || *to == "":
		fset.Usage()
		return errors.New("copy: give both --from SRC and --to DST")
	}
	start := time.Now()
	rep, err := models.Copy(ctx, *from, *to, e.Migrations, copyProgress(e.Stderr, time.Now))
	if err != nil {
		return err
	}
	counts := make([]string, len(rep.Tables))
	sums := make([]string, len(rep.Tables))
	for i, t := range rep.Tables {
		counts[i] = t.String()
		sums[i] = fmt.Sprintf("%s %.12s", t.Name, t.Checksum)
	}
	fmt.Fprintf(e.Stdout, "Copied %s from %s to %s in %s.\n", strings.Join(counts, " and "),
		models.Describe(*from), models.Describe(*to), time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(e.Stdout, "Read back: counts and checksums match (%s).\n", strings.Join(sums, ", "))
	fmt.Fprintf(e.Stdout, "Not copied: %s.\n", strings.Join(rep.LeftBehind, ", "))
	return nil
}

// copyProgress reports a copy on w: a line per table and step when it
// ends, and in between at most one a second, so a log of a large copy
// stays short while a person watching sees it move.
func copyProgress(w io.Writer, now func() time.Time) func(models.CopyProgress) {
	var last time.Time
	return func(p models.CopyProgress) {
		if t := now(); p.Done == p.Total || t.Sub(last) >= time.Second {
			fmt.Fprintln(w, p)
			last = t
		}
	}
}
