-- Imports carry lists, labels and subtasks. A staged row names its list
-- by key (models.nameKey; the lists are made when publishing starts) and
-- its parent by seq. A row that is a parent gets its task id as it is
-- published and stays until the import is done, so that a subtask
-- published in a later batch finds its parent's; other rows go as they
-- are published. imports.published is the last seq published (NULL
-- before the first batch).
ALTER TABLE import_rows
    ADD COLUMN parent_seq INTEGER,
    ADD COLUMN position INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN list_key TEXT COLLATE "C" NOT NULL DEFAULT 'inbox',
    ADD COLUMN is_parent INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN task_id BIGINT;
--bun:split
ALTER TABLE imports ADD COLUMN published INTEGER;
--bun:split
-- A staged row's labels, by key. No foreign key, as for import_rows.
CREATE TABLE import_labels (
    import_id BIGINT NOT NULL,
    seq       INTEGER NOT NULL,
    label_key TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (import_id, seq, label_key)
);
