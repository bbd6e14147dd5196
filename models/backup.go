package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// backupStamp is the UTC time in backup names; it sorts as text.
const backupStamp = "20060102T150405Z"

// BackupDir is the folder backups go to by default: backups/ beside the database.
func BackupDir(dbPath string) string {
	return filepath.Join(filepath.Dir(dbPath), "backups")
}

// backupStem is the database's file name without its extension, which
// prefixes its backups: docket.db → docket-20261123T093000Z.db.
func backupStem(dbPath string) string {
	base := filepath.Base(dbPath)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// BackupBase is the path that backups of the database dsn names are
// named after by BackupPath: a SQLite file itself, or for PostgreSQL the
// database's name in the current folder, so they go to ./backups/.
func BackupBase(dsn string) string {
	if !IsPostgres(dsn) {
		return dsn
	}
	if cfg, err := pgx.ParseConfig(dsn); err == nil && cfg.Database != "" {
		return filepath.Base(cfg.Database)
	}
	return "docket"
}

// BackupPath is the default path of a backup of dbPath taken at t.
func BackupPath(dbPath string, t time.Time) string {
	return filepath.Join(BackupDir(dbPath), backupStem(dbPath)+"-"+t.UTC().Format(backupStamp)+".db")
}

// backupPattern matches the names BackupPath gives, and nothing else, so
// pruning never touches a file Docket did not make.
func backupPattern(dbPath string) *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.QuoteMeta(backupStem(dbPath)) + `-\d{8}T\d{6}Z\.db$`)
}

// Backup writes a consistent copy of the live database to path, a new
// SQLite file, while other connections keep reading and writing. The copy
// is made in a temporary file beside path, checked, synced and only then
// renamed into place, so path never holds half a backup. It refuses to
// overwrite an existing file and returns the size of the copy. A
// PostgreSQL database is copied by Copy's means from one snapshot into a
// file built with migrations, which any Docket can restore or copy back.
func Backup(ctx context.Context, db *DB, path string, migrations fs.FS) (int64, error) {
	if _, err := os.Stat(path); err == nil {
		return 0, fmt.Errorf("models: backup: %s already exists", path)
	}
	var err error
	if db.Engine == Postgres {
		err = backupPostgres(ctx, db, path, migrations)
	} else {
		err = backupSQLite(ctx, db, path)
	}
	if err != nil {
		return 0, fmt.Errorf("models: backup: %w", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return 0, fmt.Errorf("models: backup: %w", err)
	}
	return fi.Size(), nil
}

func backupSQLite(ctx context.Context, db *DB, path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return fmt.Errorf("create folder: %w", err)
	}
	tmp, err := createPending(path)
	if err != nil {
		return err
	}
	defer tmp.cleanup()
	if err := vacuumInto(ctx, db.Path, tmp.Name()); err != nil {
		return err
	}
	if err := finishCopy(ctx, tmp.Name()); err != nil {
		return err
	}
	return tmp.commit()
}

func backupPostgres(ctx context.Context, db *DB, path string, migrations fs.FS) error {
	c, err := startCopy(ctx, db.Read.DB.DB, Postgres, migrations, nil)
	if err != nil {
		return err
	}
	defer c.snap.Rollback() // it only read
	_, err = c.fillNewFile(ctx, path)
	return err
}

// vacuumInto copies the database at src to the empty file dst. VACUUM INTO
// reads in one transaction, so the copy is a snapshot: it holds every write
// committed before it began and none after. Under WAL that read neither
// waits for nor blocks the writer. It runs on a connection of its own
// because the read pool is query_only, which refuses VACUUM even INTO
// another file, and the write connection would hold up every edit meanwhile.
func vacuumInto(ctx context.Context, src, dst string) error {
	conn, err := sql.Open("sqlite", fileURI(src)+"?"+pragmas)
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.ExecContext(ctx, "VACUUM INTO ?", dst)
	return err
}

// finishCopy makes the database file at path self-contained (rollback
// journal, so it needs no -wal beside it) and checks its integrity.
func finishCopy(ctx context.Context, path string) error {
	conn, err := sql.Open("sqlite", fileURI(path))
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA journal_mode=DELETE"); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := integrityCheck(ctx, conn); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return conn.Close()
}

// ErrCorrupt means a database file failed SQLite's integrity check, or is
// not a database at all.
var ErrCorrupt = errors.New("models: database file is damaged")

// integrityCheck runs PRAGMA integrity_check, which answers one row "ok"
// or rows describing each problem.
func integrityCheck(ctx context.Context, conn *sql.DB) error {
	rows, err := conn.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", ErrCorrupt, strings.Join(problems, "; "))
	}
	return nil
}

// listBackups returns the names of dbPath's backups in dir, oldest first.
// Only files named as BackupPath names them are listed.
func listBackups(dbPath, dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	pattern := backupPattern(dbPath)
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && pattern.MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names) // the timestamp makes name order time order
	return names, nil
}

// LatestBackup returns when the newest backup of dbPath in BackupDir was
// taken; ok is false when there is none.
func LatestBackup(dbPath string) (t time.Time, ok bool) {
	names, err := listBackups(dbPath, BackupDir(dbPath))
	if err != nil || len(names) == 0 {
		return time.Time{}, false
	}
	newest := names[len(names)-1]
	stamp := strings.TrimSuffix(strings.TrimPrefix(newest, backupStem(dbPath)+"-"), ".db")
	t, err = time.Parse(backupStamp, stamp)
	return t, err == nil
}

// PruneBackups deletes the oldest of dbPath's backups in dir beyond the
// newest keep, and returns the paths it deleted. Only files named as
// BackupPath names them are counted or touched.
func PruneBackups(dbPath, dir string, keep int) ([]string, error) {
	names, err := listBackups(dbPath, dir)
	if err != nil {
		return nil, fmt.Errorf("models: prune backups: %w", err)
	}
	var deleted []string
	for len(names) > max(keep, 0) {
		p := filepath.Join(dir, names[0])
		if err := os.Remove(p); err != nil {
			return deleted, fmt.Errorf("models: prune backups: %w", err)
		}
		deleted = append(deleted, p)
		names = names[1:]
	}
	return deleted, nil
}
