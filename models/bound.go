package models

import (
	"container/list"
	"context"
	"database/sql"
	"reflect"
	"strconv"
	"sync"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/schema"
)

// maxStatements bounds the statements a pool keeps prepared. The hot
// queries come in a few dozen shapes (filters × sorts, the first page);
// deep pages, longer searches and rare filters add more, so the least
// recently used statement makes way for a new one.
const maxStatements = 64

// Pool is one of the database's connection pools: Bun's query builder plus
// statements prepared once and reused. SQLite parses and plans a statement
// on every prepare, which for the queries requests run costs as much as
// running them (an UPDATE or INSERT also compiles its triggers), so those
// queries send their values as parameters and keep their SQL text, and with
// it the prepared statement, the same from request to request.
type Pool struct {
	*bun.DB

	mu    sync.Mutex
	stmts map[string]*list.Element // of *preparedStmt, most recently used first
	order *list.List
	hooks []bun.QueryHook
}

type preparedStmt struct {
	query string
	stmt  *sql.Stmt
}

func newPool(db *bun.DB) *Pool {
	return &Pool{DB: db, stmts: make(map[string]*list.Element), order: list.New()}
}

// AddQueryHook adds h for every query on the pool, prepared or not.
func (p *Pool) AddQueryHook(h bun.QueryHook) {
	p.DB.AddQueryHook(h)
	p.mu.Lock()
	p.hooks = append(p.hooks, h)
	p.mu.Unlock()
}

// Close closes the prepared statements and the pool.
func (p *Pool) Close() error {
	p.mu.Lock()
	for _, e := range p.stmts {
		e.Value.(*preparedStmt).stmt.Close()
	}
	clear(p.stmts)
	p.order.Init()
	p.mu.Unlock()
	return p.DB.Close()
}

// stmt returns the statement prepared for query, preparing it on first
// use. Preparing waits for a free connection, so it happens outside the
// lock; closing an evicted statement that a request is still reading is
// safe, as database/sql finalizes it once its rows are closed.
func (p *Pool) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	p.mu.Lock()
	if e, ok := p.stmts[query]; ok {
		p.order.MoveToFront(e)
		p.mu.Unlock()
		return e.Value.(*preparedStmt).stmt, nil
	}
	p.mu.Unlock()
	s, err := p.DB.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	if e, ok := p.stmts[query]; ok { // another request prepared it meanwhile
		p.mu.Unlock()
		s.Close()
		return e.Value.(*preparedStmt).stmt, nil
	}
	p.stmts[query] = p.order.PushFront(&preparedStmt{query, s})
	var evicted *preparedStmt
	if p.order.Len() > maxStatements {
		evicted = p.order.Remove(p.order.Back()).(*preparedStmt)
		delete(p.stmts, evicted.query)
	}
	p.mu.Unlock()
	if evicted != nil {
		evicted.stmt.Close()
	}
	return s, nil
}

