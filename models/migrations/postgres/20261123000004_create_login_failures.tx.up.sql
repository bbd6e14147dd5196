-- Failed log-ins counted per key ("ip:…" or "user:…") in a fixed window, so
-- throttling holds across restarts and across instances sharing the database.
CREATE TABLE login_failures (
    key          TEXT PRIMARY KEY,
    window_start TIMESTAMPTZ NOT NULL,
    count        INTEGER NOT NULL
);
