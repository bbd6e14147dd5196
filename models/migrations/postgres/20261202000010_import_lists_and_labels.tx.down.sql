DROP TABLE import_labels;
--bun:split
ALTER TABLE imports DROP COLUMN published;
--bun:split
ALTER TABLE import_rows
    DROP COLUMN task_id,
    DROP COLUMN is_parent,
    DROP COLUMN list_key,
    DROP COLUMN position,
    DROP COLUMN parent_seq;
