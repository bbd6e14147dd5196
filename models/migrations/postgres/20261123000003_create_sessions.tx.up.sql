-- Sessions for scs. user_id lets a password change end a user's other sessions.
CREATE TABLE sessions (
    token   TEXT PRIMARY KEY,
    data    BYTEA NOT NULL,
    expiry  TIMESTAMPTZ NOT NULL,
    user_id BIGINT REFERENCES users (id) ON DELETE CASCADE
);
--bun:split
CREATE INDEX sessions_expiry_idx ON sessions (expiry);
--bun:split
CREATE INDEX sessions_user_idx ON sessions (user_id);
