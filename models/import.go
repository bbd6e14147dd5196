package models

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// RowProblem is one field of one imported task that breaks a rule. Row is
// the line as a spreadsheet numbers it for CSV (the header is row 1) and
// the task's position for JSON (the first is 1); 0 means the whole file.
type RowProblem struct {
	Row     int
	Field   string
	Message string
}

// ImportError lists every problem found in an import file; nothing of the
// file has been imported.
type ImportError struct {
	Format   string
	Problems []RowProblem
}

// maxReported bounds the problems collected from one file, so a file of
// the wrong kind yields a readable list rather than thousands of lines.
const maxReported = 50

// Where says where a problem is, as "row 3, due" or "task 2, title".
func (e *ImportError) Where(p RowProblem) string {
	unit := "row"
	if e.Format == FormatJSON {
		unit = "task"
	}
	switch {
	case p.Row == 0 && p.Field == "":
		return "file"
	case p.Row == 0 && e.Format == FormatCSV:
		return "column " + p.Field
	case p.Row == 0:
		return p.Field
	case p.Field == "":
		return fmt.Sprintf("%s %d", unit, p.Row)
	}
	return fmt.Sprintf("%s %d, %s", unit, p.Row, p.Field)
}

func (e *ImportError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = e.Where(p) + ": " + p.Message
	}
	return "nothing was imported: " + strings.Join(lines, "; ")
}

// ParseImport reads tasks for userID from r in format and checks every row
// with the rules the task forms use. Problems come back together as an
// *ImportError. Missing created/updated times become now.
func ParseImport(r io.Reader, format string, userID int64, now time.Time) ([]Task, error) {
	var rows []exportTask
	var fileProblems []RowProblem
	var first int // the Row number of rows[0]
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("models: read import: %w", err)
	}
	switch format {
	case FormatJSON:
		rows, fileProblems = readJSON(b)
		first = 1
	case FormatCSV:
		rows, fileProblems = readCSV(b)
		first = 2
	default:
		return nil, fmt.Errorf("models: unknown import format %q", format)
	}
	ie := &ImportError{Format: format, Problems: fileProblems}
	if len(fileProblems) == 0 && len(rows) == 0 {
		ie.Problems = []RowProblem{{Message: "The file holds no tasks."}}
	}
	tasks := make([]Task, 0, len(rows))
	for i, row := range rows {
		t, problems := row.task(userID, now)
		for _, p := range problems {
			if len(ie.Problems) < maxReported {
				p.Row = first + i
				ie.Problems = append(ie.Problems, p)
			}
		}
		tasks = append(tasks, t)
	}
	if len(ie.Problems) > 0 {
		return nil, ie
	}
	return tasks, nil
}

// task checks one row and converts it, reporting every field at fault.
func (e exportTask) task(userID int64, now time.Time) (Task, []RowProblem) {
	var problems []RowProblem
	bad := func(field, msg string) { problems = append(problems, RowProblem{Field: field, Message: msg}) }
	rule := func(err error) {
		if fe, ok := errors.AsType[*FieldError](err); ok {
			bad(fe.Field, fe.Message)
		}
	}
	t := Task{UserID: userID, Title: strings.TrimSpace(e.Title), Description: NormalizeDescription(e.Description)}
	rule(ValidateTitle(t.Title))
	rule(ValidateDescription(t.Description))
	if s := strings.TrimSpace(e.Due); s != "" {
		d, err := ParseDate(s)
		if err != nil {
			bad("due", "Enter the due date as YYYY-MM-DD.")
		}
		t.Due = d
	}
	p, ok := PriorityNone, true
	if s := strings.ToLower(strings.TrimSpace(e.Priority)); s != "" {
		p, ok = ParsePriority(s)
	}
	if !ok {
		bad("priority", "Use one of none, low, medium, high, urgent.")
	}
	t.Priority = p
	t.Status = Status(strings.ToLower(strings.TrimSpace(e.Status)))
	if t.Status == "" {
		t.Status = StatusTodo
	} else if !t.Status.Valid() {
		bad("status", "Use one of todo, doing, done.")
	}
	t.CreatedAt = parseTime(e.CreatedAt, "created_at", now, bad)
	t.UpdatedAt = parseTime(e.UpdatedAt, "updated_at", t.CreatedAt, bad)
	if e.CompletedAt != nil && strings.TrimSpace(*e.CompletedAt) != "" {
		t.CompletedAt = bun.NullTime{Time: parseTime(*e.CompletedAt, "completed_at", now, bad)}
	}
	switch {
	case t.Status == StatusDone && t.CompletedAt.IsZero():
		bad("completed_at", "A done task needs the time it was completed.")
	case t.Status.Valid() && t.Status != StatusDone && !t.CompletedAt.IsZero():
		bad("completed_at", "Only a done task has a completion time; clear it or set the status to done.")
	}
	return t, problems
}

