DROP TRIGGER tasks_search_update;
--bun:split
DROP TRIGGER tasks_search_delete;
--bun:split
DROP TRIGGER tasks_search_insert;
--bun:split
DROP TABLE task_search;
