package models

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/uptrace/bun"
)

// ErrBadCursor means a "load more" cursor could not be read, or belongs
// to another sort order.
var ErrBadCursor = errors.New("models: bad list cursor")

// maxCursorLen bounds an encoded cursor, in bytes: a title of
// MaxTitleLen four-byte runes plus the other keys, in base64.
const maxCursorLen = 1200

// sortCol is one column of a list order. The cursor stores its value as
// text; arg reads that text back as a query argument (ok false for
// garbage), and place is where the argument goes in SQL.
type sortCol struct {
	expr  string
	desc  bool
	value func(Task) string
	arg   func(string) (any, bool)
	place string
}

// sortCols is the order f lists tasks in, ending in the id so that every
// row has a distinct position. The list indexes follow the same columns.
func sortCols(f TaskFilter) []sortCol {
	due := sortCol{expr: dueKey, value: func(t Task) string {
		if t.Due.IsZero() {
			return noDueKey
		}
		return t.Due.String()
	}, arg: func(s string) (any, bool) {
		d, err := parseStoredDate(s)
		return d, err == nil
	}, place: "?"}
	priority := sortCol{expr: "t.priority", desc: true, value: func(t Task) string {
		return strconv.Itoa(int(t.Priority))
	}, arg: func(s string) (any, bool) {
		p, err := strconv.Atoi(s)
		return p, err == nil && p >= int(PriorityNone) && p <= int(PriorityUrgent)
	}, place: "?"}
	id := sortCol{expr: "t.id", desc: true, value: func(t Task) string {
		return strconv.FormatInt(t.ID, 10)
	}, arg: func(s string) (any, bool) {
		n, err := strconv.ParseInt(s, 10, 64)
		return n, err == nil && n > 0
	}, place: "?"}
	// When the filter fixes the due day, ordering by it would only hide
	// the index order from SQLite's planner, so it is left out.
	fixedDay := f.Due == "today" || f.Due == "none"
	switch f.Sort {
	case "priority":
		if fixedDay {
			return []sortCol{priority, id}
		}
		return []sortCol{priority, due, id}
	case "created":
		return []sortCol{id}
	case "title":
		// The cursor keeps the title as written and is compared lowered
		// as lower(t.title) lowers it on both engines: ASCII letters only
		// (SQLite's lower, and PostgreSQL's under the column's "C"
		// collation). A parameter has the database's collation, which may
		// fold more, so Go lowers it instead of the database.
		title := sortCol{expr: "lower(t.title)", value: func(t Task) string { return t.Title },
			arg: func(s string) (any, bool) { return asciiLower(s), s != "" && !hasNUL(s) }, place: "?"}
		idAsc := id
		idAsc.desc = false
		return []sortCol{title, idAsc}
	default:
		if fixedDay {
			return []sortCol{priority, id}
		}
		return []sortCol{due, priority, id}
	}
}

// applySort orders q by f's sort columns.
func applySort(q *bun.SelectQuery, f TaskFilter) {
	cols := sortCols(f)
	terms := make([]string, len(cols))
	for i, c := range cols {
		terms[i] = c.expr + direction(c.desc)
	}
	q.OrderExpr(strings.Join(terms, ", "))
}

func direction(desc bool) string {
	if desc {
		return " DESC"
	}
	return " ASC"
}

// Cursor is the position of a row in a sorted list: the row's sort keys.
// Listing after it continues the list from that row, whatever was added
// or removed before it meanwhile, which an offset cannot do.
type Cursor struct {
	sort string
	keys []string
}

// cursorWire is a Cursor as encoded in URLs.
type cursorWire struct {
	Sort string   `json:"s"`
	Keys []string `json:"k"`
}

// NewCursor returns the position of t in the list f describes.
func NewCursor(f TaskFilter, t Task) Cursor {
	cols := sortCols(f)
	keys := make([]string, len(cols))
	for i, c := range cols {
		keys[i] = c.value(t)
	}
	return Cursor{sort: f.Sort, keys: keys}
}

