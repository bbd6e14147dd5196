-- One index per sort order, each ending in the sort's tie-breakers, so the
-- first page of any list reads about one page of rows instead of sorting
-- every task of the user. Status does not lead: "open" is an IN of two
-- values, which no (user_id, status, …) index can return in order. It
-- trails each index instead (with priority where the order lacks it), so
-- filtering while walking the index, and skipping the rows before a deep
-- page, read no table rows. A missing due date sorts last through coalesce
-- to a far-future day, which both SQLite and PostgreSQL can index.
DROP INDEX tasks_user_status_due_idx;
--bun:split
DROP INDEX tasks_user_status_priority_idx;
--bun:split
DROP INDEX tasks_user_status_title_idx;
--bun:split
CREATE INDEX tasks_user_due_idx ON tasks (user_id, coalesce(due_date, '9999-12-31'), priority DESC, id DESC, status);
--bun:split
CREATE INDEX tasks_user_priority_idx ON tasks (user_id, priority DESC, coalesce(due_date, '9999-12-31'), id DESC, status);
--bun:split
CREATE INDEX tasks_user_title_idx ON tasks (user_id, lower(title), id, status, priority);
--bun:split
CREATE INDEX tasks_user_created_idx ON tasks (user_id, id, status, priority);
