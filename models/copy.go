package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"sort"
	"strings"
	"time"
)

// Errors a copy refuses with before it writes anything.
var (
	// ErrNotEmpty means the destination already holds users.
	ErrNotEmpty = errors.New("the destination is not empty")
	// ErrSameDatabase means the source and the destination are one database.
	ErrSameDatabase = errors.New("the source and the destination are the same database")
	// ErrImportPublishing means an import in the source was half published
	// when the copy began.
	ErrImportPublishing = errors.New("an import is being published in the source")
)

// CopyProgress is how far a copy has gone through one table.
type CopyProgress struct {
	// Step is "copying", or "checking" while the destination is read back.
	Step  string
	Table string
	Done  int
	Total int
}

// String is the progress as a line: "copying tasks 40 000 / 100 000".
func (p CopyProgress) String() string {
	return fmt.Sprintf("%s %s %s / %s", p.Step, p.Table, groupDigits(p.Done), groupDigits(p.Total))
}

// CopiedTable is what a copy carried of one table.
type CopiedTable struct {
	Name string
	Rows int
	// Checksum is the SHA-256, in hex, of the table's rows in key order,
	// computed alike from the source and from the destination.
	Checksum string
}

// String is the table's row count in words: "1 user", "100 000 tasks",
// "3 task labels".
func (t CopiedTable) String() string { return countOf(t.Rows, strings.ReplaceAll(t.Name, "_", " ")) }

// CopyReport says what a copy carried; every table in it was read back
// from the destination and matched the source.
type CopyReport struct {
	Tables []CopiedTable
	// LeftBehind says what was not copied, a phrase per table.
	LeftBehind []string
}

// Copy copies every user, with their lists, labels and tasks, from the
// database from names to the one to names (each a SQLite file or a
// PostgreSQL URL; see Open), keeping their ids. It reads the source in one snapshot on a connection
// that cannot write, so the source may stay in service and is never
// changed. It refuses a destination that holds any user, migrates it, and
// writes it a batch per transaction; at the end it reads the destination
// back and compares each table's row count and checksum with the source's.
// A destination SQLite file that does not exist is written under a
// temporary name and appears only once the copy has been checked; any
// other destination that a copy fails on is emptied again. Sessions, log-in
// throttling and imports in progress are not copied (see leftBehind).
// progress, if set, is called after every batch.
func Copy(ctx context.Context, from, to string, migrations fs.FS, progress func(CopyProgress)) (CopyReport, error) {
	if same, err := sameDatabase(from, to); err != nil {
		return CopyReport{}, err
	} else if same {
		return CopyReport{}, fmt.Errorf("models: copy: %w", ErrSameDatabase)
	}
	src, engine, err := openSource(ctx, from)
	if err != nil {
		return CopyReport{}, err
	}
	defer src.Close()
	c, err := startCopy(ctx, src, engine, migrations, progress)
	if err != nil {
		return CopyReport{}, fmt.Errorf("models: copy from %s: %w", Describe(from), err)
	}
	defer c.snap.Rollback() // it only read
	var rep CopyReport
	switch _, serr := os.Stat(to); {
	case IsPostgres(to):
		rep, err = fillOpened(ctx, to, c.fillInPlace)
	case serr == nil:
		rep, err = c.fillExistingFile(ctx, to)
	default:
		rep, err = c.fillNewFile(ctx, to)
	}
	if err != nil {
		return CopyReport{}, fmt.Errorf("models: copy to %s: %w", Describe(to), err)
	}
	return rep, nil
}

// copier is one copy under way: the source's snapshot and what was read
// of it.
type copier struct {
	snap       *sql.Tx
	migrations fs.FS
	progress   func(CopyProgress)
	totals     []int // rows per table of copiedTables in the snapshot
	wrote      bool  // whether any row reached the destination
}

// startCopy begins the snapshot of src and checks that it can be copied:
// a Docket database with exactly this binary's migrations and no import
// half published.
func startCopy(ctx context.Context, src *sql.DB, engine Engine, migrations fs.FS, progress func(CopyProgress)) (*copier, error) {
	snap, err := beginSnapshot(ctx, src, engine)
	if err != nil {
		return nil, err
	}
	c := &copier{snap: snap, migrations: migrations, progress: progress}
	if err := c.check(ctx, engine); err != nil {
		snap.Rollback()
		return nil, err
	}
	return c, nil
}

func (c *copier) check(ctx context.Context, engine Engine) error {
	if ok, err := tableExists(ctx, c.snap, engine, "bun_migrations"); err != nil {
		return err
	} else if !ok {
		return errors.New("not a Docket database (it has no migrations table)")
	}
	if err := sameMigrations(ctx, c.snap, engine, c.migrations); err != nil {
		return err
	}
	// A publishing import is finished by the next start of the server on
	// the source, or by the running server within the hour; half of it
	// copied would be half an import.
	var publishing int
	if err := scanOneValue(ctx, c.snap, &publishing, "SELECT count(*) FROM imports WHERE publishing = 1"); err != nil {
		return fmt.Errorf("look for imports in progress: %w", err)
	}
	if publishing > 0 {
		return fmt.Errorf("%w: the server finishes it when it next starts on the source (docket serve), or "+
			"within the hour if it is running; copy again once it has", ErrImportPublishing)
	}
	for _, t := range copiedTables {
		var n int
		if err := scanOneValue(ctx, c.snap, &n, "SELECT count(*) FROM "+t.name); err != nil {
			return fmt.Errorf("count %s: %w", t.name, err)
		}
		c.totals = append(c.totals, n)
	}
	return nil
}

