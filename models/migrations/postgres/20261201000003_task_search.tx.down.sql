DROP INDEX tasks_search_idx;
--bun:split
-- Without CASCADE: if anything else has come to use pg_trgm since, this
-- refuses rather than drop it; drop that first, or keep the extension by
-- removing this statement.
DROP EXTENSION IF EXISTS pg_trgm;
