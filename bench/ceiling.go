package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	_ "modernc.org/sqlite"
)

// serveCeiling is the least a Go server can do for Docket's list: the same
// driver, query and indexes, the same HTML rendered with html/template and
// gzipped the same way, no sessions or middleware. Its throughput is what
// Docket is measured against. /list-templ renders the same rows with
// Docket's templ components instead (see ceilingtempl.go). /flip/{id} is the durable
// write rate: one row updated per request in BEGIN IMMEDIATE with
// synchronous=FULL on a single write connection.
func serveCeiling(ctx context.Context, dbPath, addr string, userID int64) error {
	name := "file:" + (&url.URL{Path: dbPath}).EscapedPath() + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(FULL)"
	read, err := sql.Open("sqlite", name+"&_pragma=query_only(1)")
	if err != nil {
		return err
	}
	read.SetMaxOpenConns(4)
	read.SetMaxIdleConns(4)
	write, err := sql.Open("sqlite", name+"&_txlock=immediate")
	if err != nil {
		return err
	}
	write.SetMaxOpenConns(1)

	// Both renderers read the columns Docket's row shows, description
	// included, as Docket does.
	list, err := read.Prepare(`SELECT id, title, due_date, priority, status, description FROM tasks
		WHERE user_id = ? AND status IN ('todo', 'doing') AND priority = ?
		ORDER BY coalesce(due_date, '9999-12-31'), priority DESC, id DESC LIMIT 51`)
	if err != nil {
		return err
	}
	var out ceilingWriter
	mux := http.NewServeMux()
	mux.HandleFunc("GET /list", func(w http.ResponseWriter, r *http.Request) {
		page, err := readCeilingPage(r, list, userID)
		if err == nil {
			err = out.write(w, r, func(b *bytes.Buffer) error { return ceilingList.Execute(b, page) })
		}
		if err != nil {
			http.Error(w, err.Error(), 500)
		}
	})
	mux.Handle("GET /list-templ", templListHandler(list, userID, &out))
	mux.HandleFunc("POST /flip/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		tx, err := write.BeginTx(r.Context(), nil)
		if err == nil {
			_, err = tx.ExecContext(r.Context(), `UPDATE tasks SET priority = (priority + 1) % 5 WHERE id = ?`, id)
			if err == nil {
				err = tx.Commit()
			} else {
				tx.Rollback()
			}
		}
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { <-ctx.Done(); srv.Close() }()
	return srv.Serve(ln)
}
