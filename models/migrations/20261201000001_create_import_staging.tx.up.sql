-- An import in progress: its rows wait in import_rows, invisible, until one
-- short transaction copies them into tasks and deletes this row. A row left
-- here by a crash is swept, with its staged rows, once it is stale.
CREATE TABLE imports (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    started_at TIMESTAMP NOT NULL
);
--bun:split
-- No foreign key: staged rows outlive their import row for a moment after
-- publishing and are deleted in short batches, not by one long cascade.
CREATE TABLE import_rows (
    import_id    INTEGER NOT NULL,
    seq          INTEGER NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL,
    due_date     TEXT,
    priority     INTEGER NOT NULL,
    status       TEXT NOT NULL,
    completed_at TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (import_id, seq)
) WITHOUT ROWID;
