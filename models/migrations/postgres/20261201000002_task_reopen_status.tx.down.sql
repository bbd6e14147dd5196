ALTER TABLE tasks DROP COLUMN reopen_status;
