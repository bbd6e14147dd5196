// Command docket is a self-hosted task manager in one binary: an HTTP server
// for the browser, its embedded SQLite database and the commands that look
// after them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	_ "time/tzdata" // time zones work on machines without a zoneinfo database

	"docket/models"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	} else if err != nil {
		fmt.Fprintln(os.Stderr, "docket:", err)
		os.Exit(1)
	}
}

// env is what a command gets besides its arguments; tests fill it in.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// ready, if set, receives the server's address once it listens.
	ready func(addr string)
}

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, e env, args []string) error
}

// commands lists every subcommand, in the order help shows them. Each
// lives in a cmd_<name>.go file of its own.
func commands() []namedCommand {
	return []namedCommand{
		{"serve", command{"run the web server (the default)", runServe}},
		{"migrate", command{"apply or undo schema migrations: migrate up|down|status", runMigrate}},
		{"backup", command{"copy the live database to a backup file", runBackup}},
		{"restore", command{"replace the database with a backup (server stopped)", runRestore}},
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

// run is main without os.Exit, so tests can drive the whole program.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	return runEnv(ctx, env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}, args)
}

func runEnv(ctx context.Context, e env, args []string) error {
	name := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if name == "help" {
		return runHelp(ctx, e, args)
	}
	cmd, ok := lookupCommand(name)
	if !ok {
		usage(e.stderr)
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
func runHelp(ctx context.Context, e env, args []string) error {
	switch {
	case len(args) == 0:
		usage(e.stdout)
		return nil
	case len(args) > 1:
		usage(e.stderr)
		return errors.New("help: name at most one command")
	}
	cmd, ok := lookupCommand(args[0])
	if !ok {
		usage(e.stderr)
		return fmt.Errorf("unknown command %q", args[0])
	}
	err := cmd.run(ctx, env{getenv: e.getenv, stdin: e.stdin, stdout: e.stdout, stderr: e.stdout}, []string{"--help"})
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

// flagSet returns a flag set for cmd whose output goes to e.stderr.
func flagSet(e env, cmd, usageLine string) *flag.FlagSet {
	fset := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fset.SetOutput(e.stderr)
	fset.Usage = func() {
		fmt.Fprintf(fset.Output(), "Usage: docket %s\n\nFlags (each also read from the environment variable shown):\n", usageLine)
		fset.PrintDefaults()
	}
	return fset
}

// dbFlag adds --db, defaulting to DOCKET_DB, else docket.db.
func dbFlag(fset *flag.FlagSet, e env) *string {
	return fset.String("db", envOr(e, "DOCKET_DB", "docket.db"), "SQLite database `file`, created with its folder if missing (DOCKET_DB)")
}

func envOr(e env, key, def string) string {
	if v := e.getenv(key); v != "" {
		return v
	}
	return def
}

// openDB opens the database at path and brings its schema up to date.
func openDB(ctx context.Context, path string, logger *slog.Logger) (*models.DB, error) {
	db, err := models.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	applied, err := models.Migrate(ctx, db, migrations())
	if err != nil {
		db.Close()
		return nil, err
	}
	for _, name := range applied {
		logger.Info("applied migration", "name", name)
	}
	return db, nil
}

func migrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "models/migrations")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return sub
}

func assets() fs.FS {
	sub, err := fs.Sub(assetFiles, "assets")
	if err != nil {
		panic(err)
	}
	return sub
}

func runVersion(ctx context.Context, e env, args []string) error {
	fset := flagSet(e, "version", "version")
	pos, err := parseArgs(fset, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("version: unexpected argument %q", pos[0])
	}
	fmt.Fprintln(e.stdout, "docket", version)
	return nil
}