// String encodes c compactly for a URL query value.
func (c Cursor) String() string {
	b, err := json.Marshal(cursorWire{Sort: c.sort, Keys: c.keys})
	if err != nil { // strings only: cannot fail
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// ParseCursor reads a cursor made by NewCursor for the list f describes.
// Anything else, including a cursor of another sort order, is ErrBadCursor.
func ParseCursor(s string, f TaskFilter) (Cursor, error) {
	if s == "" || len(s) > maxCursorLen {
		return Cursor{}, ErrBadCursor
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Cursor{}, ErrBadCursor
	}
	var w cursorWire
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil || dec.More() {
		return Cursor{}, ErrBadCursor
	}
	if _, err := cursorArgs(sortCols(f), w.Keys); err != nil || w.Sort != f.Sort {
		return Cursor{}, ErrBadCursor
	}
	return Cursor{sort: w.Sort, keys: w.Keys}, nil
}

// cursorArgs checks keys against cols and returns them as query arguments.
func cursorArgs(cols []sortCol, keys []string) ([]any, error) {
	if len(keys) != len(cols) {
		return nil, ErrBadCursor
	}
	args := make([]any, len(cols))
	for i, c := range cols {
		v, ok := c.arg(keys[i])
		if !ok {
			return nil, ErrBadCursor
		}
		args[i] = v
	}
	return args, nil
}

// afterCursor is the condition "comes after args in the order of cols",
// in the expanded form (a > x) OR (a = x AND b < y) OR …, which works
// for columns sorted in different directions. A leading bound on the
// first column, implied by the rest, lets the database seek in the index
// instead of walking it from the start.
func afterCursor(cols []sortCol, args []any) (string, []any) {
	var ors []string
	var vals []any
	for i, c := range cols {
		var ands []string
		for j := range i {
			ands = append(ands, cols[j].expr+" = "+cols[j].place)
			vals = append(vals, args[j])
		}
		ands = append(ands, c.expr+beyond(c.desc, false)+c.place)
		vals = append(vals, args[i])
		ors = append(ors, "("+strings.Join(ands, " AND ")+")")
	}
	cond := "(" + strings.Join(ors, " OR ") + ")"
	if len(cols) > 1 {
		cond = cols[0].expr + beyond(cols[0].desc, true) + cols[0].place + " AND " + cond
		vals = append([]any{args[0]}, vals...)
	}
	return cond, vals
}

// beyond is the comparison that holds for values after the cursor's in a
// column sorted desc (or ascending), or equal to it if orEqual.
func beyond(desc, orEqual bool) string {
	op := " > "
	if desc {
		op = " < "
	}
	if orEqual {
		op = op[:2] + "= "
	}
	return op
}

// ListTasksAfter returns the page of the user's tasks matching f that
// follows the row at c, in f's order: the "load more" of a list whose
// rows may have changed since it was shown.
func ListTasksAfter(ctx context.Context, db bun.IDB, userID int64, f TaskFilter, today Date, c Cursor) (TaskPage, error) {
	cols := sortCols(f)
	args, err := cursorArgs(cols, c.keys)
	if err != nil || c.sort != f.Sort {
		return TaskPage{}, ErrBadCursor
	}
	cond, vals := afterCursor(cols, args)
	var tasks []Task
	q, err := listQuery(ctx, db, &tasks, userID, f, today)
	if err == nil {
		err = q.Where(cond, vals...).Limit(PageSize + 1).Scan(ctx)
	}
	if err != nil {
		return TaskPage{}, fmt.Errorf("models: list tasks after cursor: %w", err)
	}
	return trimPage(tasks, PageSize), nil
}

// asciiLower lowers the ASCII letters of s and leaves every other byte.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// Due is the due date of the row c is at, in a list sorted by due date
// (the fixed views group their rows by it); zero in other orders.
func (c Cursor) Due() Date {
	if c.sort != "due" || len(c.keys) != 3 {
		return Date{}
	}
	d, _ := parseStoredDate(c.keys[0])
	return d
}
