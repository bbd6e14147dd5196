DROP INDEX tasks_user_due_idx;
--bun:split
DROP INDEX tasks_user_priority_idx;
--bun:split
DROP INDEX tasks_user_title_idx;
--bun:split
DROP INDEX tasks_user_created_idx;
--bun:split
CREATE INDEX tasks_user_status_due_idx ON tasks (user_id, status, due_date);
--bun:split
CREATE INDEX tasks_user_status_priority_idx ON tasks (user_id, status, priority);
--bun:split
CREATE INDEX tasks_user_status_title_idx ON tasks (user_id, status, lower(title));
