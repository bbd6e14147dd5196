-- The PostgreSQL twin of sqlite/20261201000003_task_search: text search
-- without reading every task. pg_trgm's GIN index holds the trigrams of
-- each task's title and notes, joined by a line feed and with ASCII letters
-- lowered (the columns are COLLATE "C", so lower() folds ASCII only, as
-- SQLite's does). The list's search condition is written with the same
-- expression, lower(t.title || chr(10) || t.description) LIKE '%word%', so
-- the planner can answer a rare word from this index and a common one from
-- the list's ordered index, which stops after a page (see models/search.go).
--
-- pg_trgm ships with PostgreSQL (the contrib modules, part of Debian's
-- postgresql package) and is a trusted extension since PostgreSQL 13: the
-- database's owner, or any role with CREATE on the database, may create it
-- without being a superuser. On an older server a superuser must run
-- CREATE EXTENSION pg_trgm; in Docket's database once before this migration.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--bun:split
CREATE INDEX tasks_search_idx ON tasks USING gin (lower(title || chr(10) || description) gin_trgm_ops);
