package models

import (
	"context"
	"database/sql/driver"
	"fmt"
	"hash/crc32"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// Engine names the database software behind a DB, and the folder of its
// migrations.
type Engine string

// The engines Docket runs on.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// libpqKeys are the keywords that start a libpq key=value connection
// string ("host=db dbname=docket"); a SQLite path never starts that way
// in practice, and a path that must can be given as ./host=… instead.
var libpqKeys = []string{"host=", "hostaddr=", "port=", "dbname=", "user=", "password=", "sslmode=", "service=", "application_name="}

// IsPostgres reports whether dsn names a PostgreSQL database: a
// postgres:// or postgresql:// URL, or a libpq key=value string.
func IsPostgres(dsn string) bool {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return true
	}
	for _, k := range libpqKeys {
		if strings.HasPrefix(dsn, k) {
			return true
		}
	}
	return false
}

// PoolConfig tunes the PostgreSQL connection pool. Zero fields take the
// defaults below.
type PoolConfig struct {
	// MaxOpen caps the connections open at once; requests beyond it wait.
	MaxOpen int
	// MaxIdle caps the connections kept open while unused.
	MaxIdle int
	// MaxLifetime closes a connection this long after it was opened, so a
	// pool follows a fail-over or a load balancer's moves.
	MaxLifetime time.Duration
	// PingIdle checks a connection with a ping before it is used, when it
	// has been idle longer than this, so a connection the server or the
	// network dropped is replaced instead of failing a request.
	// PingEveryUse pings before every use.
	PingIdle time.Duration
}

// PingEveryUse is the PingIdle that checks a connection before every use.
const PingEveryUse time.Duration = -1

// Default pool settings.
const (
	DefaultMaxOpen     = 25
	DefaultMaxIdle     = 25
	DefaultMaxLifetime = 30 * time.Minute
	DefaultPingIdle    = time.Second
)

func (c PoolConfig) withDefaults() PoolConfig {
	if c.MaxOpen <= 0 {
		c.MaxOpen = DefaultMaxOpen
	}
	if c.MaxIdle <= 0 {
		c.MaxIdle = DefaultMaxIdle
	}
	c.MaxIdle = min(c.MaxIdle, c.MaxOpen)
	if c.MaxLifetime <= 0 {
		c.MaxLifetime = DefaultMaxLifetime
	}
	if c.PingIdle == 0 {
		c.PingIdle = DefaultPingIdle
	}
	return c
}

// openPostgres connects to the PostgreSQL database dsn names, through
// pgx's database/sql driver and Bun's PostgreSQL dialect.
func openPostgres(ctx context.Context, dsn string, pool PoolConfig) (*DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("models: PostgreSQL connection string: %w", err)
	}
	// Times are stored with their zone; reading them in UTC matches SQLite.
	cfg.RuntimeParams["timezone"] = "UTC"
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = "docket"
	}
	pool = pool.withDefaults()
	sqldb := stdlib.OpenDB(*cfg, stdlib.OptionShouldPing(func(_ context.Context, p stdlib.ShouldPingParams) bool {
		return pool.PingIdle < 0 || p.IdleDuration > pool.PingIdle
	}))
	sqldb.SetMaxOpenConns(pool.MaxOpen)
	sqldb.SetMaxIdleConns(pool.MaxIdle)
	sqldb.SetConnMaxLifetime(pool.MaxLifetime)
	if err := sqldb.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("models: connect to %s: %w", describe(cfg), err)
	}
	p := newPool(bun.NewDB(sqldb, pgdialect.New()))
	return &DB{Read: p, Write: p, Engine: Postgres}, nil
}

// Describe names the database dsn points at for logs and messages: the
// SQLite file, or the PostgreSQL user, server and database without the
// password.
func Describe(dsn string) string {
	if !IsPostgres(dsn) {
		return dsn
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return "an unreadable PostgreSQL connection string"
	}
	return describe(cfg)
}

func describe(cfg *pgx.ConnConfig) string {
	return fmt.Sprintf("postgres://%s@%s/%s", cfg.User, net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port))), cfg.Database)
}

// migrationLockKey is the advisory lock migrators hold on PostgreSQL.
var migrationLockKey = int64(crc32.ChecksumIEEE([]byte("docket migrations")))

// withMigrationLock runs fn while holding the migration lock, so instances
// that start together migrate one after another: the first applies the
// migrations, the others find nothing left to do. The lock belongs to one
// connection's session, so a migrator that dies releases it with its
// connection. SQLite needs none: its one writer connection and the
// one-server-per-file lock already keep migrators apart.
func withMigrationLock(ctx context.Context, db *DB, fn func() error) error {
	if db.Engine != Postgres {
		return fn()
	}
	conn, err := db.Write.DB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("models: migration lock: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(?)", migrationLockKey); err != nil {
		return fmt.Errorf("models: migration lock: %w", err)
	}
	defer func() {
		// A fresh context: the lock must go even when ctx has ended.
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(?)", migrationLockKey); err != nil {
			// Dropping the connection ends its session and so its lock.
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	return fn()
}

// lockRows is the clause that ends a SELECT whose rows must stay as read
// until its transaction ends: mode is "FOR SHARE" (others may read, not
// change them) or "FOR UPDATE". PostgreSQL runs writers side by side and
// needs it, e.g. so a log-in's session insert and a password change, or
// two servers finishing one import, wait for each other. SQLite has no
// such clause and needs none: its single writer already runs write
// transactions one after another.
func lockRows(db bun.IDB, mode string) string {
	if db.Dialect().Name() == dialect.PG {
		return " " + mode
	}
	return ""
}

// analyzeTasks refreshes PostgreSQL's statistics of the tasks table after
// a bulk load. PostgreSQL picks the list's index by them, and autovacuum
// refreshes them only a while after the load (a minute or more on a busy
// server): until then the list sorts every matching task instead of
// reading one page from its index, 154 ms instead of 0.2 ms at 100 000
// tasks. SQLite plans by its indexes alone and needs nothing.
func analyzeTasks(ctx context.Context, db *DB) error {
	if db.Engine != Postgres {
		return nil
	}
	if _, err := db.Write.ExecContext(ctx, "ANALYZE tasks"); err != nil {
		return fmt.Errorf("models: analyze tasks: %w", err)
	}
	return nil
}
