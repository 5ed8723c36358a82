-- Installed plugins and the operator's choice for each. The archive itself lives here too, so that every
-- host sharing the database can load the same plugins without a shared file system.
CREATE TABLE plugin (
    id            TEXT PRIMARY KEY,
    version       TEXT        NOT NULL,
    dependencies  TEXT        NOT NULL DEFAULT '',
    archive       BYTEA       NOT NULL,
    archive_sha256 TEXT       NOT NULL,
    enabled       BOOLEAN     NOT NULL,
    bundled       BOOLEAN     NOT NULL DEFAULT FALSE,
    removed       BOOLEAN     NOT NULL DEFAULT FALSE,
    installed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    revision      BIGINT      NOT NULL DEFAULT 1
);
