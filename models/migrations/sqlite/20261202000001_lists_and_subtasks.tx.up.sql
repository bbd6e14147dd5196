-- Lists (every task is in exactly one; every user has an Inbox) and
-- subtasks (a task with a parent_id, one level deep, ordered by position).
-- name_key is the name as Go folds it (models.nameKey), so that names are
-- unique per user whatever their case, in every script, on both engines.
-- (id, user_id) is unique so that a task's list must be its owner's.
CREATE TABLE lists (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    name_key   TEXT NOT NULL,
    colour     TEXT NOT NULL DEFAULT '',
    position   INTEGER NOT NULL DEFAULT 0,
    inbox      INTEGER NOT NULL DEFAULT 0 CHECK (inbox IN (0, 1)),
    archived   INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1) AND NOT (inbox AND archived)),
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (id, user_id)
);
--bun:split
CREATE UNIQUE INDEX lists_user_name_idx ON lists (user_id, name_key);
--bun:split
CREATE UNIQUE INDEX lists_user_inbox_idx ON lists (user_id) WHERE inbox = 1;
--bun:split
INSERT INTO lists (user_id, name, name_key, inbox) SELECT id, 'Inbox', 'inbox', 1 FROM users;
--bun:split
-- SQLite cannot add a NOT NULL column that refers to another table, so
-- tasks is rebuilt with its new columns and everyone's tasks move to their
-- Inbox. Its triggers go with the old table and are made again below.
-- The new table's parent_id refers to the new table itself (the rename
-- below makes that "tasks"): were it to name the old table, dropping that
-- would check every deleted row against the new table's unindexed
-- parent_id, a scan per task (69 s at 20 000 tasks).
DROP TRIGGER tasks_tally_insert;
--bun:split
DROP TRIGGER tasks_tally_delete;
--bun:split
DROP TRIGGER tasks_tally_update;
--bun:split
DROP TRIGGER tasks_search_insert;
--bun:split
DROP TRIGGER tasks_search_delete;
--bun:split
DROP TRIGGER tasks_search_update;
--bun:split
CREATE TABLE tasks_new (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    list_id       INTEGER NOT NULL,
    parent_id     INTEGER REFERENCES tasks_new (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL DEFAULT 0,
    title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description   TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
    due_date      TEXT CHECK (due_date IS NULL OR date(due_date) IS due_date),
    priority      INTEGER NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 4),
    status        TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'doing', 'done')),
    completed_at  TIMESTAMP,
    created_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    reopen_status TEXT CHECK (reopen_status IN ('todo', 'doing')),
    CHECK ((status = 'done') = (completed_at IS NOT NULL)),
    CHECK (parent_id IS NOT id),
    FOREIGN KEY (list_id, user_id) REFERENCES lists (id, user_id) ON DELETE CASCADE
);
--bun:split
INSERT INTO tasks_new (id, user_id, list_id, title, description, due_date, priority, status,
    completed_at, created_at, updated_at, reopen_status)
SELECT t.id, t.user_id, l.id, t.title, t.description, t.due_date, t.priority, t.status,
    t.completed_at, t.created_at, t.updated_at, t.reopen_status
