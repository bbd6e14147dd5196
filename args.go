package main

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
// arguments, so "docket user delete alice --yes" works as well as
// "docket user delete --yes alice", and returns the positional ones.
func parseArgs(fset *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fset.Parse(args); err != nil {
			return nil, err
		}
		if fset.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fset.Arg(0))
		args = fset.Args()[1:]
	}
}

// terminal returns the file descriptor of r if it is an interactive terminal.
func terminal(r io.Reader) (int, bool) {
	f, ok := r.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0, false
	}
	return int(f.Fd()), true
}

// readPassword reads a new password: typed twice without echo at a
// terminal, or the first line of standard input when a script pipes it in.
func readPassword(e env, prompt string) (string, error) {
	fd, ok := terminal(e.stdin)
	if !ok {
		line, err := readLine(e.stdin)
		if err != nil {
			return "", fmt.Errorf("read password from standard input: %w", err)
		}
		return line, nil
	}
	fmt.Fprint(e.stderr, prompt+": ")
	first, err := term.ReadPassword(fd)
	fmt.Fprintln(e.stderr)
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	fmt.Fprint(e.stderr, "Type it again: ")
	again, err := term.ReadPassword(fd)
	fmt.Fprintln(e.stderr)
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
