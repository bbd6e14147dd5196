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

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	_ "modernc.org/sqlite"

	"docket/models"
)

// serveCeiling is the least a Go server can do for Docket's list: the same
// driver, query and indexes, the same HTML rendered with html/template and
// gzipped the same way, no sessions or middleware. Its throughput is what
// Docket is measured against. /list-templ renders the same rows with
// Docket's templ components instead (see ceilingtempl.go), /list-bare a
// bare <li> per row (see ceilingbare.go). /flip/{id} is the
// durable write rate: one row updated and committed per request, as
// ceilingDB.flip says. dsn is a SQLite file or a PostgreSQL URL.
func serveCeiling(ctx context.Context, dsn, addr string, userID int64) error {
	db, err := openCeiling(dsn)
	if err != nil {
		return err
	}
	defer db.close()

	// Both renderers read the columns Docket's row shows, description
	// included, as Docket does. Both engines read numbered parameters.
	list, err := db.read.Prepare(`SELECT id, title, due_date, priority, status, description FROM tasks
		WHERE user_id = $1 AND status IN ('todo', 'doing') AND priority = $2
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
	mux.Handle("GET /list-bare", bareListHandler(list, userID, &out))
	mux.HandleFunc("POST /flip/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err := db.flip(r.Context(), id); err != nil {
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

// ceilingDB is the ceiling's database, opened the way Docket opens its own
// on that engine.
type ceilingDB struct {
	read, write *sql.DB
	// immediate wraps each write in BEGIN IMMEDIATE … COMMIT on the one
	// write connection, as Docket does on SQLite. On PostgreSQL each write
	// is one statement committed on its own, as Docket's are.
	immediate bool
}

// openCeiling opens the database dsn names. SQLite: four read-only
// connections and one write connection, with synchronous=FULL.
// PostgreSQL: one pool of Docket's default size through pgx's database/sql
// driver, committing with the server's settings (synchronous_commit on by
// default), as Docket does.
func openCeiling(dsn string) (*ceilingDB, error) {
	if models.IsPostgres(dsn) {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(models.DefaultMaxOpen)
		db.SetMaxIdleConns(models.DefaultMaxOpen)
		return &ceilingDB{read: db, write: db}, nil
	}
	name := "file:" + (&url.URL{Path: dsn}).EscapedPath() + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(FULL)"
	read, err := sql.Open("sqlite", name+"&_pragma=query_only(1)")
	if err != nil {
		return nil, err
	}
	read.SetMaxOpenConns(4)
	read.SetMaxIdleConns(4)
	write, err := sql.Open("sqlite", name+"&_txlock=immediate")
	if err != nil {
		read.Close()
		return nil, err
	}
	write.SetMaxOpenConns(1)
	return &ceilingDB{read: read, write: write, immediate: true}, nil
}

// flip changes one task's priority and commits: the durable write.
func (db *ceilingDB) flip(ctx context.Context, id int64) error {
	const flip = `UPDATE tasks SET priority = (priority + 1) % 5 WHERE id = $1`
	if !db.immediate {
		_, err := db.write.ExecContext(ctx, flip, id)
		return err
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, flip, id); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (db *ceilingDB) close() {
	db.read.Close()
	if db.write != db.read {
		db.write.Close()
	}
}
