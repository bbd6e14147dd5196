package models

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
)

// The export formats.
const (
	FormatJSON = "json"
	FormatCSV  = "csv"
)

// exportVersion is the version of the JSON export layout, so a later
// Docket can read files written by this one. Version 2 added lists,
// labels and subtasks; version 1 files still import, into the Inbox.
const exportVersion = 2

// timeLayout writes times in exports: UTC, to the nanosecond, so an import
// gives back exactly what was exported.
const timeLayout = time.RFC3339Nano

// csvColumns are the CSV header, in order. The columns of version 1 come
// first, so that spreadsheets reading them by position still work.
var csvColumns = []string{"title", "description", "due", "priority", "status", "completed_at", "created_at", "updated_at",
	"list", "labels", "parent"}

// utf8BOM leads the CSV so spreadsheets read it as UTF-8, not Latin-1.
const utf8BOM = "\uFEFF"

// exportList is a list in a JSON export; the lists come in the user's order.
type exportList struct {
	Name     string `json:"name"`
	Colour   string `json:"colour"`
	Archived bool   `json:"archived"`
}

// exportLabel is a label in a JSON export.
type exportLabel struct {
	Name   string `json:"name"`
	Colour string `json:"colour"`
}

// exportTask is one task with the names people and spreadsheets read:
// priority and status by name, dates as YYYY-MM-DD, times in RFC 3339, its
// list and labels by name. Row ids are left out: they belong to one
// database. A top-level task has its list and its subtasks; a subtask has
// neither, being in its parent's list.
type exportTask struct {
	Title       string        `json:"title"`
	Description string        `json:"description"`
	Due         string        `json:"due"`
	Priority    string        `json:"priority"`
	Status      string        `json:"status"`
	CompletedAt *string       `json:"completed_at"`
	CreatedAt   string        `json:"created_at"`
	UpdatedAt   string        `json:"updated_at"`
	List        *string       `json:"list,omitempty"`
	Labels      []string      `json:"labels"`
	Subtasks    *[]exportTask `json:"subtasks,omitempty"`

	// A CSV row's labels and parent cells, as written.
	labelsCell, parentCell string
}

// toExport is t with its labels, as a subtask; a top-level task gets its
// list and subtasks after.
func toExport(t Task, labels []Label) exportTask {
	e := exportTask{
		Title:       t.Title,
		Description: t.Description,
		Due:         t.Due.String(),
		Priority:    t.Priority.String(),
		Status:      string(t.Status),
		CreatedAt:   formatTime(t.CreatedAt),
		UpdatedAt:   formatTime(t.UpdatedAt),
		Labels:      LabelNames(labels),
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

// ExportTasksWith is ExportTasks with options. It reads one snapshot of
// the user's data, a page of top-level tasks at a time with their
// subtasks and labels, so it holds one page however many tasks there are:
// the top-level tasks oldest first, each followed by its subtasks in order.
func ExportTasksWith(ctx context.Context, db bun.IDB, w io.Writer, userID int64, username, format string, now time.Time, opts ExportOptions) error {
	var out exportWriter
	switch format {
	case FormatJSON:
		out = newJSONExport(w, username, now)
	case FormatCSV:
		out = newCSVExport(w, !opts.KeepFormulas)
	default:
		return fmt.Errorf("models: unknown export format %q", format)
	}
	err := inSnapshot(ctx, db, func(ctx context.Context, tx bun.IDB) error {
		return exportFrom(ctx, tx, userID, out)
	})
	if err != nil {
		return fmt.Errorf("models: export tasks: %w", err)
	}
	return nil
}

// exportWriter writes one format of export: the lists and labels first,
// then the tasks, then the end.
type exportWriter interface {
	start(lists []exportList, labels []exportLabel) error
	task(t exportTask) error
	end() error
}

// exportPage is how many top-level tasks one read of an export takes.
const exportPage = 500

// exportFrom reads the user's lists, labels and tasks from db and writes
// them to out.
func exportFrom(ctx context.Context, db bun.IDB, userID int64, out exportWriter) error {
	lists, err := UserLists(ctx, db, userID)
	if err != nil {
		return err
	}
	labels, err := UserLabels(ctx, db, userID)
	if err != nil {
		return err
	}
	names := make(map[int64]string, len(lists))
	el := make([]exportList, len(lists))
	for i, l := range lists {
		names[l.ID] = l.Name
		el[i] = exportList{Name: l.Name, Colour: string(l.Colour), Archived: l.Archived}
	}
	eb := make([]exportLabel, len(labels))
	for i, l := range labels {
		eb[i] = exportLabel{Name: l.Name, Colour: string(l.Colour)}
	}
	if err := out.start(el, eb); err != nil {
		return err
	}
	var after int64
	for {
		var page []Task
		if err := db.NewSelect().Model(&page).Where("t.user_id = ? AND t.parent_id IS NULL AND t.id > ?", userID, after).
			Order("t.id").Limit(exportPage).Scan(ctx); err != nil {
			return err
		}
		if len(page) == 0 {
			return out.end()
		}
		after = page[len(page)-1].ID
		if err := exportPageOf(ctx, db, userID, page, names, out); err != nil {
			return err
		}
	}
}

// exportPageOf writes the top-level tasks of page with their subtasks and
// everyone's labels, read in two statements.
func exportPageOf(ctx context.Context, db bun.IDB, userID int64, page []Task, listNames map[int64]string, out exportWriter) error {
	ids := make([]int64, len(page))
	for i, t := range page {
		ids[i] = t.ID
	}
	var subs []Task
	if err := db.NewSelect().Model(&subs).Where("t.parent_id IN (?) AND t.user_id = ?", bun.In(ids), userID).
		OrderExpr("t.parent_id, t.position, t.id").Scan(ctx); err != nil {
		return err
	}
	for _, s := range subs {
		ids = append(ids, s.ID)
	}
	labels, err := LabelsOfTasks(ctx, db, userID, ids)
	if err != nil {
		return err
	}
	for _, t := range page {
		e := toExport(t, labels[t.ID])
		list := listNames[t.ListID]
		e.List = &list
		children := []exportTask{}
		for len(subs) > 0 && subs[0].ParentID == t.ID {
			children = append(children, toExport(subs[0], labels[subs[0].ID]))
			subs = subs[1:]
		}
		e.Subtasks = &children
		if err := out.task(e); err != nil {
			return err
		}
	}
	return nil
}

// inSnapshot runs fn in a read transaction, so that everything it reads
// is the data as it was at one instant; in a transaction already, fn runs
// in that one.
func inSnapshot(ctx context.Context, db bun.IDB, fn func(context.Context, bun.IDB) error) error {
	if tx, ok := db.(bun.Tx); ok {
		return fn(ctx, tx)
	}
	var opts *sql.TxOptions // SQLite: a deferred transaction reads one snapshot
	if db.Dialect().Name() == dialect.PG {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	return db.RunInTx(ctx, opts, func(ctx context.Context, tx bun.Tx) error { return fn(ctx, tx) })
}