// parseTime reads an RFC 3339 time, or "YYYY-MM-DD HH:MM:SS" in UTC as
// spreadsheets tend to rewrite it; empty is def.
func parseTime(s, field string, def time.Time, bad func(field, msg string)) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return def
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	bad(field, "Enter the time as 2006-01-02T15:04:05Z (RFC 3339).")
	return def
}

func readJSON(b []byte) ([]exportTask, []RowProblem) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields() // a misspelt field would otherwise vanish
	var doc exportDoc
	if err := dec.Decode(&doc); err != nil {
		return nil, []RowProblem{{Message: "This is not a Docket JSON export (" + err.Error() + ")."}}
	}
	if doc.Docket != exportVersion {
		return nil, []RowProblem{{Field: "docket_export", Message: fmt.Sprintf("This is not a version %d Docket JSON export.", exportVersion)}}
	}
	return doc.Tasks, nil
}

func readCSV(b []byte) ([]exportTask, []RowProblem) {
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte(utf8BOM))))
	cr.FieldsPerRecord = -1 // a short row leaves its last fields empty
	records, err := cr.ReadAll()
	if err != nil {
		return nil, []RowProblem{{Message: "The CSV could not be read (" + err.Error() + ")."}}
	}
	if len(records) == 0 {
		return nil, nil
	}
	col, problems := csvHeader(records[0])
	if len(problems) > 0 {
		return nil, problems
	}
	rows := make([]exportTask, 0, len(records)-1)
	for _, rec := range records[1:] {
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return rec[i]
			}
			return ""
		}
		row := exportTask{Title: get("title"), Description: get("description"), Due: get("due"),
			Priority: get("priority"), Status: get("status"), CreatedAt: get("created_at"), UpdatedAt: get("updated_at")}
		if c := get("completed_at"); c != "" {
			row.CompletedAt = &c
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// csvHeader maps each known column name to its index. Unknown or repeated
// columns are refused, so a misspelt one cannot silently drop data.
func csvHeader(header []string) (map[string]int, []RowProblem) {
	col := map[string]int{}
	var problems []RowProblem
	for i, name := range header {
		name = strings.ToLower(strings.TrimSpace(name))
		switch _, seen := col[name]; {
		case !isCSVColumn(name):
			problems = append(problems, RowProblem{Field: name, Message: "Unknown column; use " + strings.Join(csvColumns, ", ") + "."})
		case seen:
			problems = append(problems, RowProblem{Field: name, Message: "The column appears twice."})
		}
		col[name] = i
	}
	if _, ok := col["title"]; !ok {
		problems = append(problems, RowProblem{Field: "title", Message: "The header row needs a title column."})
	}
	return col, problems
}

func isCSVColumn(name string) bool {
	for _, c := range csvColumns {
		if c == name {
			return true
		}
	}
	return false
}

// ImportTasks stores tasks, all or none, in one transaction.
func ImportTasks(ctx context.Context, db *Pool, tasks []Task) error {
	const batch = 500 // well under SQLite's limit on bound parameters
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for start := 0; start < len(tasks); start += batch {
			chunk := tasks[start:min(start+batch, len(tasks))]
			if _, err := tx.NewInsert().Model(&chunk).Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("models: import tasks: %w", err)
	}
	return nil
}
