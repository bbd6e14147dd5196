-- The status a done task had before it was done, so reopening it restores
-- "doing" instead of resetting it to "todo". NULL on every other task.
ALTER TABLE tasks ADD COLUMN reopen_status TEXT CHECK (reopen_status IN ('todo', 'doing'));
