// Package cli holds Docket's commands: serve (the default), migrate,
// backup, restore, copy, user, export, import, seed and version, one file each,
// with the flag, environment and terminal helpers they share in args.go.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"docket/models"
)

// Files are what the binary embeds: the folder served under /assets/ and
// the SQL migrations.
type Files struct {
	Assets     fs.FS
	Migrations fs.FS
}

// Main runs the command line of this process and returns its exit status.
func Main(version string, files Files) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := Env{Version: version, Files: files, Getenv: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	err := Run(ctx, e, os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return 0
	} else if err != nil {
		fmt.Fprintln(os.Stderr, "docket:", err)
		return 1
	}
	return 0
}

// Env is what a command runs with besides its arguments: the program's
// version and files, the environment and the standard streams. Main fills
// it from the process; tests fill it in.
type Env struct {
	Version string
	Files
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Ready, if set, receives the server's address once it listens.
	Ready func(addr string)
	// Passwords hashes and checks the passwords serve receives; the zero
	// value is the real cost. Tests that sign up many users set a cheap one.
	Passwords models.Passwords
}

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, e Env, args []string) error
}

// commands lists every subcommand, in the order help shows them. Each
// lives in a file of its own named for it.
func commands() []namedCommand {
	return []namedCommand{
		{"serve", command{"run the web server (the default)", runServe}},
		{"migrate", command{"apply or undo schema migrations: migrate up|down|status", runMigrate}},
		{"backup", command{"copy the live database to a backup file", runBackup}},
		{"restore", command{"replace the database with a backup (server stopped)", runRestore}},
		{"copy", command{"copy every user and task to another database: copy --from SRC --to DST", runCopy}},
		{"user", command{"manage accounts: user list|create|passwd|delete", runUser}},
		{"export", command{"write a user's tasks as JSON or CSV", runExport}},
		{"import", command{"add tasks from a JSON or CSV export to a user's list", runImport}},
		{"seed", command{"add demo or bulk test data: seed --demo | --user NAME --tasks N", runSeed}},
		{"version", command{"print the version", runVersion}},
	}
}

type namedCommand struct {
	name string
	command
}

func lookupCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c.command, true
		}
	}
	return command{}, false
}

// Run runs one command line: the command's name, then its arguments and
// flags. Without a name it serves.
func Run(ctx context.Context, e Env, args []string) error {
	name := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if name == "help" {
		return runHelp(ctx, e, args)
	}
	cmd, ok := lookupCommand(name)
	if !ok {
		usage(e.Stderr)
		return fmt.Errorf("unknown command %q", name)
	}
	return cmd.run(ctx, e, args)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: docket [command] [arguments and flags, in any order]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "  %-9s %s\n", "help", "list the commands, or show one command's flags: help [COMMAND]")
	fmt.Fprintln(w, "\nRun 'docket COMMAND --help' for a command's flags.")
}

// runHelp lists the commands, or shows the flags of the one it names.
func runHelp(ctx context.Context, e Env, args []string) error {
	switch {
	case len(args) == 0:
		usage(e.Stdout)
		return nil
	case len(args) > 1:
		usage(e.Stderr)
		return errors.New("help: name at most one command")
	}
	cmd, ok := lookupCommand(args[0])
	if !ok {
		usage(e.Stderr)
		return fmt.Errorf("unknown command %q", args[0])
	}
	// The flags are what was asked for, so they go to standard output.
	help := e
	help.Stderr = e.Stdout
	err := cmd.run(ctx, help, []string{"--help"})
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

func runVersion(ctx context.Context, e Env, args []string) error {
	fset := flagSet(e, "version", "version")
	pos, err := parseArgs(fset, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("version: unexpected argument %q", pos[0])
	}
	fmt.Fprintln(e.Stdout, "docket", e.Version)
	return nil
}
