ALTER TABLE users DROP COLUMN quick_add_parse;
