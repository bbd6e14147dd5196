-- Text search without reading every task. task_search holds each task's
-- title and notes, joined by a line feed and with ASCII letters lowered,
-- cut into trigrams (every run of three characters) by FTS5's trigram
-- tokenizer. A search word of three characters or more is then a phrase
-- of its trigrams, which the index finds without reading the tasks; the
-- list still checks every word with LIKE, so the index only narrows the
-- rows down and never changes what a search finds. Shorter words have no
-- trigram and are matched by LIKE alone (see models/search.go).
--
-- The index keeps no copy of the text (content=''), and contentless_delete
-- lets the triggers below remove a task's row by its key alone. The key
-- is user_id * 2^32 + id, so one user's tasks form one range of keys and a
-- search reads only that user's part of the index. The insert trigger
-- refuses ids and user ids that do not fit that key.
CREATE VIRTUAL TABLE task_search USING fts5 (
    body,
    tokenize = 'trigram case_sensitive 1',
    content = '',
    contentless_delete = 1
);
--bun:split
INSERT INTO task_search (rowid, body)
SELECT user_id * 4294967296 + id, lower(title || char(10) || description) FROM tasks;
--bun:split
CREATE TRIGGER tasks_search_insert AFTER INSERT ON tasks BEGIN
    SELECT RAISE(ABORT, 'task or user id too large for the search index')
    WHERE NEW.id NOT BETWEEN 0 AND 4294967295 OR NEW.user_id NOT BETWEEN 0 AND 2147483647;
    INSERT INTO task_search (rowid, body)
    VALUES (NEW.user_id * 4294967296 + NEW.id, lower(NEW.title || char(10) || NEW.description));
END;
--bun:split
CREATE TRIGGER tasks_search_delete AFTER DELETE ON tasks BEGIN
    DELETE FROM task_search WHERE rowid = OLD.user_id * 4294967296 + OLD.id;
END;
--bun:split
CREATE TRIGGER tasks_search_update AFTER UPDATE OF id, user_id, title, description ON tasks
WHEN OLD.id IS NOT NEW.id OR OLD.user_id IS NOT NEW.user_id
    OR OLD.title IS NOT NEW.title OR OLD.description IS NOT NEW.description
BEGIN
    SELECT RAISE(ABORT, 'task or user id too large for the search index')
    WHERE NEW.id NOT BETWEEN 0 AND 4294967295 OR NEW.user_id NOT BETWEEN 0 AND 2147483647;
    DELETE FROM task_search WHERE rowid = OLD.user_id * 4294967296 + OLD.id;
    INSERT INTO task_search (rowid, body)
    VALUES (NEW.user_id * 4294967296 + NEW.id, lower(NEW.title || char(10) || NEW.description));
END;
