-- The job engine (org.applecore.platform.jobs). One row per job: claimed by workers with
-- FOR UPDATE SKIP LOCKED, leased with a heartbeat (lease_owner, lease_expires_at), woken with NOTIFY.
CREATE TABLE platform.job (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ref                   TEXT        NOT NULL UNIQUE,
    caller_id             BIGINT      NOT NULL REFERENCES platform.account (id) ON DELETE CASCADE,
    operational_user_id   BIGINT      NOT NULL REFERENCES platform.account (id) ON DELETE CASCADE,
    status                TEXT        NOT NULL
        CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    operations            JSONB       NOT NULL,
    results               JSONB,
    error                 JSONB,
    attempts              INT         NOT NULL DEFAULT 0,
    max_attempts          INT         NOT NULL,
    run_after             TIMESTAMPTZ NOT NULL DEFAULT now(),
    lease_owner           TEXT,
    lease_expires_at      TIMESTAMPTZ,
    -- The core token of the current run (kind 'job'); its plain value lives only in the worker's memory.
    core_token_id         BIGINT,
    callback_url          TEXT,
    callback_status       TEXT
        CHECK (callback_status IN ('pending', 'delivered', 'failed')),
    callback_next_at      TIMESTAMPTZ,
    callback_attempts     INT         NOT NULL DEFAULT 0,
    idempotency_key       TEXT,
    request_hash          BYTEA,
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at            TIMESTAMPTZ,
    finished_at           TIMESTAMPTZ,
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((status IN ('succeeded', 'failed', 'cancelled')) = (finished_at IS NOT NULL))
);
CREATE UNIQUE INDEX job_idempotency ON platform.job (caller_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX job_ready ON platform.job (run_after, id) WHERE status = 'queued';
CREATE INDEX job_leased ON platform.job (lease_expires_at) WHERE status = 'running';
CREATE INDEX job_by_caller ON platform.job (caller_id, id);
CREATE INDEX job_by_operational_user ON platform.job (operational_user_id, id);
CREATE INDEX job_callback_due ON platform.job (callback_next_at) WHERE callback_status = 'pending';
CREATE INDEX job_finished ON platform.job (finished_at) WHERE finished_at IS NOT NULL;

-- Every delivery attempt of a job's callback, with its outcome.
CREATE TABLE platform.job_callback_attempt (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id       BIGINT      NOT NULL REFERENCES platform.job (id) ON DELETE CASCADE,
    attempt      INT         NOT NULL,
    attempted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    status_code  INT,
    outcome      TEXT        NOT NULL CHECK (outcome IN ('delivered', 'http_error', 'timeout', 'network_error', 'refused')),
    detail       TEXT,
    duration_ms  INT         NOT NULL
);
CREATE INDEX job_callback_attempt_by_job ON platform.job_callback_attempt (job_id, attempt);

-- Each user's Standard Webhooks signing secret ("whsec_" + base64 of 32 random bytes). It must be readable
-- to sign, so it is stored as it is; it is shown only to its user and never logged.
CREATE TABLE platform.webhook_secret (
    account_id BIGINT      PRIMARY KEY REFERENCES platform.account (id) ON DELETE CASCADE,
    secret     TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
