// Package benchdb builds the database Docket's benchmarks share: one user
// with 100 000 tasks among ten others holding 10 000 each, so every query
// is measured at the size the performance budgets are set for, with other
// users' rows in the indexes. The user's tasks are spread over lists,
// labels and subtasks (see Organise).
package benchdb

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"docket/models"
)

// Sizes of the fixture.
const (
	MainTasks   = 100_000
	OtherUsers  = 10
	OtherTasks  = 10_000
	MainUser    = "bench"
	fixtureFile = "bench.db"
)

// Fixture is a built benchmark database.
type Fixture struct {
	// Path is the database file, or for a kept fixture the --db value.
	Path string
	// UserID, Username and Password identify the user with MainTasks tasks.
	UserID   int64
	Username string
	Password string
	// Today is the day the tasks' due dates are spread around.
	Today models.Date
	// Organisation names the main user's lists and labels.
	Organisation
}

// Build creates the fixture database in dir, applying migrations first.
func Build(ctx context.Context, dir string, migrations fs.FS) (*Fixture, error) {
	path := filepath.Join(dir, fixtureFile)
	db, err := openMigrated(ctx, path, migrations)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	f, err := seed(ctx, db, MainTasks)
	if err != nil {
		return nil, err
	}
	f.Path = path
	return f, nil
}

// Keep returns a fixture whose main user has tasks tasks, in the database
// dsn names (a SQLite file or a PostgreSQL database URL), which it keeps
// for the next run: it builds the fixture the first time, and afterwards
// only applies new migrations. A fixture that took minutes to build is then
// ready in seconds. The main user's password is known only on the run
// that builds it.
func Keep(ctx context.Context, dsn string, migrations fs.FS, tasks int) (*Fixture, error) {
	db, err := openMigrated(ctx, dsn, migrations)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	f := &Fixture{Path: dsn, Username: MainUser, Today: models.DateOf(time.Now())}
	u, err := models.GetUserByUsername(ctx, db.Read, MainUser)
	switch {
	case err == nil:
		n, err := models.TotalTasks(ctx, db.Read, u.ID)
		if err != nil {
			return nil, err
		}
		if n != tasks {
			return nil, fmt.Errorf("benchdb: %s holds %d tasks for %s, not %d: remove it to build it anew", dsn, n, MainUser, tasks)
		}
		f.UserID = u.ID
		org, err := Organised(ctx, db, u.ID)
		if errors.Is(err, models.ErrNotFound) { // kept from before lists and labels
			org, err = Organise(ctx, db, u.ID)
		}
		if err != nil {
			return nil, err
		}
		f.Organisation = *org
		return f, nil
	case errors.Is(err, models.ErrNotFound):
		if f, err = seed(ctx, db, tasks); err != nil {
			return nil, err
		}
		f.Path = dsn
		return f, nil
	default:
		return nil, err
	}
}

// openMigrated opens dsn and applies migrations.
func openMigrated(ctx context.Context, dsn string, migrations fs.FS) (*models.DB, error) {
	db, err := models.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if _, err := models.Migrate(ctx, db, migrations); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// seed adds the main user with tasks tasks and the other users with theirs.
func seed(ctx context.Context, db *models.DB, tasks int) (*Fixture, error) {
	f := &Fixture{Username: MainUser, Today: models.DateOf(time.Now())}
	u, password, err := models.EnsureUser(ctx, db, models.Passwords{}, MainUser)
	if err != nil {
		return nil, err
	}
	f.UserID, f.Password = u.ID, password
	if err := models.SeedTasks(ctx, db, u.ID, tasks, f.Today, 1, nil); err != nil {
		return nil, err
	}
	org, err := Organise(ctx, db, u.ID)
	if err != nil {
		return nil, err
	}
	f.Organisation = *org
	for i := range OtherUsers {
		other, _, err := models.EnsureUser(ctx, db, models.Passwords{}, fmt.Sprintf("other%02d", i))
		if err != nil {
			return nil, err
		}
		if err := models.SeedTasks(ctx, db, other.ID, OtherTasks, f.Today, uint64(i+2), nil); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// Cache builds the fixture at most once per process, in a temporary
// folder that Run removes; benchmarks share it through a TestMain.
type Cache struct {
	Migrations fs.FS

	once sync.Once
	dir  string
	f    *Fixture
	err  error
}

// Get returns the fixture, building it on first use.
func (c *Cache) Get() (*Fixture, error) {
	c.once.Do(func() {
		c.dir, c.err = os.MkdirTemp("", "docket-bench-")
		if c.err == nil {
			c.f, c.err = Build(context.Background(), c.dir, c.Migrations)
		}
	})
	return c.f, c.err
}

// Run runs a package's tests and benchmarks, then removes the fixture's
// folder if one was made; TestMain passes its result to os.Exit.
func (c *Cache) Run(m *testing.M) int {
	code := m.Run()
	if c.dir != "" {
		os.RemoveAll(c.dir)
	}
	return code
}
