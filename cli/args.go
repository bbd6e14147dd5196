package cli

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// parseArgs parses flags wherever they appear among the positional
// arguments, so "docket backup out.db --db x.db" works as well as
// "docket backup --db x.db out.db", and returns the positional ones.
// Everything after "--" is positional, for names that start with "-".
func parseArgs(fset *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fset.Parse(args); err != nil {
			return nil, err
		}
		rest := fset.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// terminal returns the file descriptor of f, a command's standard input or
// error stream, if it is an interactive terminal.
func terminal(f any) (int, bool) {
	file, ok := f.(*os.File)
	if !ok || !term.IsTerminal(int(file.Fd())) {
		return 0, false
	}
	return int(file.Fd()), true
}

// readPassword reads a new password: typed twice without echo at a
// terminal, or the first line of standard input when a script pipes it in.
func readPassword(e Env, prompt string) (string, error) {
	fd, ok := terminal(e.Stdin)
	if !ok {
		line, err := readLine(e.Stdin)
		if err != nil {
			return "", fmt.Errorf("read password from standard input: %w", err)
		}
		return line, nil
	}
	fmt.Fprint(e.Stderr, prompt+": ")
	first, err := term.ReadPassword(fd)
	fmt.Fprintln(e.Stderr)
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	fmt.Fprint(e.Stderr, "Type it again: ")
	again, err := term.ReadPassword(fd)
	fmt.Fprintln(e.Stderr)
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	if string(first) != string(again) {
		return "", errors.New("the two passwords differ; nothing was changed")
	}
	return string(first), nil
}

// readLine reads the first line of r without its line ending. Each
// command reads at most one line, so nothing is lost to buffering.
func readLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err == io.EOF && line != "" {
		err = nil
	} else if err == io.EOF {
		return "", errors.New("no input")
	}
	return strings.TrimRight(line, "\r\n"), err
}

// flagSet returns a flag set for cmd whose output goes to e.Stderr.
func flagSet(e Env, cmd, usageLine string) *flag.FlagSet {
	fset := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fset.SetOutput(e.Stderr)
	fset.Usage = func() {
		fmt.Fprintf(fset.Output(), "Usage: docket %s\n\nFlags (each also read from the environment variable shown):\n", usageLine)
		fset.PrintDefaults()
	}
	return fset
}

// dbFlag adds --db, defaulting to DOCKET_DB, else docket.db.
func dbFlag(fset *flag.FlagSet, e Env) *string {
	return fset.String("db", envOr(e, "DOCKET_DB", "docket.db"),
		"`database`: a SQLite file, created with its folder if missing, or a PostgreSQL postgres:// URL or key=value string (DOCKET_DB)")
}

func envOr(e Env, key, def string) string {
	if v := e.Getenv(key); v != "" {
		return v
	}
	return def
}
