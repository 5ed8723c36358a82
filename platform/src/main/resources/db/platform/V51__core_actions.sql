-- Actions (seed 003, "Actions"): definitions, the scripts they have had (by md5, so that an applied action
-- keeps running the script it was applied with), their applications to token types with per-application
-- local state, and the global state shared by all applications of a definition.
CREATE TABLE core.action (
    id                        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guid                      UUID        NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    owner_id                  BIGINT REFERENCES core.core_user (id),
    name                      TEXT        NOT NULL UNIQUE,
    version                   TEXT,
    target_attribute_id       BIGINT      NOT NULL REFERENCES core.attribute (id),
    -- null: always; else {"literal": "..."}, {"number": n} or {"regex": "..."} matched on the target's value.
    target_from_state         JSONB,
    lifecycles                TEXT[]      NOT NULL DEFAULT '{}',
    -- Other moments the action runs at: location_entering, location_leaving, cron (the fire times of the
    -- target attribute's time bounds).
    triggers                  TEXT[]      NOT NULL DEFAULT '{}',
    recipient_attribute_id    BIGINT REFERENCES core.attribute (id),
    recipient_token_id        BIGINT REFERENCES core.token (id),
    charge_type_group_id      BIGINT REFERENCES core.type_group (id),
    -- null with a charge: the set of the lifecycle event (the set a token was created in or added to).
    charge_source_set_id      BIGINT REFERENCES core.token_set (id),
    charge_destination_set_id BIGINT REFERENCES core.token_set (id),
    per_token                 BOOLEAN     NOT NULL DEFAULT TRUE,
    run_when_in_area          BOOLEAN     NOT NULL DEFAULT TRUE,
    run_when_out_area         BOOLEAN     NOT NULL DEFAULT FALSE,
    -- A JavaScript source (kept in core.action_script by md5) or a plugin action type's name.
    action_type               TEXT,
    script_md5                TEXT        NOT NULL,
    param_attributes          BIGINT[]    NOT NULL DEFAULT '{}',
    local_state_init          JSONB       NOT NULL DEFAULT '{}',
    created_at                TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((charge_type_group_id IS NULL) = (charge_destination_set_id IS NULL)),
    CHECK (charge_source_set_id IS NULL OR charge_type_group_id IS NOT NULL)
);
CREATE INDEX action_by_owner ON core.action (owner_id, id);
CREATE INDEX action_by_target ON core.action (target_attribute_id);

-- Every script a definition has had, by md5: JavaScript source, or the plugin action type it named.
CREATE TABLE core.action_script (
    action_id   BIGINT NOT NULL REFERENCES core.action (id) ON DELETE CASCADE,
    md5         TEXT   NOT NULL,
    source      TEXT,
    action_type TEXT,
    PRIMARY KEY (action_id, md5),
    CHECK ((source IS NULL) <> (action_type IS NULL))
);

-- One row per definition, locked FOR UPDATE by every run so that concurrent operations never lose updates.
CREATE TABLE core.action_global_state (
    action_id BIGINT PRIMARY KEY REFERENCES core.action (id) ON DELETE CASCADE,
    state     JSONB  NOT NULL
);

-- An action applied to a token type: it runs for tokens of the type and of its descendants.
CREATE TABLE core.action_instance (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id     BIGINT      NOT NULL REFERENCES core.action (id) ON DELETE CASCADE,
    token_type_id BIGINT      NOT NULL REFERENCES core.token_type (id) ON DELETE CASCADE,
    script_md5    TEXT        NOT NULL,
    local_state   JSONB       NOT NULL,
    applied_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (action_id, token_type_id)
);
CREATE INDEX action_instance_by_type ON core.action_instance (token_type_id, action_id);
