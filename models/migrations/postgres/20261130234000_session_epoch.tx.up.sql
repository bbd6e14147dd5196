-- session_epoch counts the times every session of the user was ended (a
-- password change). A log-in carries the epoch it read with the password
-- hash, and its session is only stored while the epoch is unchanged, so a
-- log-in with the old password that was in flight during the change gets
-- no session.
ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
