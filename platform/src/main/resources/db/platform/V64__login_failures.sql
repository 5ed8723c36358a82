-- Failed POST /login attempts, for throttling password guessing (auth.LoginThrottle). Kept in the database so
-- that every host counts the same failures; rows older than the throttle's window are deleted as new ones come.
CREATE TABLE platform.login_failure (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username  TEXT        NOT NULL,   -- as typed, lower-cased (logins match names regardless of case)
    client    TEXT        NOT NULL,   -- the client's address
    failed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX login_failure_by_username ON platform.login_failure (username, failed_at);
CREATE INDEX login_failure_by_client ON platform.login_failure (client, failed_at);
CREATE INDEX login_failure_by_time ON platform.login_failure (failed_at);
