package cli

import (
	"docket/models"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"time"
)

// config is the server's configuration: flag, else DOCKET_* variable, else default.
type config struct {
	Addr string
	// DB is the --db value: a SQLite file or a PostgreSQL connection string.
	DB string
	// Pool tunes the PostgreSQL connection pool.
	Pool models.PoolConfig
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

// maxTasksFlag defines --max-tasks-per-user, read from the environment too.
func maxTasksFlag(fset *flag.FlagSet, e Env) (*int, error) {
	def, err := strconv.Atoi(envOr(e, "DOCKET_MAX_TASKS_PER_USER", strconv.Itoa(defaultMaxTasksPerUser)))
	if err != nil || def < 0 {
		return nil, fmt.Errorf("DOCKET_MAX_TASKS_PER_USER: %q is not a whole number", e.Getenv("DOCKET_MAX_TASKS_PER_USER"))
	}
	return fset.Int("max-tasks-per-user", def, "most tasks one user's list may hold, imports included; 0 for no limit (DOCKET_MAX_TASKS_PER_USER)"), nil
}

func parseServeConfig(e Env, args []string) (config, error) {
	fset := flagSet(e, "serve", "[serve] [flags]")
	fset.Usage = func() { // serve is the default, so its help is the program's help
		usage(e.Stderr)
		fmt.Fprintln(e.Stderr, "\nFlags of serve (each also read from the environment variable shown):")
		fset.PrintDefaults()
	}
	var cfg config
	fset.StringVar(&cfg.Addr, "addr", envOr(e, "DOCKET_ADDR", "localhost:8080"), "`host:port` to listen on (DOCKET_ADDR)")
	db := dbFlag(fset, e)
	secure, err := strconv.ParseBool(envOr(e, "DOCKET_SECURE_COOKIES", "false"))
	if err != nil {
		return cfg, fmt.Errorf("DOCKET_SECURE_COOKIES: %q is not true or false", e.Getenv("DOCKET_SECURE_COOKIES"))
	}
	fset.BoolVar(&cfg.SecureCookies, "secure-cookies", secure, "mark session cookies Secure; set when serving over HTTPS (DOCKET_SECURE_COOKIES)")
	publicURL := fset.String("public-url", e.Getenv("DOCKET_PUBLIC_URL"), "`URL` users reach Docket at, e.g. https://docket.example.com; other host names are refused, and https implies --secure-cookies (DOCKET_PUBLIC_URL)")
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
	if err := addPoolFlags(fset, e, &cfg.Pool); err != nil {
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
	cfg.DB = *db
	if models.IsPostgres(cfg.DB) && cfg.Backups.every > 0 {
		return cfg, errors.New("--backup-every: automatic backups are for a SQLite database; back up PostgreSQL with pg_dump or docket backup (see the README)")
	}
	if err := checkPool(cfg.Pool); err != nil {
		return cfg, err
	}
	if cfg.Pool.PingIdle == 0 {
		cfg.Pool.PingIdle = models.PingEveryUse
	}
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

// opsFlags are serve's flags for running it for others: who may sign up
// and automatic backups.
type opsFlags struct {
	registration string
	backups      backupSchedule
}

// addOpsFlags defines the flags on fset, with defaults from the environment.
func addOpsFlags(fset *flag.FlagSet, e Env) (*opsFlags, error) {
	o := new(opsFlags)
	fset.StringVar(&o.registration, "registration", envOr(e, "DOCKET_REGISTRATION", "open"),
		"sign-up `mode`: open lets anyone create an account, closed leaves it to docket user create (DOCKET_REGISTRATION)")
	every, err := envDuration(e, "DOCKET_BACKUP_EVERY")
	if err != nil {
		return nil, err
	}
	fset.DurationVar(&o.backups.every, "backup-every", every,
		"take a backup every `interval` (e.g. 24h) into backups/ beside the database; 0 is off (DOCKET_BACKUP_EVERY)")
	keep, err := strconv.Atoi(envOr(e, "DOCKET_BACKUP_KEEP", "7"))
	if err != nil {
		return nil, fmt.Errorf("DOCKET_BACKUP_KEEP: %q is not a whole number", e.Getenv("DOCKET_BACKUP_KEEP"))
	}
	fset.IntVar(&o.backups.keep, "backup-keep", keep,
		"keep the newest `count` automatic backups, deleting older ones (DOCKET_BACKUP_KEEP)")
	return o, nil
}

// apply checks the parsed flags and sets them in cfg.
func (o *opsFlags) apply(cfg *config) error {
	switch o.registration {
	case "open":
	case "closed":
		cfg.RegistrationClosed = true
	default:
		return fmt.Errorf("--registration: %q is not open or closed", o.registration)
	}
	if every := o.backups.every; every < 0 || (every > 0 && every < time.Minute) {
		return fmt.Errorf("--backup-every: %s is too short; use at least 1m, or 0 for off", every)
	}
	if o.backups.keep < 1 {
		return fmt.Errorf("--backup-keep: keep at least 1 backup, not %d", o.backups.keep)
	}
	cfg.Backups = o.backups
	return nil
}

// addPoolFlags defines the PostgreSQL pool's flags on fset, with defaults
// from the environment, into pool.
func addPoolFlags(fset *flag.FlagSet, e Env, pool *models.PoolConfig) error {
	for _, f := range []struct {
		dst       *int
		name, env string
		def       int
		usage     string
	}{
		{&pool.MaxOpen, "db-max-open", "DOCKET_DB_MAX_OPEN", models.DefaultMaxOpen,
			"PostgreSQL: most connections open at once; requests beyond wait for one (DOCKET_DB_MAX_OPEN)"},
		{&pool.MaxIdle, "db-max-idle", "DOCKET_DB_MAX_IDLE", models.DefaultMaxIdle,
			"PostgreSQL: most unused connections kept open (DOCKET_DB_MAX_IDLE)"},
	} {
		def, err := strconv.Atoi(envOr(e, f.env, strconv.Itoa(f.def)))
		if err != nil {
			return fmt.Errorf("%s: %q is not a whole number", f.env, e.Getenv(f.env))
		}
		fset.IntVar(f.dst, f.name, def, f.usage)
	}
	for _, f := range []struct {
		dst       *time.Duration
		name, env string
		def       time.Duration
		usage     string
	}{
		{&pool.MaxLifetime, "db-max-lifetime", "DOCKET_DB_MAX_LIFETIME", models.DefaultMaxLifetime,
			"PostgreSQL: replace a connection this long after it opened, e.g. 30m (DOCKET_DB_MAX_LIFETIME)"},
		{&pool.PingIdle, "db-ping-idle", "DOCKET_DB_PING_IDLE", models.DefaultPingIdle,
			"PostgreSQL: check a connection with a ping before use when it has been idle longer than this; 0 checks before every use (DOCKET_DB_PING_IDLE)"},
	} {
		def := f.def
		if v := e.Getenv(f.env); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil {
				return fmt.Errorf("%s: %q is not a duration such as 30m", f.env, v)
			}
			def = d
		}
		fset.DurationVar(f.dst, f.name, def, f.usage)
	}
	return nil
}

// checkPool refuses pool settings that cannot work.
func checkPool(pool models.PoolConfig) error {
	switch {
	case pool.MaxOpen < 1:
		return fmt.Errorf("--db-max-open: %d; allow at least 1 connection", pool.MaxOpen)
	case pool.MaxIdle < 1:
		return fmt.Errorf("--db-max-idle: %d; keep at least 1 connection", pool.MaxIdle)
	case pool.MaxLifetime < time.Second:
		return fmt.Errorf("--db-max-lifetime: %s is too short; use at least 1s", pool.MaxLifetime)
	case pool.PingIdle < 0:
		return fmt.Errorf("--db-ping-idle: %s is negative", pool.PingIdle)
	}
	return nil
}

// envDuration reads a duration such as 24h from the environment; unset is 0.
func envDuration(e Env, key string) (time.Duration, error) {
	v := e.Getenv(key)
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%s: %q is not a duration such as 24h", key, v)
	}
	return d, nil
}

// backupSchedule is serve's automatic backups: off when every is 0.
type backupSchedule struct {
	every time.Duration
	keep  int
}
