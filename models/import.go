package models

import (
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

// scanImport reads the file row by row, checks each and passes the valid
// ones to each; it returns the number of rows, or an *ImportError listing
// every problem (up to maxReported). maxRows > 0 stops reading there.
func scanImport(r io.Reader, format string, userID int64, now time.Time, maxRows int, each func(Task) error) (int, error) {
	rows, err := newRowReader(r, format)
	if err != nil {
		return 0, err
	}
	ie := &ImportError{Format: format}
	report := func(row int, ps []RowProblem) {
		for _, p := range ps {
			if len(ie.Problems) < maxReported {
				p.Row = row
				ie.Problems = append(ie.Problems, p)
			}
		}
	}
	n := 0
	for {
		e, row, problems, err := rows.next()
		if fp, ok := errors.AsType[fileProblems](err); ok {
			ie.Problems = append(ie.Problems, fp...)
			return 0, ie
		} else if err == io.EOF {
			break
		} else if err != nil {
			return 0, fmt.Errorf("models: read import: %w", err)
		}
		if n++; maxRows > 0 && n > maxRows {
			ie.Problems = append(ie.Problems, RowProblem{Message: fmt.Sprintf(
				"The file holds more than %s tasks, the most one import takes; split it into smaller files.", groupDigits(maxRows))})
			return 0, ie
		}
		t, fieldProblems := e.task(userID, now)
		report(row, append(problems, fieldProblems...))
		if len(ie.Problems) == 0 {
			if err := each(t); err != nil {
				return 0, err
			}
		}
	}
	if n == 0 && len(ie.Problems) == 0 {
		ie.Problems = []RowProblem{{Message: "The file holds no tasks."}}
	}
	if len(ie.Problems) > 0 {
		return 0, ie
	}
	return n, nil
}

// groupDigits writes n with a space between groups of three digits, as
// Docket's other messages do ("100 000").
func groupDigits(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + " " + s[i:]
	}
	return s
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
		if fe, ok := errors.AsType[*FieldError](err); ok {
			bad("due", fe.Message)
		} else if err != nil {
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
			if err := ValidateTime(t); err != nil {
				bad(field, err.(*FieldError).Message)
				return def
			}
			return t.UTC()
		}
	}
	bad(field, "Enter the time as 2006-01-02T15:04:05Z (RFC 3339).")
	return def
}