// sameMigrations refuses a source whose applied migrations are not
// exactly this binary's, without writing to it: the copy reads the
// columns of this version's schema.
func sameMigrations(ctx context.Context, q querier, engine Engine, migrations fs.FS) error {
	ms, err := discoverMigrations(migrations, engine)
	if err != nil {
		return err
	}
	known := migrationNames(ms.Sorted())
	rows, err := q.QueryContext(ctx, "SELECT name FROM bun_migrations")
	if err != nil {
		return fmt.Errorf("read applied migrations: %w", err)
	}
	defer rows.Close()
	var applied []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return fmt.Errorf("read applied migrations: %w", err)
		}
		applied = append(applied, name)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read applied migrations: %w", err)
	}
	if unknown := missingFrom(applied, known); len(unknown) > 0 {
		return fmt.Errorf("%w (unknown migrations %s); copy it with a newer docket binary",
			ErrNewerSchema, strings.Join(unknown, ", "))
	}
	if pending := missingFrom(known, applied); len(pending) > 0 {
		return fmt.Errorf("it lacks migrations %s; bring it up to date with docket migrate up, then copy",
			strings.Join(pending, ", "))
	}
	return nil
}

// missingFrom returns the names in want that have is missing, sorted.
func missingFrom(want, have []string) []string {
	var out []string
	for _, n := range want {
		if !slices.Contains(have, n) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// fill copies into dst, which must hold no user: it migrates dst, copies
// each table and checks it.
func (c *copier) fill(ctx context.Context, dst *DB) (CopyReport, error) {
	if err := refuseNonEmpty(ctx, dst); err != nil {
		return CopyReport{}, err
	}
	if _, err := Migrate(ctx, dst, c.migrations); err != nil {
		return CopyReport{}, err
	}
	digests := make([]*tableDigest, len(copiedTables))
	for i, t := range copiedTables {
		var err error
		if digests[i], err = c.copyTable(ctx, dst, t, c.totals[i]); err != nil {
			return CopyReport{}, err
		}
	}
	if err := advanceSequences(ctx, dst); err != nil {
		return CopyReport{}, err
	}
	return c.verify(ctx, dst, digests)
}

// refuseNonEmpty returns ErrNotEmpty if dst has a user, before anything
// is written to it.
func refuseNonEmpty(ctx context.Context, dst *DB) error {
	q := dst.Read.DB.DB
	if ok, err := tableExists(ctx, q, dst.Engine, "users"); err != nil || !ok {
		return err
	}
	var n int
	if err := scanOneValue(ctx, q, &n, "SELECT count(*) FROM users"); err != nil {
		return fmt.Errorf("count users: %w", err)
	}
	if n > 0 {
		return fmt.Errorf("%w: it holds %s; copy into a new database, or an empty one", ErrNotEmpty, CopiedTable{Name: "users", Rows: n})
	}
	return nil
}

// copyTable copies t from the snapshot to dst a batch at a time and
// returns the digest of the rows it read.
func (c *copier) copyTable(ctx context.Context, dst *DB, t copyTable, total int) (*tableDigest, error) {
	d := newTableDigest()
	err := eachBatch(ctx, c.snap, t, func(rows []row) error {
		if err := writeBatch(ctx, dst, t, rows); err != nil {
			return err
		}
		c.wrote = true
		d.add(rows...)
		c.report("copying", t, d.rows, total)
		return nil
	})
	if err == nil && d.rows == 0 {
		c.report("copying", t, 0, total)
	}
	return d, err
}

func (c *copier) report(step string, t copyTable, done, total int) {
	if c.progress != nil {
		c.progress(CopyProgress{Step: step, Table: t.name, Done: done, Total: total})
	}
}

// verify reads every copied table back from dst and compares it with the
// digest of what was read from the source.
func (c *copier) verify(ctx context.Context, dst *DB, want []*tableDigest) (CopyReport, error) {
	var rep CopyReport
	for i, t := range copiedTables {
		got, err := digestTable(ctx, dst.Read.DB.DB, t, func(done int) { c.report("checking", t, done, want[i].rows) })
		if err != nil {
			return CopyReport{}, fmt.Errorf("check the copy: %w", err)
		}
		if got.rows != want[i].rows || got.sum() != want[i].sum() {
			return CopyReport{}, fmt.Errorf("the copy does not match the source: %s has %d rows (checksum %.12s), the source %d (%.12s)",
				t.name, got.rows, got.sum(), want[i].rows, want[i].sum())
		}
		rep.Tables = append(rep.Tables, CopiedTable{Name: t.name, Rows: got.rows, Checksum: got.sum()})
	}
	for _, lb := range leftBehind {
		rep.LeftBehind = append(rep.LeftBehind, lb.what)
	}
	return rep, nil
}

// digestTable reads every row of t in key order and returns their
// digest; progress, if set, hears after each batch.
func digestTable(ctx context.Context, q querier, t copyTable, progress func(done int)) (*tableDigest, error) {
	d := newTableDigest()
	err := eachBatch(ctx, q, t, func(rows []row) error {
		d.add(rows...)
		if progress != nil {
			progress(d.rows)
		}
		return nil
	})
	return d, err
}

// undoTimeout bounds emptying a destination after a failed copy.
const undoTimeout = 5 * time.Minute
