package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"docket/handlers"
	"docket/models"
)

// config is the server's configuration: flag, else DOCKET_* variable, else default.
type config struct {
	Addr   string
	DBPath string
	// PublicURL is where users reach Docket; other hosts are refused.
	PublicURL     *url.URL
	SecureCookies bool
	LogFormat     string
	LogLevel      slog.Level
	// RegistrationClosed refuses sign-ups; admins create users with docket user.
	RegistrationClosed bool
	Backups            backupSchedule
	// MaxTasksPerUser caps each list; 0 means no limit.
	MaxTasksPerUser int
}

// writeTimeout is how long the server gives a response to be written;
// an import stops well before it, so the client always hears the outcome.
const (
	writeTimeout  = 30 * time.Second
	importTimeout = writeTimeout - 5*time.Second
)

// defaultMaxTasksPerUser leaves room above the million tasks the
// benchmarks load into one list.
const defaultMaxTasksPerUser = 2_000_000

// maxTasksFlag defines --max-tasks-per-user, read from the environment too.
func maxTasksFlag(fset *flag.FlagSet, e env) (*int, error) {
	def, err := strconv.Atoi(envOr(e, "DOCKET_MAX_TASKS_PER_USER", strconv.Itoa(defaultMaxTasksPerUser)))
	if err != nil || def < 0 {
		return nil, fmt.Errorf("DOCKET_MAX_TASKS_PER_USER: %q is not a whole number", e.getenv("DOCKET_MAX_TASKS_PER_USER"))
	}
	return fset.Int("max-tasks-per-user", def, "most tasks one user's list may hold, imports included; 0 for no limit (DOCKET_MAX_TASKS_PER_USER)"), nil
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
	publicURL := fset.String("public-url", e.getenv("DOCKET_PUBLIC_URL"), "`URL` users reach Docket at, e.g. https://docket.example.com; other host names are refused, and https implies --secure-cookies (DOCKET_PUBLIC_URL)")
	fset.StringVar(&cfg.LogFormat, "log-format", envOr(e, "DOCKET_LOG_FORMAT", "text"), "log `format`: text or json (DOCKET_LOG_FORMAT)")
	level := fset.String("log-level", envOr(e, "DOCKET_LOG_LEVEL", "info"), "log `level`: debug, info, warn or error (DOCKET_LOG_LEVEL)")
	ops, err := addOpsFlags(fset, e)
	if err != nil {
		return cfg, err
	}
	maxTasks, err := maxTasksFlag(fset, e)
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
	if *publicURL != "" {
		if cfg.PublicURL, err = parsePublicURL(*publicURL); err != nil {
			return cfg, err
		}
		cfg.SecureCookies = cfg.SecureCookies || cfg.PublicURL.Scheme == "https"
	}
	if cfg.MaxTasksPerUser = *maxTasks; cfg.MaxTasksPerUser < 0 {
		return cfg, fmt.Errorf("--max-tasks-per-user: %d is negative", *maxTasks)
	}
	if err := cfg.LogLevel.UnmarshalText([]byte(*level)); err != nil {
		return cfg, fmt.Errorf("--log-level: %q is not debug, info, warn or error", *level)
	}
	if cfg.LogFormat != "text" && cfg.LogFormat != "json" {
		return cfg, fmt.Errorf("--log-format: %q is not text or json", cfg.LogFormat)
	}
	return cfg, nil
}

// parsePublicURL checks a --public-url: a scheme and a host, nothing more.
func parsePublicURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("--public-url: %q is not like https://docket.example.com (a scheme and a host, no path)", s)
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

// isLoopback reports whether a listener's address is reachable only from
// this machine.
func isLoopback(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

func newLogger(w io.Writer, format string, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
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

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	h, err := handlers.New(handlers.Config{
		DB:                 db,
		Sessions:           handlers.NewSessions(db, cfg.SecureCookies),
		Logger:             logger,
		Assets:             assets(),
		RegistrationClosed: cfg.RegistrationClosed,
		PublicURL:          cfg.PublicURL,
		LoopbackOnly:       isLoopback(ln.Addr()),
		MaxTasksPerUser:    cfg.MaxTasksPerUser,
		ImportTimeout:      importTimeout,
	})
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h.Routes(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
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

// sweepExpired deletes expired sessions, stale log-in counts and the rows
// of imports a crash abandoned, hourly.
func sweepExpired(ctx context.Context, db *models.DB, logger *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if err := models.DeleteExpired(ctx, db.Write, time.Now()); err != nil && ctx.Err() == nil {
			logger.Warn("delete expired sessions", "error", err)
		}
		if err := models.SweepImports(ctx, db.Write, time.Now()); err != nil && ctx.Err() == nil {
			logger.Warn("sweep abandoned imports", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
