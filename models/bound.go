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
// on every prepare, which for the queries each request runs costs as much
// as running them (an UPDATE or INSERT also compiles its triggers), so
// those queries send their values as parameters and keep their SQL text,
// and with it the prepared statement, the same from request to request.
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
// with done, telling the hooks as Bun would: once, after the rows are read,
// with the error the caller gets.
func (p *Pool) run(ctx context.Context, query string, args []any, done func(*sql.Rows) error) error {
	p.mu.Lock()
	hooks := p.hooks
	p.mu.Unlock()
	event := &bun.QueryEvent{DB: p.DB, Query: query, QueryTemplate: query, QueryArgs: args, StartTime: time.Now()}
	for _, h := range hooks {
		ctx = h.BeforeQuery(ctx, event)
	}
	err := func() error {
		s, err := p.stmt(ctx, query)
		if err != nil {
			return err
		}
		rows, err := s.QueryContext(ctx, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		return done(rows)
	}()
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

// run runs q on the pool through a prepared statement with its values
// bound, and reads the rows with done.
func (b *binds) run(ctx context.Context, p *Pool, q query, done func(*sql.Rows) error) error {
	b.args = b.args[:0]
	text, err := q.AppendQuery(p.QueryGen(), nil)
	if err != nil {
		return err
	}
	return p.run(ctx, string(text), b.args, done)
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
