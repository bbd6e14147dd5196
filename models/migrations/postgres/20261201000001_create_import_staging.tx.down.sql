DROP TABLE import_rows;
--bun:split
DROP TABLE imports;
