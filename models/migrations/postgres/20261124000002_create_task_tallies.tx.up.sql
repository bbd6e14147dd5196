-- Running counts of each user's tasks by due day and done-ness, kept by
-- triggers, so the header counts ("12 open · 3 overdue") read a few dozen
-- rows instead of every task. due_key is '' for no due date, else the day
-- as YYYY-MM-DD text (to_char, which DateStyle does not change), compared
-- byte by byte as in SQLite; done is 0 or 1, as the counting query reads it.
CREATE TABLE task_tallies (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    due_key TEXT COLLATE "C" NOT NULL,
    done    INTEGER NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (user_id, due_key, done)
);
--bun:split
INSERT INTO task_tallies (user_id, due_key, done, n)
SELECT user_id, coalesce(to_char(due_date, 'YYYY-MM-DD'), ''), (status = 'done')::integer, count(*) FROM tasks GROUP BY 1, 2, 3;
--bun:split
-- One function keeps the tallies for all three triggers, as SQLite's do:
-- a row leaving (deleted, or moved by an update) takes one from its old
-- tally, a row arriving adds one to its new tally. The update trigger's
-- WHEN clause decides whether the row moved to another tally at all.
--
-- SQLite has one writer; PostgreSQL runs writers side by side and locks
-- each tally row a change touches until it commits. Touching the two
-- tallies of a move in the order of their keys makes two moves between
-- the same tallies (one task ticked, another unticked) wait for each
-- other instead of deadlocking.
CREATE FUNCTION tasks_tally() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    t RECORD;
BEGIN
    FOR t IN
        SELECT * FROM (VALUES
            (OLD.user_id, coalesce(to_char(OLD.due_date, 'YYYY-MM-DD'), ''), (OLD.status = 'done')::integer, -1),
            (NEW.user_id, coalesce(to_char(NEW.due_date, 'YYYY-MM-DD'), ''), (NEW.status = 'done')::integer, 1)
        ) AS v (user_id, due_key, done, delta)
        WHERE user_id IS NOT NULL -- OLD on INSERT and NEW on DELETE are NULL
        ORDER BY user_id, due_key, done
    LOOP
        IF t.delta < 0 THEN
            UPDATE task_tallies SET n = n - 1
            WHERE user_id = t.user_id AND due_key = t.due_key AND done = t.done;
        ELSE
            INSERT INTO task_tallies (user_id, due_key, done, n) VALUES (t.user_id, t.due_key, t.done, 1)
            ON CONFLICT (user_id, due_key, done) DO UPDATE SET n = task_tallies.n + 1;
        END IF;
    END LOOP;
    RETURN NULL;
END;
$$;
--bun:split
CREATE TRIGGER tasks_tally_insert AFTER INSERT ON tasks
FOR EACH ROW EXECUTE FUNCTION tasks_tally();
--bun:split
CREATE TRIGGER tasks_tally_delete AFTER DELETE ON tasks
FOR EACH ROW EXECUTE FUNCTION tasks_tally();
--bun:split
CREATE TRIGGER tasks_tally_update AFTER UPDATE OF user_id, due_date, status ON tasks
FOR EACH ROW
WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id OR OLD.due_date IS DISTINCT FROM NEW.due_date
    OR (OLD.status = 'done') <> (NEW.status = 'done'))
EXECUTE FUNCTION tasks_tally();
