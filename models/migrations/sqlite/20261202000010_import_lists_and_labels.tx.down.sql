DROP TABLE import_labels;
--bun:split
ALTER TABLE imports DROP COLUMN published;
--bun:split
ALTER TABLE import_rows DROP COLUMN task_id;
--bun:split
ALTER TABLE import_rows DROP COLUMN is_parent;
--bun:split
ALTER TABLE import_rows DROP COLUMN list_key;
--bun:split
ALTER TABLE import_rows DROP COLUMN position;
--bun:split
ALTER TABLE import_rows DROP COLUMN parent_seq;
