DROP TRIGGER tasks_tally_update ON tasks;
--bun:split
DROP TRIGGER tasks_tally_delete ON tasks;
--bun:split
DROP TRIGGER tasks_tally_insert ON tasks;
--bun:split
DROP FUNCTION tasks_tally();
--bun:split
DROP FUNCTION tasks_tally_add(BIGINT, TEXT, INTEGER, BIGINT);
--bun:split
DROP TABLE task_tallies;
