-- An import in progress: its rows wait in import_rows, invisible, until it
-- is publishing; then short transactions each move a batch into tasks.
-- After a crash, a publishing import is finished and any other is removed.
CREATE TABLE imports (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    started_at TIMESTAMP NOT NULL,
    publishing INTEGER NOT NULL DEFAULT 0
);
--bun:split
-- No foreign key: an abandoned import's rows are deleted in short batches,
-- not by one long cascade.
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
