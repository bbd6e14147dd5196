package models

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	"github.com/uptrace/bun"
)

// The queries behind every request (the session, one task, a toggle or an
// edit, a new task, the header counts) are constant SQL with numbered
// parameters, which SQLite and PostgreSQL both read, and each pool prepares
// each of them once. Bun writes values into the SQL, so its text is new on
// every request and SQLite parses and plans it again, which for these
// queries costs as much as running them (an UPDATE or INSERT on tasks also
// compiles the tally triggers). Every other query goes through Bun's
// builder. BENCHMARKS.md ("Prepared hot statements") has the figures.

// taskColumns are the columns scanTask reads, in its order.
const taskColumns = "id, user_id, list_id, parent_id, position, title, description, due_date, priority, status, completed_at, created_at, updated_at, reopen_status"

const (
	sqlGetTask = `SELECT ` + taskColumns + ` FROM tasks WHERE id = $1 AND user_id = $2`

	// A task given no list ($10 NULL) goes to the user's Inbox.
	sqlCreateTask = `INSERT INTO tasks (user_id, title, description, due_date, priority, status, completed_at, created_at, updated_at, list_id, parent_id, position)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10, (SELECT id FROM lists WHERE user_id = $1 AND inbox = true)), $11, $12)
RETURNING id, list_id`

	sqlToggleTask = `UPDATE tasks SET updated_at = $1,
status = CASE WHEN status = 'done' THEN coalesce(reopen_status, 'todo') ELSE 'done' END,
reopen_status = CASE WHEN status = 'done' THEN NULL ELSE status END,
completed_at = CASE WHEN status = 'done' THEN NULL ELSE coalesce(completed_at, $1) END
WHERE id = $2 AND user_id = $3 RETURNING ` + taskColumns

	// The tallies are summed per list in their key's order, and only the
	// sums meet their lists: a user has a tally per list, due day and
	// done-ness (1 638 for the benchmarks' user), and joining each to its
	// list and grouping by the list's flag took twice as long.
	sqlCountTasks = `SELECT c.list_id, l.archived, c.open, c.overdue, c.due_today, c.done FROM (SELECT tt.list_id,
coalesce(sum(CASE WHEN tt.done = 0 THEN tt.n ELSE 0 END), 0) AS open,
coalesce(sum(CASE WHEN tt.done = 0 AND tt.due_key <> '' AND tt.due_key < $1 THEN tt.n ELSE 0 END), 0) AS overdue,
coalesce(sum(CASE WHEN tt.done = 0 AND tt.due_key = $1 THEN tt.n ELSE 0 END), 0) AS due_today,
coalesce(sum(CASE WHEN tt.done = 1 THEN tt.n ELSE 0 END), 0) AS done
FROM task_tallies AS tt WHERE tt.user_id = $2 GROUP BY tt.list_id) AS c JOIN lists AS l ON l.id = c.list_id`

	sqlFindSession = `SELECT data FROM sessions WHERE token = $1 AND expiry > $2`

	sqlUpdateSession = `UPDATE sessions SET data = $1, expiry = $2, user_id = $3 WHERE token = $4`
)

// dbTime is t as Bun writes times into SQL, so times stored by either
// compare and sort together as text.
func dbTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.999999-07:00") }

// scanTask reads a row of taskColumns into t.
// A time the driver could not read as a sane time arrives as NULL (see
// lenient.go) and reads as the zero time, as Bun's scanner reads it.
func scanTask(rows *sql.Rows, t *Task) error {
	var reopen sql.NullString
	var created, updated bun.NullTime
	var parent sql.NullInt64
	err := rows.Scan(&t.ID, &t.UserID, &t.ListID, &parent, &t.Position, &t.Title, &t.Description, &t.Due, &t.Priority, &t.Status,
		&t.CompletedAt, &created, &updated, &reopen)
	t.CreatedAt, t.UpdatedAt, t.ReopenStatus, t.ParentID = created.Time, updated.Time, Status(reopen.String), parent.Int64
	return err
}

// queryTask runs query, a statement that returns one row of taskColumns,
// and reads the row, or returns sql.ErrNoRows.
func queryTask(ctx context.Context, db bun.IDB, query string, args ...any) (*Task, error) {
	rows, err := queryRows(ctx, db, query, args...)
	if err != nil {
		return nil, err
	}
	task := new(Task)
	if err := scanOne(rows, func(r *sql.Rows) error { return scanTask(r, task) }); err != nil {
		return nil, err
	}
	return task, nil
}

