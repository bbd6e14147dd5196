package models

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// The export formats.
const (
	FormatJSON = "json"
	FormatCSV  = "csv"
)

// exportVersion is the version of the JSON export layout, so a later
// Docket can read files written by this one.
const exportVersion = 1

// timeLayout writes times in exports: UTC, to the nanosecond, so an import
// gives back exactly what was exported.
const timeLayout = time.RFC3339Nano

// csvColumns are the CSV header, in order.
var csvColumns = []string{"title", "description", "due", "priority", "status", "completed_at", "created_at", "updated_at"}

// utf8BOM leads the CSV so spreadsheets read it as UTF-8, not Latin-1.
const utf8BOM = "\uFEFF"

// exportDoc is the JSON export: a small header, then the tasks.
type exportDoc struct {
	Docket     int          `json:"docket_export"`
	Username   string       `json:"username"`
	ExportedAt time.Time    `json:"exported_at"`
	Tasks      []exportTask `json:"tasks"`
}

// exportTask is one task with the names people and spreadsheets read:
// priority and status by name, dates as YYYY-MM-DD, times in RFC 3339.
// Row ids are left out: they belong to one database.
type exportTask struct {
	Title       string  `json:"title"`
	Description string  `json:"description"`
	Due         string  `json:"due"`
	Priority    string  `json:"priority"`
	Status      string  `json:"status"`
	CompletedAt *string `json:"completed_at"`
	CreatedAt   string  `json:"created_at"`
	UpdatedAt   string  `json:"updated_at"`
}

func toExport(t Task) exportTask {
	e := exportTask{
		Title:       t.Title,
		Description: t.Description,
		Due:         t.Due.String(),
		Priority:    t.Priority.String(),
		Status:      string(t.Status),
		CreatedAt:   formatTime(t.CreatedAt),
		UpdatedAt:   formatTime(t.UpdatedAt),
	}
	if !t.CompletedAt.IsZero() {
		s := formatTime(t.CompletedAt.Time)
		e.CompletedAt = &s
	}
	return e
}

// formatTime writes t for an export; a time lost to a bad stored value
// (see timeColumns) is written empty, which an import reads as "now".
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

// FormatFromName returns the format a file name's extension names.
func FormatFromName(name string) (string, bool) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return FormatJSON, true
	case ".csv":
		return FormatCSV, true
	}
	return "", false
}

// ExportFileName is the suggested name of an export of username's tasks.
func ExportFileName(username, format string, now time.Time) string {
	return "docket-" + username + "-" + now.UTC().Format("2006-01-02") + "." + format
}

// AllTasks returns every task of the user, oldest first.
func AllTasks(ctx context.Context, db bun.IDB, userID int64) ([]Task, error) {
	var tasks []Task
	if err := db.NewSelect().Model(&tasks).Where("t.user_id = ?", userID).Order("t.id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: list all tasks: %w", err)
	}
	return tasks, nil
}

// ExportOptions change how an export is written.
type ExportOptions struct {
	// KeepFormulas writes CSV cells exactly, even those a spreadsheet
	// would run as formulas; by default they are defused (see defuseCell).
	// JSON is always exact.
	KeepFormulas bool
}

// ExportTasks writes every task of the user to w in format (FormatJSON or
// FormatCSV), with the default options.
func ExportTasks(ctx context.Context, db bun.IDB, w io.Writer, userID int64, username, format string, now time.Time) error {
	return ExportTasksWith(ctx, db, w, userID, username, format, now, ExportOptions{})
}

// ExportTasksWith is ExportTasks with options.
func ExportTasksWith(ctx context.Context, db bun.IDB, w io.Writer, userID int64, username, format string, now time.Time, opts ExportOptions) error {
	tasks, err := AllTasks(ctx, db, userID)
	if err != nil {
		return err
	}
	rows := make([]exportTask, len(tasks))
	for i, t := range tasks {
		rows[i] = toExport(t)
	}
	switch format {
	case FormatJSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		err = enc.Encode(exportDoc{Docket: exportVersion, Username: username, ExportedAt: now.UTC(), Tasks: rows})
	case FormatCSV:
		err = writeCSV(w, rows, !opts.KeepFormulas)
	default:
		return fmt.Errorf("models: unknown export format %q", format)
	}
	if err != nil {
		return fmt.Errorf("models: export tasks: %w", err)
	}
	return nil
}

func writeCSV(w io.Writer, rows []exportTask, defuse bool) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // what spreadsheets write and expect
	if err := cw.Write(csvColumns); err != nil {
		return err
	}
	for _, r := range rows {
		completed := ""
		if r.CompletedAt != nil {
			completed = *r.CompletedAt
		}
		cells := []string{r.Title, r.Description, r.Due, r.Priority, r.Status, completed, r.CreatedAt, r.UpdatedAt}
		if defuse {
			for i, c := range cells {
				cells[i] = defuseCell(c)
			}
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// formulaTriggers are the first characters that make a spreadsheet read a
// cell as a formula (OWASP, "CSV Injection").
const formulaTriggers = "=+-@\t\r"

// needsDefusing reports whether a cell, after any leading single quotes,
// starts like a formula. Counting the quotes makes defusing reversible: a
// title that really starts with "'=" gets a second quote, not none.
func needsDefusing(s string) bool {
	rest := strings.TrimLeft(s, "'")
	return rest != "" && strings.ContainsRune(formulaTriggers, rune(rest[0]))
}

// defuseCell prefixes a cell that a spreadsheet would run as a formula with
// a single quote, which spreadsheets show as text.
func defuseCell(s string) string {
	if needsDefusing(s) {
		return "'" + s
	}
	return s
}

// undefuseCell takes back the quote defuseCell added, and only that one.
func undefuseCell(s string) string {
	if strings.HasPrefix(s, "'") && needsDefusing(s) {
		return s[1:]
	}
	return s
}
