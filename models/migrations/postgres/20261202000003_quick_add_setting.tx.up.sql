-- Whether quick add reads dates, priorities, lists and labels in what is
-- typed (on by default; the account page turns it off).
ALTER TABLE users ADD COLUMN quick_add_parse BOOLEAN NOT NULL DEFAULT true;
