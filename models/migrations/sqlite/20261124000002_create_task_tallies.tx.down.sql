DROP TRIGGER tasks_tally_update;
--bun:split
DROP TRIGGER tasks_tally_delete;
--bun:split
DROP TRIGGER tasks_tally_insert;
--bun:split
DROP TABLE task_tallies;
