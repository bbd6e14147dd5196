package main

import (
	"bytes"
	"context"
	"database/sql"
	"net/http"
	"time"

	"docket/components"
	"docket/models"
)

// The templ ceiling answers the list with Docket's own components: the
// same query on a prepared statement and the same rendering and gzip, but
// no session, counts, Bun or middleware. Docket's share of its throughput
// is what those cost. The html/template ceiling is the one the budget
// names; this one says how much of Docket's time is its own overhead.

// templFilter is the view the harness measures,
// /tasks?status=open&priority=high&sort=due.
var templFilter = models.TaskFilter{Status: "open", Priority: "high", Due: "any", Sort: "due", Page: 1}

// readTemplList runs the list query and returns the rows as Docket's
// component takes them.
func readTemplList(ctx context.Context, list *sql.Stmt, userID int64) (components.TaskListData, error) {
	rows, err := list.QueryContext(ctx, userID, int(models.PriorityHigh))
	if err != nil {
		return components.TaskListData{}, err
	}
	defer rows.Close()
	d := components.TaskListData{Filter: templFilter, Today: models.DateOf(time.Now().UTC())}
	for rows.Next() {
		var t models.Task
		if err := rows.Scan(&t.ID, &t.Title, &t.Due, &t.Priority, &t.Status, &t.Description); err != nil {
			return d, err
		}
		d.List.Tasks = append(d.List.Tasks, t)
	}
	if err := rows.Err(); err != nil {
		return d, err
	}
	if len(d.List.Tasks) > models.PageSize {
		d.List.Tasks, d.List.HasMore = d.List.Tasks[:models.PageSize], true
	}
	return d, nil
}

// templListHandler serves GET /list-templ.
func templListHandler(list *sql.Stmt, userID int64, out *ceilingWriter) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		d, err := readTemplList(r.Context(), list, userID)
		if err == nil {
			err = out.write(w, r, func(b *bytes.Buffer) error { return components.TaskList(d).Render(r.Context(), b) })
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	}
}