// Pool is one of the database's connection pools: Bun's query builder, plus
// the statements above, each prepared on the pool once.
type Pool struct {
	*bun.DB

	mu    sync.Mutex
	stmts map[string]*sql.Stmt // by SQL text: the constants above and UpdateTask's few shapes
	hooks []bun.QueryHook
}

func newPool(db *bun.DB) *Pool { return &Pool{DB: db, stmts: make(map[string]*sql.Stmt)} }

// AddQueryHook adds h for every query on the pool, Bun's and the prepared ones.
func (p *Pool) AddQueryHook(h bun.QueryHook) {
	p.DB.AddQueryHook(h)
	p.mu.Lock()
	p.hooks = append(p.hooks, h)
	p.mu.Unlock()
}

// Close closes the prepared statements and the pool.
func (p *Pool) Close() error {
	p.mu.Lock()
	for _, s := range p.stmts {
		s.Close()
	}
	clear(p.stmts)
	p.mu.Unlock()
	return p.DB.Close()
}

// prepared returns the pool's statement for query, preparing it on first use.
func (p *Pool) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	p.mu.Lock()
	s, ok := p.stmts[query]
	p.mu.Unlock()
	if ok {
		return s, nil
	}
	// Preparing waits for a free connection, so it happens outside the lock.
	s, err := p.DB.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if first, ok := p.stmts[query]; ok { // another request prepared it meanwhile
		s.Close()
		return first, nil
	}
	p.stmts[query] = s
	return s, nil
}

// queryRows runs query with args on db and returns its rows. On a Pool it
// runs the statement prepared for query and tells the pool's query hooks; in
// a transaction (only tools and tests call these in one) it sends the same
// SQL and parameters on the transaction's connection.
func queryRows(ctx context.Context, db bun.IDB, query string, args ...any) (*sql.Rows, error) {
	switch db := db.(type) {
	case *Pool:
		var rows *sql.Rows
		err := db.observe(ctx, query, args, func(ctx context.Context, s *sql.Stmt) (err error) {
			rows, err = s.QueryContext(ctx, args...)
			return err
		})
		return rows, err
	case bun.Tx:
		return db.Tx.QueryContext(ctx, query, args...)
	}
	return nil, fmt.Errorf("models: cannot run a prepared statement on %T", db)
}

// execStmt runs query with args on db for its effect, as queryRows does.
func execStmt(ctx context.Context, db bun.IDB, query string, args ...any) (sql.Result, error) {
	switch db := db.(type) {
	case *Pool:
		var res sql.Result
		err := db.observe(ctx, query, args, func(ctx context.Context, s *sql.Stmt) (err error) {
			res, err = s.ExecContext(ctx, args...)
			return err
		})
		return res, err
	case bun.Tx:
		return db.Tx.ExecContext(ctx, query, args...)
	}
	return nil, fmt.Errorf("models: cannot run a prepared statement on %T", db)
}

// observe runs fn on the statement prepared for query between the hooks'
// BeforeQuery and AfterQuery, as Bun calls them for its own queries.
func (p *Pool) observe(ctx context.Context, query string, args []any, fn func(context.Context, *sql.Stmt) error) error {
	p.mu.Lock()
	hooks := p.hooks
	p.mu.Unlock()
	event := &bun.QueryEvent{DB: p.DB, Query: query, QueryArgs: args, StartTime: time.Now()}
	for _, h := range hooks {
		ctx = h.BeforeQuery(ctx, event)
	}
	s, err := p.prepared(ctx, query)
	if err == nil {
		err = fn(ctx, s)
	}
	event.Err = err
	for i := len(hooks) - 1; i >= 0; i-- {
		hooks[i].AfterQuery(ctx, event)
	}
	return err
}

// scanOne reads the first row of rows with scan, or returns sql.ErrNoRows,
// and closes rows.
func scanOne(rows *sql.Rows, scan func(*sql.Rows) error) error {
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := scan(rows); err != nil {
		return err
	}
	for rows.Next() { // SQLite reports some errors, such as a failed CHECK, only after the first row
	}
	return rows.Err()
}
