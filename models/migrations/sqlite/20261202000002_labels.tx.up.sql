-- Labels, attached to any number of tasks. A task's labels are its rows
-- in task_labels (the key leads with the task, for a row's labels); a
-- label's tasks are found by task_labels_label_idx, for the label views.
-- A label's owner must be its task's owner: the label's side by the
-- foreign key, the task's side by the queries, which take both from one user.
CREATE TABLE labels (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
    name_key   TEXT NOT NULL,
    colour     TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (id, user_id)
);
--bun:split
CREATE UNIQUE INDEX labels_user_name_idx ON labels (user_id, name_key);
--bun:split
CREATE TABLE task_labels (
    task_id  INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    label_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    PRIMARY KEY (task_id, label_id),
    FOREIGN KEY (label_id, user_id) REFERENCES labels (id, user_id) ON DELETE CASCADE
) WITHOUT ROWID;
--bun:split
CREATE INDEX task_labels_label_idx ON task_labels (label_id, task_id);
