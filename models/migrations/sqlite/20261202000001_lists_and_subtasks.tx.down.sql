-- Back to one flat list per user: subtasks become tasks of their own.
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
CREATE TABLE tasks_old (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description   TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
    due_date      TEXT CHECK (due_date IS NULL OR date(due_date) IS due_date),
    priority      INTEGER NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 4),
    status        TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'doing', 'done')),
    completed_at  TIMESTAMP,
    created_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    reopen_status TEXT CHECK (reopen_status IN ('todo', 'doing')),
    CHECK ((status = 'done') = (completed_at IS NOT NULL))
);
--bun:split
INSERT INTO tasks_old (id, user_id, title, description, due_date, priority, status,
    completed_at, created_at, updated_at, reopen_status)
SELECT id, user_id, title, description, due_date, priority, status,
    completed_at, created_at, updated_at, reopen_status
FROM tasks;
--bun:split
DROP TABLE tasks;
--bun:split
ALTER TABLE tasks_old RENAME TO tasks;
--bun:split
DROP TABLE lists;
--bun:split
CREATE INDEX tasks_user_due_idx ON tasks (user_id, coalesce(due_date, '9999-12-31'), priority DESC, id DESC, status);
--bun:split
CREATE INDEX tasks_user_priority_idx ON tasks (user_id, priority DESC, coalesce(due_date, '9999-12-31'), id DESC, status);
--bun:split
CREATE INDEX tasks_user_title_idx ON tasks (user_id, lower(title), id, status, priority);
--bun:split
CREATE INDEX tasks_user_created_idx ON tasks (user_id, id, status, priority);
--bun:split
DROP TABLE task_tallies;
--bun:split
CREATE TABLE task_tallies (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    due_key TEXT NOT NULL,
    done    INTEGER NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (user_id, due_key, done)
) WITHOUT ROWID;
--bun:split
INSERT INTO task_tallies (user_id, due_key, done, n)
SELECT user_id, coalesce(due_date, ''), status = 'done', count(*) FROM tasks GROUP BY 1, 2, 3;
--bun:split
CREATE TRIGGER tasks_tally_insert AFTER INSERT ON tasks BEGIN
    INSERT INTO task_tallies (user_id, due_key, done, n)
    VALUES (NEW.user_id, coalesce(NEW.due_date, ''), NEW.status = 'done', 1)
    ON CONFLICT (user_id, due_key, done) DO UPDATE SET n = n + 1;
END;
--bun:split
CREATE TRIGGER tasks_tally_delete AFTER DELETE ON tasks BEGIN
    UPDATE task_tallies SET n = n - 1
    WHERE user_id = OLD.user_id AND due_key = coalesce(OLD.due_date, '') AND done = (OLD.status = 'done');
END;
--bun:split
CREATE TRIGGER tasks_tally_update AFTER UPDATE OF user_id, due_date, status ON tasks
WHEN OLD.user_id IS NOT NEW.user_id OR OLD.due_date IS NOT NEW.due_date OR (OLD.status = 'done') <> (NEW.status = 'done')
BEGIN
    UPDATE task_tallies SET n = n - 1
    WHERE user_id = OLD.user_id AND due_key = coalesce(OLD.due_date, '') AND done = (OLD.status = 'done');
    INSERT INTO task_tallies (user_id, due_key, done, n)
    VALUES (NEW.user_id, coalesce(NEW.due_date, ''), NEW.status = 'done', 1)
    ON CONFLICT (user_id, due_key, done) DO UPDATE SET n = n + 1;
END;
--bun:split
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
