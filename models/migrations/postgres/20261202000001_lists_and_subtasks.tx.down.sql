-- Back to one flat list per user: subtasks become tasks of their own.
-- Dropping the columns drops their indexes and constraints.
DROP TRIGGER tasks_tally_insert ON tasks;
--bun:split
DROP TRIGGER tasks_tally_delete ON tasks;
--bun:split
DROP TRIGGER tasks_tally_update ON tasks;
--bun:split
DROP FUNCTION tasks_tally();
--bun:split
DROP FUNCTION tasks_tally_add(BIGINT, BIGINT, TEXT, INTEGER, BIGINT);
--bun:split
DROP TABLE task_tallies;
--bun:split
ALTER TABLE tasks DROP COLUMN list_id, DROP COLUMN parent_id, DROP COLUMN position;
--bun:split
DROP TABLE lists;
--bun:split
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
-- One function keeps the tallies for all three triggers, as SQLite's
-- do: a row leaving (deleted, or moved by an update) takes one from its
-- old tally, a row arriving adds one to its new tally. The triggers run
-- once per statement: the function sums the statement's changes per tally
-- and applies each sum that is not zero, so a statement that writes many
-- rows (an import's batch, seeding) touches each tally once, and an edit
-- that moves no task between tallies touches none.
--
-- SQLite has one writer; PostgreSQL runs writers side by side and locks
-- each tally row a change touches until it commits. Applying the sums in
-- the order of the tallies' keys makes two writers that touch the same
-- tallies (one task ticked while another is unticked, an import publishing
-- while its owner edits) wait for each other instead of deadlocking.
CREATE FUNCTION tasks_tally_add(uid BIGINT, key TEXT, is_done INTEGER, delta BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF delta < 0 THEN
        -- An update, not an upsert: when a user is deleted, the cascade may
        -- have removed the tally already.
        UPDATE task_tallies SET n = n + delta WHERE user_id = uid AND due_key = key AND done = is_done;
    ELSE
        INSERT INTO task_tallies (user_id, due_key, done, n) VALUES (uid, key, is_done, delta)
        ON CONFLICT (user_id, due_key, done) DO UPDATE SET n = task_tallies.n + EXCLUDED.n;
    END IF;
END;
$$;
--bun:split
-- A statement's transition tables exist only for the operations its
-- trigger names, so each operation reads its own.
CREATE FUNCTION tasks_tally() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    t RECORD;
BEGIN
    IF TG_OP = 'INSERT' THEN
        FOR t IN
            SELECT user_id, coalesce(to_char(due_date, 'YYYY-MM-DD'), '') AS due_key, (status = 'done')::integer AS done, count(*) AS delta
            FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        LOOP
            PERFORM tasks_tally_add(t.user_id, t.due_key, t.done, t.delta);
        END LOOP;
    ELSIF TG_OP = 'DELETE' THEN
        FOR t IN
            SELECT user_id, coalesce(to_char(due_date, 'YYYY-MM-DD'), '') AS due_key, (status = 'done')::integer AS done, -count(*) AS delta
            FROM old_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        LOOP
            PERFORM tasks_tally_add(t.user_id, t.due_key, t.done, t.delta);
        END LOOP;
    ELSE
        FOR t IN
            SELECT user_id, due_key, done, sum(delta) AS delta FROM (
                SELECT user_id, coalesce(to_char(due_date, 'YYYY-MM-DD'), '') AS due_key, (status = 'done')::integer AS done, -1 AS delta
                FROM old_rows
                UNION ALL
                SELECT user_id, coalesce(to_char(due_date, 'YYYY-MM-DD'), ''), (status = 'done')::integer, 1
                FROM new_rows
            ) AS changes
            GROUP BY 1, 2, 3 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3
        LOOP
            PERFORM tasks_tally_add(t.user_id, t.due_key, t.done, t.delta);
        END LOOP;
    END IF;
    RETURN NULL;
END;
$$;
--bun:split
-- A trigger that reads the changed rows as tables cannot name columns
-- (UPDATE OF …), so the update trigger runs on every update of tasks; the
-- sums above leave the tallies alone when no task changed tally.
CREATE TRIGGER tasks_tally_insert AFTER INSERT ON tasks
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION tasks_tally();
--bun:split
CREATE TRIGGER tasks_tally_delete AFTER DELETE ON tasks
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION tasks_tally();
--bun:split
CREATE TRIGGER tasks_tally_update AFTER UPDATE ON tasks
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION tasks_tally();
