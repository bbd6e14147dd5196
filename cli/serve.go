package cli

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"docket/handlers"
	"docket/models"
)

// writeTimeout is how long the server gives a response to be written;
// an import stops well before it, so the client always hears the outcome.
const (
	writeTimeout  = 30 * time.Second
	importTimeout = writeTimeout - 5*time.Second
)

// defaultMaxTasksPerUser leaves room above the million tasks the
// benchmarks load into one list.
const defaultMaxTasksPerUser = 2_000_000

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

func runServe(ctx context.Context, e Env, args []string) error {
	cfg, err := parseServeConfig(e, args)
	if err != nil {
		return err
	}
	logger := newLogger(e.Stderr, cfg.LogFormat, cfg.LogLevel)
	if !models.IsPostgres(cfg.DB) {
		// Instances share a PostgreSQL database; a SQLite file has one server.
		lock, err := lockDatabase(cfg.DB)
		if err != nil {
			return err
		}
		defer lock.Unlock()
	}
	db, err := openDB(ctx, e, cfg.DB, cfg.Pool, logger)
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
		Assets:             e.Assets,
		RegistrationClosed: cfg.RegistrationClosed,
		PublicURL:          cfg.PublicURL,
		LoopbackOnly:       isLoopback(ln.Addr()),
		MaxTasksPerUser:    cfg.MaxTasksPerUser,
		ImportTimeout:      importTimeout,
		Passwords:          e.Passwords,
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
	logger.Info("docket listening", "url", "http://"+ln.Addr().String(), "db", models.Describe(cfg.DB), "version", e.Version)
	if e.Ready != nil {
		e.Ready(ln.Addr().String())
	}

	go sweepExpired(ctx, db, logger)
	if cfg.Backups.every > 0 {
		go backupLoop(ctx, db, e.Migrations, cfg.Backups, logger)
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

// lockDatabase takes the lock that tells docket restore the database is in
// use, creating the database's folder first if needed.
func lockDatabase(dbPath string) (*models.Lock, error) {
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o750); err != nil {
		return nil, err
	}
	return models.LockDB(dbPath)
}

// backupLoop takes a backup every s.every into the default folder and
// keeps the newest s.keep, until ctx ends. Failures are logged and retried
// at the next interval; the server keeps serving.
func backupLoop(ctx context.Context, db *models.DB, migrations fs.FS, s backupSchedule, logger *slog.Logger) {
	t := time.NewTimer(firstBackupDelay(db.Path, s.every, time.Now()))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			scheduledBackup(ctx, db, migrations, now, s.keep, logger)
			t.Reset(s.every)
		}
	}
}

// firstBackupDelay counts from the newest backup, not from start-up, so a
// server restarted more often than every still gets its backups: one is
// due at once if there is none, or the newest is older than every.
func firstBackupDelay(dbPath string, every time.Duration, now time.Time) time.Duration {
	last, ok := models.LatestBackup(dbPath)
	if !ok {
		return 0
	}
	return max(0, every-now.Sub(last))
}

func scheduledBackup(ctx context.Context, db *models.DB, migrations fs.FS, now time.Time, keep int, logger *slog.Logger) {
	path := models.BackupPath(db.Path, now)
	size, err := models.Backup(ctx, db, path, migrations)
	if err != nil {
		if ctx.Err() == nil {
			logger.Error("scheduled backup failed", "error", err)
		}
		return
	}
	logger.Info("backed up database", "path", path, "bytes", size)
	deleted, err := models.PruneBackups(db.Path, filepath.Dir(path), keep)
	for _, p := range deleted {
		logger.Info("deleted old backup", "path", p)
	}
	if err != nil {
		logger.Error("delete old backups", "error", err)
	}
}
