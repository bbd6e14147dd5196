CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL CHECK (length(username) BETWEEN 3 AND 32 AND username = lower(username)),
    password_hash TEXT NOT NULL,
    timezone      TEXT NOT NULL DEFAULT 'UTC',
    created_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
--bun:split
CREATE UNIQUE INDEX users_username_idx ON users (username);
