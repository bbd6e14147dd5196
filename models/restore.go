package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// RestoreResult says what Restore did.
type RestoreResult struct {
	// Previous is where the replaced database now is; "" if there was none.
	Previous string
	// Applied names the migrations that brought the backup up to date.
	Applied []string
}

// walFiles are the files SQLite keeps beside a database in WAL mode. They
// belong to that file: left beside another, the -wal would be replayed
// into it.
var walFiles = []string{"-wal", "-shm"}

// Restore replaces the database at dbPath with the backup at src. It takes
// the database's lock, so it refuses while a server uses the database. The
// backup is copied first and the copy checked (integrity, a Docket schema
// no newer than migrations) and migrated forward; only then is the current
// database, with its -wal and -shm, moved to dbPath.before-restore and the
// copy renamed into place. src itself is never changed.
func Restore(ctx context.Context, dbPath, src string, migrations fs.FS) (RestoreResult, error) {
	var res RestoreResult
	if IsPostgres(dbPath) {
		return res, errRestorePostgres(dbPath, src)
	}
	dir := filepath.Dir(dbPath)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return res, fmt.Errorf("models: restore: %w", err)
	}
	lock, err := LockDB(dbPath)
	if err != nil {
		return res, err
	}
	defer lock.Unlock()

	previous := dbPath + ".before-restore"
	if _, err := os.Stat(previous); err == nil {
		return res, fmt.Errorf("models: restore: %s exists from an earlier restore; move it away first", previous)
	}
	// A -wal beside the source may hold its latest writes, which a copy
	// of the main file alone would silently lose.
	if fi, err := os.Stat(src + "-wal"); err == nil && fi.Size() > 0 {
		return res, fmt.Errorf("models: restore: %s has a write-ahead log (%s-wal) beside it; restore a file made by docket backup", src, src)
	}
	tmp, err := copyToPending(src, dbPath)
	if err != nil {
		return res, fmt.Errorf("models: restore: %w", err)
	}
	defer func() {
		tmp.cleanup()
		removeDB(tmp.Name()) // a failed migration may leave a -wal and -shm
	}()
	if res.Applied, err = prepareRestore(ctx, tmp.Name(), migrations); err != nil {
		return res, fmt.Errorf("models: restore %s: %w", src, err)
	}

	if _, err := os.Stat(dbPath); err == nil {
		if err := moveDB(dbPath, previous); err != nil {
			return res, fmt.Errorf("models: restore: keep current database: %w", err)
		}
		res.Previous = previous
	}
	if err := tmp.commit(); err != nil {
		if !tmp.committed && res.Previous != "" {
			if uerr := moveDB(previous, dbPath); uerr != nil {
				err = errors.Join(err, fmt.Errorf("put back %s: %w", previous, uerr))
			}
			return RestoreResult{}, fmt.Errorf("models: restore: %w", err)
		}
		return res, fmt.Errorf("models: restore: %w", err)
	}
	return res, nil
}

// errRestorePostgres says how to load a backup into PostgreSQL, which
// restore cannot: it replaces a file, and a PostgreSQL database is not
// one that the server can be pointed away from and back.
func errRestorePostgres(dsn, src string) error {
	return fmt.Errorf(`models: restore: --db is the PostgreSQL database %s; restore only replaces a SQLite file.
Load the backup into a new, empty PostgreSQL database instead, then point --db at it:
  createdb docket_restored
  docket copy --from %s --to postgres://USER:PASSWORD@HOST/docket_restored
or, for a dump made by PostgreSQL's own tools (pg_dump --format=custom --file docket.dump URL):
  pg_restore --clean --if-exists --no-owner --dbname URL docket.dump`, Describe(dsn), src)
}

// prepareRestore checks the copy at path and migrates it forward, leaving
// it closed with no -wal beside it.
func prepareRestore(ctx context.Context, path string, migrations fs.FS) ([]string, error) {
	if err := checkDocketFile(ctx, path); err != nil {
		return nil, err
	}
	db, err := Open(ctx, path)
	if err != nil {
		return nil, err
	}
	applied, err := Migrate(ctx, db, migrations)
	if err != nil {
		db.Close()
		return nil, err
	}
	// Closing the last connection checkpoints the WAL into the file.
	if err := db.Close(); err != nil {
		return nil, err
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		return nil, errors.New("the copy's write-ahead log was not checkpointed")
	}
	return applied, nil
}

// checkDocketFile refuses a file that is damaged or is not a Docket database.
func checkDocketFile(ctx context.Context, path string) error {
	conn, err := sql.Open("sqlite", fileURI(path))
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := integrityCheck(ctx, conn); err != nil {
		return err
	}
	var n int
	err = conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'bun_migrations'").Scan(&n)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if n == 0 {
		return errors.New("not a Docket database (it has no migrations table)")
	}
	return nil
}

// copyToPending copies src into a new pending file that is to replace
// dbPath. The copy is synced when it is committed.
func copyToPending(src, dbPath string) (*pendingFile, error) {
	in, err := os.Open(src)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	p, err := createPending(dbPath)
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(p, in); err != nil {
		p.cleanup()
		return nil, err
	}
	return p, nil
}

// moveDB renames a database together with its -wal and -shm, which keeps
// every committed write: SQLite replays the -wal when it next opens the file.
func moveDB(from, to string) error {
	for _, suffix := range walFiles {
		if err := os.Rename(from+suffix, to+suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return os.Rename(from, to)
}

// removeDB deletes a database file and its -wal and -shm, if present.
func removeDB(path string) {
	for _, suffix := range append([]string{""}, walFiles...) {
		os.Remove(path + suffix)
	}
}