FROM tasks t JOIN lists l ON l.user_id = t.user_id AND l.inbox = 1;
--bun:split
DROP TABLE tasks;
--bun:split
ALTER TABLE tasks_new RENAME TO tasks;
--bun:split
-- The list indexes of 20261124000001, as they were.
CREATE INDEX tasks_user_due_idx ON tasks (user_id, coalesce(due_date, '9999-12-31'), priority DESC, id DESC, status);
--bun:split
CREATE INDEX tasks_user_priority_idx ON tasks (user_id, priority DESC, coalesce(due_date, '9999-12-31'), id DESC, status);
--bun:split
CREATE INDEX tasks_user_title_idx ON tasks (user_id, lower(title), id, status, priority);
--bun:split
CREATE INDEX tasks_user_created_idx ON tasks (user_id, id, status, priority);
--bun:split
-- The same four orders within one list, so a list's page reads one page
-- of rows however many tasks its owner has elsewhere.
CREATE INDEX tasks_list_due_idx ON tasks (user_id, list_id, coalesce(due_date, '9999-12-31'), priority DESC, id DESC, status);
--bun:split
CREATE INDEX tasks_list_priority_idx ON tasks (user_id, list_id, priority DESC, coalesce(due_date, '9999-12-31'), id DESC, status);
--bun:split
CREATE INDEX tasks_list_title_idx ON tasks (user_id, list_id, lower(title), id, status, priority);
--bun:split
CREATE INDEX tasks_list_created_idx ON tasks (user_id, list_id, id, status, priority);
--bun:split
-- A parent's subtasks in order, for its progress, its expanded rows and
-- the cascade when it is deleted.
CREATE INDEX tasks_parent_idx ON tasks (parent_id, position, id) WHERE parent_id IS NOT NULL;
--bun:split
-- Tallies gain the list, so a list's counts and the sidebar's come from
-- them too.
DROP TABLE task_tallies;
--bun:split
CREATE TABLE task_tallies (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    list_id INTEGER NOT NULL,
    due_key TEXT NOT NULL,
    done    INTEGER NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (user_id, list_id, due_key, done)
) WITHOUT ROWID;
--bun:split
INSERT INTO task_tallies (user_id, list_id, due_key, done, n)
SELECT user_id, list_id, coalesce(due_date, ''), status = 'done', count(*) FROM tasks GROUP BY 1, 2, 3, 4;
--bun:split
CREATE TRIGGER tasks_tally_insert AFTER INSERT ON tasks BEGIN
    INSERT INTO task_tallies (user_id, list_id, due_key, done, n)
    VALUES (NEW.user_id, NEW.list_id, coalesce(NEW.due_date, ''), NEW.status = 'done', 1)
    ON CONFLICT (user_id, list_id, due_key, done) DO UPDATE SET n = n + 1;
END;
--bun:split
CREATE TRIGGER tasks_tally_delete AFTER DELETE ON tasks BEGIN
    UPDATE task_tallies SET n = n - 1
    WHERE user_id = OLD.user_id AND list_id = OLD.list_id AND due_key = coalesce(OLD.due_date, '') AND done = (OLD.status = 'done');
END;
--bun:split
CREATE TRIGGER tasks_tally_update AFTER UPDATE OF user_id, list_id, due_date, status ON tasks
WHEN OLD.user_id IS NOT NEW.user_id OR OLD.list_id IS NOT NEW.list_id OR OLD.due_date IS NOT NEW.due_date
    OR (OLD.status = 'done') <> (NEW.status = 'done')
BEGIN
    UPDATE task_tallies SET n = n - 1
    WHERE user_id = OLD.user_id AND list_id = OLD.list_id AND due_key = coalesce(OLD.due_date, '') AND done = (OLD.status = 'done');
    INSERT INTO task_tallies (user_id, list_id, due_key, done, n)
    VALUES (NEW.user_id, NEW.list_id, coalesce(NEW.due_date, ''), NEW.status = 'done', 1)
    ON CONFLICT (user_id, list_id, due_key, done) DO UPDATE SET n = n + 1;
END;
--bun:split
-- The search index's triggers of 20261201000003, as they were; the index
-- itself is keyed by task id, which the rebuild kept.
CREATE TRIGGER tasks_search_insert AFTER INSERT ON tasks BEGIN
    SELECT RAISE(ABORT, 'task or user id too large for the search index')
    WHERE NEW.id NOT BETWEEN 0 AND 4294967295 OR NEW.user_id NOT BETWEEN 0 AND 2147483647;
    INSERT INTO task_search (rowid, body)
    VALUES (NEW.user_id * 4294967296 + NEW.id, lower(NEW.title || char(10) || NEW.description));
END;
--bun:split
CREATE TRIGGER tasks_search_delete AFTER DELETE ON tasks BEGIN
    DELETE FROM task_search WHERE rowid = OLD.user_id * 4294967296 + OLD.id;
END;
--bun:split
CREATE TRIGGER tasks_search_update AFTER UPDATE OF id, user_id, title, description ON tasks
WHEN OLD.id IS NOT NEW.id OR OLD.user_id IS NOT NEW.user_id
    OR OLD.title IS NOT NEW.title OR OLD.description IS NOT NEW.description
BEGIN
    SELECT RAISE(ABORT, 'task or user id too large for the search index')
    WHERE NEW.id NOT BETWEEN 0 AND 4294967295 OR NEW.user_id NOT BETWEEN 0 AND 2147483647;
    DELETE FROM task_search WHERE rowid = OLD.user_id * 4294967296 + OLD.id;
    INSERT INTO task_search (rowid, body)
    VALUES (NEW.user_id * 4294967296 + NEW.id, lower(NEW.title || char(10) || NEW.description));
END;
