package models

import (
	"context"
	"database/sql/driver"
	"time"
)

// timeColumns are the columns read as times. A value in one of them that
// is not a time in the years 1900 to 9999 (written by an older version or
// by hand) is read as NULL, so one bad row shows without its time instead
// of failing every page that lists it.
var timeColumns = map[string]bool{"created_at": true, "updated_at": true, "completed_at": true}

// storedTimeLayouts are the ways a time may be stored as text.
var storedTimeLayouts = []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", "2006-01-02"}

// lenientConnector hands out connections whose rows pass through
// saneTime; the driver's other behaviour is unchanged.
type lenientConnector struct {
	driver.Connector
}

func (c lenientConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return lenientConn{conn.(fullConn)}, nil
}

// fullConn is what modernc.org/sqlite's connections implement.
type fullConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

type lenientConn struct{ fullConn }

func (c lenientConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := c.fullConn.QueryContext(ctx, query, args)
	if err != nil {
		return nil, err
	}
	return newLenientRows(rows), nil
}

func (c lenientConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	s, err := c.fullConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return lenientStmt{s.(fullStmt)}, nil
}

func (c lenientConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

type fullStmt interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

type lenientStmt struct{ fullStmt }

func (s lenientStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := s.fullStmt.QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	return newLenientRows(rows), nil
}

type lenientRows struct {
	driver.Rows
	times []int // indexes of the time columns
}

func newLenientRows(rows driver.Rows) driver.Rows {
	r := &lenientRows{Rows: rows}
	for i, name := range rows.Columns() {
		if timeColumns[name] {
			r.times = append(r.times, i)
		}
	}
	if len(r.times) == 0 {
		return rows
	}
	return r
}

func (r *lenientRows) Next(dest []driver.Value) error {
	if err := r.Rows.Next(dest); err != nil {
		return err
	}
	for _, i := range r.times {
		if dest[i] != nil && !saneTime(dest[i]) {
			dest[i] = nil
		}
	}
	return nil
}

// saneTime reports whether v is a time, or the text of one, that
// ValidateTime accepts.
func saneTime(v driver.Value) bool {
	switch v := v.(type) {
	case time.Time:
		return ValidateTime(v) == nil
	case []byte:
		return saneTime(string(v))
	case string:
		for _, layout := range storedTimeLayouts {
			if t, err := time.Parse(layout, v); err == nil {
				return ValidateTime(t) == nil
			}
		}
	}
	return false
}
