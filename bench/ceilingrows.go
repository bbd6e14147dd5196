package main

import (
	"bytes"
	"compress/gzip"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"docket/models"
)

// ceilingList is the list fragment a browser gets from Docket for
// /tasks?status=open&priority=high&sort=due, element for element and
// attribute for attribute (copied from a real response), so the ceiling
// builds, escapes and compresses the same bytes Docket does.
var ceilingList = template.Must(template.New("list").Parse(strings.ReplaceAll(ceilingListHTML, "\n", "")))

// ceilingListHTML is written on several lines for reading; the newlines go.
const ceilingListHTML = `<section id="task-list" class="task-list" aria-label="Task list" data-testid="task-list"><ul class="filter-chips" aria-label="Filters in use" data-testid="active-filters"><li><a class="chip filter-chip" href="/tasks" data-testid="active-filter">Priority: High<span class="sr-only">, remove</span><span aria-hidden="true"> ×</span></a></li><li><a class="filter-clear" href="/tasks" data-testid="clear-filters">Clear filters</a></li></ul><ul id="task-rows" class="task-rows">
{{ range .Tasks }}
<li id="task-{{.ID}}" class="{{.Class}}" data-testid="task-row" data-hx-target="this" data-hx-swap="outerHTML">
<form class="toggle" method="post" action="/tasks/{{.ID}}/toggle" data-hx-post="/tasks/{{.ID}}/toggle"><button id="task-{{.ID}}-toggle" class="check" data-testid="task-toggle" aria-pressed="{{.Done}}" aria-label="Done: {{.Title}}"></button></form>
<a id="task-{{.ID}}-title" class="task-title" href="/tasks/{{.ID}}" data-testid="task-title">{{.Title}}</a>
{{ if or .Due .Priority .Notes (eq .Status "doing")}}<span class="chips">
{{ if .Due}}<time class="chip due{{if .Overdue}} overdue{{end}}" datetime="{{.Due}}" data-testid="task-due">{{.DueText}}</time>{{end }}
{{ if .Priority}}<span class="chip priority-{{.PriorityName}}" data-testid="task-priority">{{.PriorityLabel}}</span>{{end }}
{{ if eq .Status "doing"}}<span class="chip doing">Doing</span>{{end }}
{{ if .Notes}}<span class="chip notes" data-testid="task-notes" title="Has notes"><span class="sr-only">Has notes</span></span>{{end }}
</span>{{end }}
<details class="row-menu" data-testid="row-menu"><summary><span class="sr-only">Change {{.Title}}</span></summary><div class="menu"><a href="/tasks/{{.ID}}">Open</a></div></details></li>
{{ end }}
</ul><div class="empty-state" data-testid="empty-state"><p><strong>No tasks match these filters.</strong></p><p><a href="/tasks">Clear the filters</a> to see all open tasks.</p></div><div id="load-more" class="load-more">
{{ with .After}}<a href="/tasks?page=2&amp;priority=high" class="button" data-testid="load-more" data-hx-get="/tasks?after={{.}}&amp;page=2&amp;priority=high" data-hx-target="#task-rows" data-hx-swap="beforeend">Load more</a>{{end }}
</div></section>`

// ceilingPage is what ceilingList renders: one page of rows and, when
// there are more, the cursor of the last.
type ceilingPage struct {
	Tasks []ceilingTask
	After string
}

type ceilingOption struct{ Value, Label string }

var ceilingPriorities = []ceilingOption{{"none", "No priority"}, {"low", "Low"}, {"medium", "Medium"}, {"high", "High"}, {"urgent", "Urgent"}}

// ceilingTask is one row with the labels Docket derives for it.
type ceilingTask struct {
	ID       int64
	Title    string
	Due      string // YYYY-MM-DD or empty
	Priority int
	Status   string
	Notes    bool // has a description

	Class, DueText, PriorityName, PriorityLabel string
	Done, Overdue                               bool
}

