package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/jackc/pgx/v5"
)

// openSource opens the database dsn names for reading only. A SQLite
// source must exist, and is opened query_only and without the pragmas
// that would change its file (journal_mode); PostgreSQL reads run in a
// READ ONLY transaction (see beginSnapshot).
func openSource(ctx context.Context, dsn string) (*sql.DB, Engine, error) {
	if IsPostgres(dsn) {
		db, err := Open(ctx, dsn)
		if err != nil {
			return nil, "", err
		}
		return db.Read.DB.DB, Postgres, nil
	}
	if fi, err := os.Stat(dsn); err != nil || !fi.Mode().IsRegular() {
		return nil, "", fmt.Errorf("models: copy: no database file at %s", dsn)
	}
	db, err := openLenient(fileURI(dsn) + "?_pragma=query_only(1)&_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, "", fmt.Errorf("models: open %s: %w", dsn, err)
	}
	db.SetMaxOpenConns(1)
	return db, SQLite, nil
}

// sameDatabase reports whether from and to name one database: the same
// SQLite file, however spelled, or the same PostgreSQL host, port and
// database.
func sameDatabase(from, to string) (bool, error) {
	if IsPostgres(from) != IsPostgres(to) {
		return false, nil
	}
	if IsPostgres(from) {
		// A string that does not parse names no database; opening it says why.
		a, aerr := pgx.ParseConfig(from)
		b, berr := pgx.ParseConfig(to)
		if aerr != nil || berr != nil {
			return false, nil
		}
		return a.Host == b.Host && a.Port == b.Port && a.Database == b.Database, nil
	}
	a, aerr := os.Stat(from)
	b, berr := os.Stat(to)
	if aerr == nil && berr == nil {
		return os.SameFile(a, b), nil
	}
	absFrom, err := filepath.Abs(from)
	if err != nil {
		return false, err
	}
	absTo, err := filepath.Abs(to)
	return absFrom == absTo, err
}

// fillInPlace copies into the open database dst. If the copy fails after
// writing, it deletes what it wrote, so dst holds no user again, or says
// how to start over.
func (c *copier) fillInPlace(ctx context.Context, dst *DB) (CopyReport, error) {
	rep, err := c.fill(ctx, dst)
	if err == nil || !c.wrote {
		return rep, err
	}
	undo, cancel := context.WithTimeout(context.WithoutCancel(ctx), undoTimeout)
	defer cancel()
	if uerr := emptyCopied(undo, dst); uerr != nil {
		return CopyReport{}, fmt.Errorf("%w; emptying it again failed too (%v): it holds part of the copy, so drop it "+
			"(or delete the file), create it anew and copy again", err, uerr)
	}
	return CopyReport{}, fmt.Errorf("%w; what was copied has been deleted, so it holds no user again", err)
}

// emptyCopied deletes every copied row from dst, children first, in one
// transaction.
func emptyCopied(ctx context.Context, dst *DB) error {
	tx, err := dst.Write.DB.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for i := len(copiedTables) - 1; i >= 0; i-- {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+copiedTables[i].name); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// fillExistingFile copies into the SQLite file at path, which exists,
// holding its lock so no server starts on it half filled.
func (c *copier) fillExistingFile(ctx context.Context, path string) (CopyReport, error) {
	lock, err := LockDB(path)
	if err != nil {
		return CopyReport{}, err
	}
	defer lock.Unlock()
	return fillOpened(ctx, path, c.fillInPlace)
}

// fillOpened opens the database dsn names, runs fill on it and closes it.
func fillOpened(ctx context.Context, dsn string, fill func(context.Context, *DB) (CopyReport, error)) (CopyReport, error) {
	dst, err := Open(ctx, dsn)
	if err != nil {
		return CopyReport{}, err
	}
	rep, err := fill(ctx, dst)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	return rep, err
}

// fillNewFile copies into a new SQLite file at path. It writes a
// temporary file beside it, checks it (the copy's comparison, then SQLite's
// integrity check) and only then renames it into place, so path never
// holds part of a copy.
func (c *copier) fillNewFile(ctx context.Context, path string) (CopyReport, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return CopyReport{}, err
	}
	tmp, err := createPending(path)
	if err != nil {
		return CopyReport{}, err
	}
	defer func() {
		tmp.cleanup()
		removeDB(tmp.Name())
	}()
	rep, err := c.fillFile(ctx, tmp.Name())
	if err == nil {
		if _, serr := os.Stat(path); serr == nil {
			err = errors.New("the file appeared while the copy ran; it was left alone")
		}
	}
	if err == nil {
		err = tmp.commit()
	}
	if err != nil {
		return CopyReport{}, err
	}
	return rep, nil
}

// fillFile copies into the empty SQLite file at path and leaves it
// closed, self-contained and checked.
func (c *copier) fillFile(ctx context.Context, path string) (CopyReport, error) {
	rep, err := fillOpened(ctx, path, c.fill)
	if err == nil {
		err = finishCopy(ctx, path)
	}
	return rep, err
}
