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
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // time zones work on machines without a zoneinfo database

	"docket/handlers"
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
// lives in a cmd_<name>.go file of its own, except serve.
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
		usage(e.stdout)
		return nil
	}
	cmd, ok := lookupCommand(name)
	if !ok {
		usage(e.stderr)
		return fmt.Errorf("unknown command %q", name)
	}
	return cmd.run(ctx, e, args)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: docket [command] [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'docket COMMAND --help' for a command's flags.")
}

// config is the server's configuration: flag, else DOCKET_* variable, else default.
type config struct {
	Addr          string
	DBPath        string
	SecureCookies bool
	LogFormat     string
	LogLevel      slog.Level
	// RegistrationClosed refuses sign-ups; admins create users with docket user.
	RegistrationClosed bool
	Backups            backupSchedule
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

func parseServeConfig(e env, args []string) (config, error) {
	fset := flagSet(e, "serve", "[serve] [flags]")
	fset.Usage = func() { // serve is the default, so its help is the program's help
		usage(e.stderr)
		fmt.Fprintln(e.stderr, "\nFlags of serve (each also read from the environment variable shown):")
		fset.PrintDefaults()
	}
	var cfg config
	fset.StringVar(&cfg.Addr, "addr", envOr(e, "DOCKET_ADDR", "localhost:8080"), "`host:port` to listen on (DOCKET_ADDR)")
	db := dbFlag(fset, e)
	secure, err := strconv.ParseBool(envOr(e, "DOCKET_SECURE_COOKIES", "false"))
	if err != nil {
		return cfg, fmt.Errorf("DOCKET_SECURE_COOKIES: %q is not true or false", e.getenv("DOCKET_SECURE_COOKIES"))
	}
	fset.BoolVar(&cfg.SecureCookies, "secure-cookies", secure, "mark session cookies Secure; set when serving over HTTPS (DOCKET_SECURE_COOKIES)")
	fset.StringVar(&cfg.LogFormat, "log-format", envOr(e, "DOCKET_LOG_FORMAT", "text"), "log `format`: text or json (DOCKET_LOG_FORMAT)")
	level := fset.String("log-level", envOr(e, "DOCKET_LOG_LEVEL", "info"), "log `level`: debug, info, warn or error (DOCKET_LOG_LEVEL)")
	ops, err := addOpsFlags(fset, e)
	if err != nil {
		return cfg, err
	}
	if err := fset.Parse(args); err != nil {
		return cfg, err
	}
	if fset.NArg() > 0 {
		return cfg, fmt.Errorf("serve: unexpected argument %q", fset.Arg(0))
	}
	if err := ops.apply(&cfg); err != nil {
		return cfg, err
	}
	cfg.DBPath = *db
	if err := cfg.LogLevel.UnmarshalText([]byte(*level)); err != nil {
		return cfg, fmt.Errorf("--log-level: %q is not debug, info, warn or error", *level)
	}
	if cfg.LogFormat != "text" && cfg.LogFormat != "json" {
		return cfg, fmt.Errorf("--log-format: %q is not text or json", cfg.LogFormat)
	}
	return cfg, nil
}

func newLogger(w io.Writer, format string, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
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

func runServe(ctx context.Context, e env, args []string) error {
	cfg, err := parseServeConfig(e, args)
	if err != nil {
		return err
	}
	logger := newLogger(e.stderr, cfg.LogFormat, cfg.LogLevel)
	lock, err := lockDatabase(cfg.DBPath)
	if err != nil {
		return err
	}
	defer lock.Unlock()
	db, err := openDB(ctx, cfg.DBPath, logger)
	if err != nil {
		return err
	}
	defer db.Close()

	h, err := handlers.New(handlers.Config{
		DB:                 db,
		Sessions:           handlers.NewSessions(db, cfg.SecureCookies),
		Logger:             logger,
		Assets:             assets(),
		RegistrationClosed: cfg.RegistrationClosed,
	})
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h.Routes(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	logger.Info("docket listening", "url", "http://"+ln.Addr().String(), "db", cfg.DBPath, "version", version)
	if e.ready != nil {
		e.ready(ln.Addr().String())
	}

	go sweepExpired(ctx, db, logger)
	if cfg.Backups.every > 0 {
		go backupLoop(ctx, db, cfg.Backups, logger)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	logger.Info("stopped")
	return nil
}

// sweepExpired deletes expired sessions and stale log-in counts hourly.
func sweepExpired(ctx context.Context, db *models.DB, logger *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if err := models.DeleteExpired(ctx, db.Write, time.Now()); err != nil && ctx.Err() == nil {
			logger.Warn("delete expired sessions", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func runVersion(ctx context.Context, e env, args []string) error {
	fset := flagSet(e, "version", "version")
	if err := fset.Parse(args); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "docket", version)
	return nil
}
