CREATE TABLE tasks (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description  TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
    due_date     TEXT CHECK (due_date IS NULL OR date(due_date) IS due_date),
    priority     INTEGER NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 4),
    status       TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'doing', 'done')),
    completed_at TIMESTAMP,
    created_at   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK ((status = 'done') = (completed_at IS NOT NULL))
);
--bun:split
-- One index per sort order; status leads after user_id because every list is filtered by it.
CREATE INDEX tasks_user_status_due_idx ON tasks (user_id, status, due_date);
--bun:split
CREATE INDEX tasks_user_status_priority_idx ON tasks (user_id, status, priority);
--bun:split
CREATE INDEX tasks_user_status_title_idx ON tasks (user_id, status, lower(title));
