-- Accounts of operators and API users. Passwords are kept only as slow salted hashes whose encoding names
-- the algorithm and iteration count, so that they can be upgraded on the next successful login.
CREATE TABLE account (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      TEXT        NOT NULL,
    password_hash TEXT        NOT NULL,
    active        BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Unique regardless of case, so that "Admin" cannot pose as "admin"; login looks names up the same way.
CREATE UNIQUE INDEX account_username_unique ON account (lower(username));

-- Role names are not a foreign key: plugins declare their roles at runtime, and an account keeps a plugin's
-- role while that plugin is stopped.
CREATE TABLE account_role (
    account_id BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    role       TEXT   NOT NULL,
    PRIMARY KEY (account_id, role)
);

-- Refresh tokens, stored as the SHA-256 of the token: a leaked table does not yield usable tokens.
CREATE TABLE refresh_token (
    token_hash BYTEA       PRIMARY KEY,
    account_id BIGINT      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked    BOOLEAN     NOT NULL DEFAULT FALSE,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX refresh_token_live_by_account ON refresh_token (account_id) WHERE NOT revoked;

-- Keys generated once and shared by every host on this database (the JWT signing secret, unless
-- APPLECORE_JWT_SECRET is set).
CREATE TABLE signing_key (
    name       TEXT        PRIMARY KEY,
    secret     BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
