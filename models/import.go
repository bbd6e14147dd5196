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
// Sub is a subtask's position among its JSON task's subtasks, from 1; 0
// means the task itself.
type RowProblem struct {
	Row     int
	Sub     int
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

// Where says where a problem is, as "row 3, due", "task 2, title" or
// "task 2, subtask 1, labels".
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
	}
	where := fmt.Sprintf("%s %d", unit, p.Row)
	if p.Sub > 0 {
		where += fmt.Sprintf(", subtask %d", p.Sub)
	}
	if p.Field != "" {
		where += ", " + p.Field
	}
	return where
}

func (e *ImportError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = e.Where(p) + ": " + p.Message
	}
	return "nothing was imported: " + strings.Join(lines, "; ")
}

// importRow is one task of an import file, checked: its fields, where it
// goes and its labels. Seq numbers the file's tasks from 1 in the order
// they are stored, each parent before its subtasks.
type importRow struct {
	Task
	Seq       int
	ParentSeq int    // the parent's Seq; 0 for a top-level task
	Position  int    // among its parent's subtasks, from 1
	ListKey   string // the name key of its list (its parent's, for a subtask)
	Labels    []string
	// HasSubtasks is set on a JSON task with subtasks; a CSV row learns
	// it only from the rows after it (see importPlan.isParent).
	HasSubtasks bool
}

// scanImport reads the file row by row, checks each and passes the valid
// ones to each; it returns the number of tasks and what the file asks of
// the account besides, or an *ImportError listing every problem (up to
// maxReported). maxRows > 0 stops reading there.
func scanImport(r io.Reader, format string, userID int64, now time.Time, maxRows int, each func(importRow) error) (int, *importPlan, error) {
	rows, err := newRowReader(r, format)
	if err != nil {
		return 0, nil, err
	}
	s := newImportScan(format, userID, now)
	for {
		e, row, problems, err := rows.next()
		if fp, ok := errors.AsType[fileProblems](err); ok {
			s.ie.Problems = append(s.ie.Problems, fp...)
			return 0, nil, s.ie
		} else if err == io.EOF {
			break
		} else if err != nil {
			return 0, nil, fmt.Errorf("models: read import: %w", err)
		}
		s.report(row, 0, problems)
		for _, ir := range s.record(e, row) {
			if maxRows > 0 && ir.Seq > maxRows {
				s.ie.Problems = append(s.ie.Problems, RowProblem{Message: fmt.Sprintf(
					"The file holds more than %s tasks, the most one import takes; split it into smaller files.", groupDigits(maxRows))})
				return 0, nil, s.ie
			}
			if len(s.ie.Problems) == 0 {
				if err := each(ir); err != nil {
					return 0, nil, err
				}
			}
		}
	}
	plan := s.finish(rows.declared())
	if s.seq == 0 && len(s.ie.Problems) == 0 {
		s.ie.Problems = []RowProblem{{Message: "The file holds no tasks."}}
	}
	if len(s.ie.Problems) > 0 {
		return 0, nil, s.ie
	}
	return s.seq, plan, nil
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

// countOf writes n things in words: "1 list", "100 000 lists".
func countOf(n int, things string) string {
	if n == 1 {
		return "1 " + strings.TrimSuffix(things, "s")
	}
	return groupDigits(n) + " " + things
}

// task checks one row's own fields and converts them, reporting every
// field at fault.
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
