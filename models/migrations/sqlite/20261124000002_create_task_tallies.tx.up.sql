-- Running counts of each user's tasks by due day and done-ness, kept by
-- triggers, so the header counts ("12 open · 3 overdue") read a few dozen
-- rows instead of every task. due_key is '' for no due date.
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
