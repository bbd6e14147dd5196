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
		"Copies every user with their lists, labels and tasks from one database to another,\n"+
		"each a SQLite file or a postgres:// URL, keeping ids. The source is only read, and may stay in service;\n"+
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
	// Users and tasks make the headline; what organises the tasks follows.
	var main, with []string
	sums := make([]string, len(rep.Tables))
	for i, t := range rep.Tables {
		if t.Name == "users" || t.Name == "tasks" {
			main = append(main, t.String())
		} else {
			with = append(with, t.String())
		}
		sums[i] = fmt.Sprintf("%s %.12s", t.Name, t.Checksum)
	}
	fmt.Fprintf(e.Stdout, "Copied %s from %s to %s in %s (with %s).\n", strings.Join(main, " and "),
		models.Describe(*from), models.Describe(*to), time.Since(start).Round(time.Millisecond), andList(with))
	fmt.Fprintf(e.Stdout, "Read back: counts and checksums match (%s).\n", strings.Join(sums, ", "))
	fmt.Fprintf(e.Stdout, "Not copied: %s.\n", strings.Join(rep.LeftBehind, ", "))
	return nil
}

// andList joins items as a sentence does: "a", "a and b", "a, b and c".
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
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