// run runs query with args on its prepared statement and reads the rows
// with done.
func (p *Pool) run(ctx context.Context, query string, args []any, done func(*sql.Rows) error) error {
	return p.observe(ctx, query, args, func(ctx context.Context, s *sql.Stmt, _ *bun.QueryEvent) error {
		rows, err := s.QueryContext(ctx, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		return done(rows)
	})
}

// exec runs query with args on its prepared statement for its effect.
func (p *Pool) exec(ctx context.Context, query string, args []any) (res sql.Result, err error) {
	err = p.observe(ctx, query, args, func(ctx context.Context, s *sql.Stmt, event *bun.QueryEvent) error {
		res, err = s.ExecContext(ctx, args...)
		event.Result = res
		return err
	})
	return res, err
}

// observe runs fn on the statement prepared for query, telling the hooks
// as Bun would: once, after the work is done, with the error the caller
// gets.
func (p *Pool) observe(ctx context.Context, query string, args []any, fn func(context.Context, *sql.Stmt, *bun.QueryEvent) error) error {
	p.mu.Lock()
	hooks := p.hooks
	p.mu.Unlock()
	event := &bun.QueryEvent{DB: p.DB, Query: query, QueryTemplate: query, QueryArgs: args, StartTime: time.Now()}
	for _, h := range hooks {
		ctx = h.BeforeQuery(ctx, event)
	}
	s, err := p.stmt(ctx, query)
	if err == nil {
		err = fn(ctx, s, event)
	}
	event.Err = err
	for i := len(hooks) - 1; i >= 0; i-- {
		hooks[i].AfterQuery(ctx, event)
	}
	return err
}

// binds holds the values of one query built with Bun's builder, so they
// travel as statement parameters instead of inside the SQL text. Wrap each
// value with v; run the query with scanOne or scanAll.
type binds struct {
	args   []any
	inline bool // writing the values into the SQL, as Bun does, for a Tx
}

// v marks x as a bound value of the query.
func (b *binds) v(x any) schema.QueryAppender { return boundValue{b, x} }

// insert is q, an INSERT of model (a pointer to one struct), with the value
// of each column bound: every field but an autoincrement key, and NULL for
// a nullzero field that is zero, as Bun would write them.
func (b *binds) insert(q *bun.InsertQuery, model any) *bun.InsertQuery {
	v := reflect.ValueOf(model).Elem()
	for _, f := range q.Dialect().Tables().Get(v.Type()).Fields {
		if f.AutoIncrement {
			continue
		}
		var x any
		if !f.NullZero || !f.HasZeroValue(v) {
			x = f.Value(v).Interface()
		}
		q.Value(f.Name, "?", b.v(x))
	}
	return q
}

// each marks every one of xs as a bound value of b's query.
func each[T any](b *binds, xs []T) []any {
	vs := make([]any, len(xs))
	for i, x := range xs {
		vs[i] = b.v(x)
	}
	return vs
}

type boundValue struct {
	b *binds
	x any
}

// AppendQuery writes the placeholder for the value and records the value,
// in the form Bun would have written it into the SQL, so stored data looks
// the same either way.
func (v boundValue) AppendQuery(gen schema.QueryGen, b []byte) ([]byte, error) {
	if v.b.inline {
		if v.x == nil {
			return append(b, "NULL"...), nil
		}
		return gen.AppendValue(b, reflect.ValueOf(v.x)), nil
	}
	x := v.x
	switch t := x.(type) {
	case time.Time:
		x = timeText(gen, t)
	case bun.NullTime:
		x = nil
		if !t.IsZero() {
			x = timeText(gen, t.Time)
		}
	}
	v.b.args = append(v.b.args, x)
	if gen.Dialect().Name() == dialect.PG {
		return strconv.AppendInt(append(b, '$'), int64(len(v.b.args)), 10), nil
	}
	return append(b, '?'), nil
}

// timeText is t as Bun writes it into SQL, without the quotes.
func timeText(gen schema.QueryGen, t time.Time) string {
	quoted := gen.Dialect().AppendTime(nil, t)
	return string(quoted[1 : len(quoted)-1])
}

// query is a Bun query that can also run itself, with its values inlined.
type query interface {
	schema.QueryAppender
	Scan(ctx context.Context, dest ...any) error
}

// text writes q's SQL for p, collecting its bound values.
func (b *binds) text(p *Pool, q schema.QueryAppender) (string, error) {
	b.args = b.args[:0]
	text, err := q.AppendQuery(p.QueryGen(), nil)
	return string(text), err
}

// run runs q on the pool through a prepared statement with its values
// bound, and reads the rows with done.
func (b *binds) run(ctx context.Context, p *Pool, q query, done func(*sql.Rows) error) error {
	text, err := b.text(p, q)
	if err != nil {
		return err
	}
	return p.run(ctx, text, b.args, done)
}

// execQuery is a Bun query run for its effect.
type execQuery interface {
	schema.QueryAppender
	Exec(ctx context.Context, dest ...any) (sql.Result, error)
}

// exec runs q on db as q.Exec would: on a Pool through a prepared
// statement with its values bound, in a transaction through Bun.
func (b *binds) exec(ctx context.Context, db bun.IDB, q execQuery) (sql.Result, error) {
	p, ok := db.(*Pool)
	if !ok {
		b.inline = true
		return q.Exec(ctx)
	}
	text, err := b.text(p, q)
	if err != nil {
		return nil, err
	}
	return p.exec(ctx, text, b.args)
}

// scanOne runs q on db and scans its first row into dest, or returns
// sql.ErrNoRows, as q.Scan would. On a Pool the statement is prepared once;
// anywhere else (a transaction) Bun runs it with the values inlined.
func (b *binds) scanOne(ctx context.Context, db bun.IDB, q query, dest ...any) error {
	p, ok := db.(*Pool)
	if !ok {
		b.inline = true
		return q.Scan(ctx, dest...)
	}
	return b.run(ctx, p, q, func(rows *sql.Rows) error {
		if !rows.Next() {
			if err := rows.Err(); err != nil {
				return err
			}
			return sql.ErrNoRows
		}
		if err := p.ScanRow(ctx, rows, dest...); err != nil {
			return err
		}
		for rows.Next() { // SQLite reports some errors only after the first row
		}
		return rows.Err()
	})
}

// scanAll runs q on db and scans every row into dest, a pointer to a
// slice, as q.Scan would.
func (b *binds) scanAll(ctx context.Context, db bun.IDB, q query, dest any) error {
	p, ok := db.(*Pool)
	if !ok {
		b.inline = true
		return q.Scan(ctx, dest)
	}
	return b.run(ctx, p, q, func(rows *sql.Rows) error {
		return p.ScanRows(ctx, rows, dest)
	})
}
