DROP TABLE task_labels;
--bun:split
DROP TABLE labels;
