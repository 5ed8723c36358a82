-- One row per action and cron fire time: the host that inserts it runs that fire time, so several hosts
-- sweeping the same schedule run each fire time once.
CREATE TABLE core.action_cron_fire (
    action_id     BIGINT      NOT NULL REFERENCES core.action (id) ON DELETE CASCADE,
    time_bound_id BIGINT      NOT NULL REFERENCES core.time_bound (id) ON DELETE CASCADE,
    fire_at       TIMESTAMPTZ NOT NULL,
    claimed_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (action_id, time_bound_id, fire_at)
);
