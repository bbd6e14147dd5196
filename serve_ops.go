package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"docket/models"
)

// opsFlags are serve's flags for running it for others: who may sign up
// and automatic backups.
type opsFlags struct {
	registration string
	backups      backupSchedule
}

// addOpsFlags defines the flags on fset, with defaults from the environment.
func addOpsFlags(fset *flag.FlagSet, e env) (*opsFlags, error) {
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
		return nil, fmt.Errorf("DOCKET_BACKUP_KEEP: %q is not a whole number", e.getenv("DOCKET_BACKUP_KEEP"))
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

// envDuration reads a duration such as 24h from the environment; unset is 0.
func envDuration(e env, key string) (time.Duration, error) {
	v := e.getenv(key)
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%s: %q is not a duration such as 24h", key, v)
	}
	return d, nil
}

// lockDatabase takes the lock that tells docket restore the database is in
// use, creating the database's folder first if needed.
func lockDatabase(dbPath string) (*models.Lock, error) {
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o750); err != nil {
		return nil, err
	}
	return models.LockDB(dbPath)
}
