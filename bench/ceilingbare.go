package main

import (
	"bytes"
	"database/sql"
	"html/template"
	"net/http"
	"strconv"

	"docket/models"
)

// The bare-row ceiling is the least a server can send for the list: the
// same query on the same prepared statement, and for each row a bare
// <li> with the task's id and its escaped title, nothing else, gzipped
// as the other routes are. The list-experience issue holds Docket's list
// fragment to it (≥ 1.0× its throughput, p99 no worse): what Docket does
// beyond it, its rows' markup, the session and the sidebar's counts, has
// to fit in what the query leaves.

// bareRows writes one page of the list as bare rows.
func bareRows(b *bytes.Buffer, list *sql.Stmt, r *http.Request, userID int64) error {
	rows, err := list.QueryContext(r.Context(), userID, int(models.PriorityHigh))
	if err != nil {
		return err
	}
	defer rows.Close()
	b.WriteString(`<ul id="task-rows">`)
	var num []byte
	for n := 0; rows.Next() && n < ceilingPageSize; n++ {
		var (
			id                  int64
			title, status, desc string
			due                 models.Date
			priority            int
		)
		// The columns the list reads, though the row shows two: the
		// query is the list's.
		if err := rows.Scan(&id, &title, &due, &priority, &status, &desc); err != nil {
			return err
		}
		b.WriteString(`<li id="task-`)
		num = strconv.AppendInt(num[:0], id, 10)
		b.Write(num)
		b.WriteString(`">`)
		template.HTMLEscape(b, []byte(title))
		b.WriteString(`</li>`)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	b.WriteString(`</ul>`)
	return nil
}

// bareListHandler serves GET /list-bare.
func bareListHandler(list *sql.Stmt, userID int64, out *ceilingWriter) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := out.write(w, r, func(b *bytes.Buffer) error { return bareRows(b, list, r, userID) })
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	}
}