// label fills in the derived fields the way Docket's row does: the
// classes, the due badge relative to today and the priority's names.
func (t *ceilingTask) label(today time.Time) {
	t.Done = t.Status == "done"
	t.PriorityName, t.PriorityLabel = ceilingPriorities[t.Priority].Value, ceilingPriorities[t.Priority].Label
	t.Class = "task priority-" + t.PriorityName
	if t.Done {
		t.Class += " done"
	}
	due, err := time.Parse(time.DateOnly, t.Due)
	if err != nil {
		return
	}
	days := int(due.Sub(today).Hours() / 24)
	t.Overdue = !t.Done && days < 0
	if t.Overdue {
		t.Class += " overdue"
	}
	switch {
	case days == -1:
		t.DueText = "yesterday"
	case days < -1:
		t.DueText = fmt.Sprintf("%d days overdue", -days)
	case days == 0:
		t.DueText = "today"
	case days == 1:
		t.DueText = "tomorrow"
	case days < 7:
		t.DueText = fmt.Sprintf("in %d days", days)
	case due.Year() == today.Year():
		t.DueText = due.Format("Mon 2 Jan")
	default:
		t.DueText = due.Format("2 Jan 2006")
	}
	// The list holds open tasks only, so Docket's "Was due …" for
	// finished ones never shows.
	if !t.Overdue {
		t.DueText = "Due " + t.DueText
	}
}

// cursor is Docket's "load more" cursor for the due order: base64 of the
// sort keys of the last row shown.
func (t ceilingTask) cursor() string {
	due := t.Due
	if due == "" {
		due = "9999-12-31"
	}
	b, _ := json.Marshal(struct {
		S string   `json:"s"`
		K []string `json:"k"`
	}{"due", []string{due, strconv.Itoa(t.Priority), strconv.FormatInt(t.ID, 10)}})
	return base64.RawURLEncoding.EncodeToString(b)
}

// ceilingWriter renders into pooled buffers and gzips at BestSpeed with
// pooled writers, as Docket does, so neither side pays for allocation the
// other avoids.
type ceilingWriter struct {
	bufs, zws sync.Pool
}

func (cw *ceilingWriter) buffer() *bytes.Buffer {
	if b, ok := cw.bufs.Get().(*bytes.Buffer); ok {
		b.Reset()
		return b
	}
	return new(bytes.Buffer)
}

// write sends what render writes, gzipped when the client accepts gzip.
func (cw *ceilingWriter) write(w http.ResponseWriter, r *http.Request, render func(*bytes.Buffer) error) error {
	body := cw.buffer()
	defer cw.bufs.Put(body)
	if err := render(body); err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Add("Vary", "Accept-Encoding")
	// Docket also honours "gzip;q=0"; no load client sends that.
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		zbuf := cw.buffer()
		defer cw.bufs.Put(zbuf)
		zw, ok := cw.zws.Get().(*gzip.Writer)
		if ok {
			zw.Reset(zbuf)
		} else {
			zw, _ = gzip.NewWriterLevel(zbuf, gzip.BestSpeed)
		}
		defer cw.zws.Put(zw)
		if _, err := zw.Write(body.Bytes()); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		hd.Set("Content-Encoding", "gzip")
		body = zbuf
	}
	hd.Set("Content-Length", strconv.Itoa(body.Len()))
	_, err := body.WriteTo(w)
	return err
}

// readCeilingPage runs the list query and labels the rows.
func readCeilingPage(r *http.Request, list *sql.Stmt, userID int64) (*ceilingPage, error) {
	rows, err := list.QueryContext(r.Context(), userID, int(models.PriorityHigh))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	page := &ceilingPage{}
	today := time.Now().UTC().Truncate(24 * time.Hour)
	for rows.Next() {
		var t ceilingTask
		var due models.Date // text on SQLite, a DATE on PostgreSQL
		var description string
		if err := rows.Scan(&t.ID, &t.Title, &due, &t.Priority, &t.Status, &description); err != nil {
			return nil, err
		}
		t.Due, t.Notes = due.String(), description != ""
		t.label(today)
		page.Tasks = append(page.Tasks, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(page.Tasks) > ceilingPageSize {
		page.Tasks = page.Tasks[:ceilingPageSize]
		page.After = page.Tasks[ceilingPageSize-1].cursor()
	}
	return page, nil
}

// ceilingPageSize is Docket's page of rows; the query reads one more to
// know whether to offer "load more".
const ceilingPageSize = 50
