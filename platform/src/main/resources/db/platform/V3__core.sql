-- The Apple Core (seed 003): users and groups, attributes, token types, tokens, token sets, type groups.
-- Everything lives in its own schema. Ids are BIGINT identities (the API's "id"); each object also has a
-- random GUID for references that must not be guessable or sequential.
CREATE SCHEMA IF NOT EXISTS core;

-- Token types. Kind 'user' and 'group' types are made for each user and group and inherit the system
-- user or group type; 'plain' types are made by users. A NULL owner is the system.
CREATE TABLE core.token_type (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guid       UUID        NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    owner_id   BIGINT,
    name       TEXT        NOT NULL,
    kind       TEXT        NOT NULL DEFAULT 'plain' CHECK (kind IN ('plain', 'user', 'group')),
    system     BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX token_type_by_owner ON core.token_type (owner_id, id);

-- Parents of a token type, in the order given (the order actions of one generation run in).
CREATE TABLE core.token_type_parent (
    type_id   BIGINT NOT NULL REFERENCES core.token_type (id) ON DELETE CASCADE,
    parent_id BIGINT NOT NULL REFERENCES core.token_type (id),
    position  INT    NOT NULL,
    PRIMARY KEY (type_id, parent_id)
);
CREATE INDEX token_type_parent_children ON core.token_type_parent (parent_id);

-- Core users: one per platform account, created with the account (or on its first core call).
CREATE TABLE core.core_user (
    id                BIGINT PRIMARY KEY REFERENCES platform.account (id),
    guid              UUID        NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    token_type_id     BIGINT      NOT NULL REFERENCES core.token_type (id),
    personal_group_id BIGINT,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- User groups. An inherited group (parent_group_id) inherits its parent's members and admins and can add
-- or drop some (core.user_group_member.excluded). personal_of marks the group made for each user.
CREATE TABLE core.user_group (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guid            UUID        NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    name            TEXT        NOT NULL,
    owner_id        BIGINT REFERENCES core.core_user (id),
    token_type_id   BIGINT      NOT NULL REFERENCES core.token_type (id),
    parent_group_id BIGINT REFERENCES core.user_group (id),
    personal_of     BIGINT UNIQUE REFERENCES core.core_user (id),
    system          BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX user_group_system_name ON core.user_group (name) WHERE system;
CREATE INDEX user_group_children ON core.user_group (parent_group_id);
ALTER TABLE core.core_user ADD CONSTRAINT core_user_personal_group
    FOREIGN KEY (personal_group_id) REFERENCES core.user_group (id);

-- Direct membership. For an inherited group a row with excluded = TRUE drops a member (or admin) that the
-- parent group would otherwise pass down.
CREATE TABLE core.user_group_member (
    group_id BIGINT  NOT NULL REFERENCES core.user_group (id) ON DELETE CASCADE,
    user_id  BIGINT  NOT NULL REFERENCES core.core_user (id),
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    excluded BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX user_group_member_by_user ON core.user_group_member (user_id);

-- Attributes. A NULL owner is a system attribute: not editable, not deletable. parent_id makes this
-- attribute a descendant of another (it may only narrow the parent's groups). Group and attribute id
-- lists are arrays: they are read whole and small.
CREATE TABLE core.attribute (
    id                     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guid                   UUID        NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    owner_id               BIGINT REFERENCES core.core_user (id),
    parent_id              BIGINT REFERENCES core.attribute (id),
    name                   TEXT        NOT NULL,
    value_type             TEXT        NOT NULL CHECK (value_type IN
                               ('numeric', 'string', 'json', 'markdown', 'binary', 'location', 'action')),
    string_type            TEXT CHECK (string_type IN
                               ('datetime', 'color', 'url', 'email', 'social', 'phone', 'any')),
    min_value              NUMERIC,
    max_value              NUMERIC,
    enum_values            JSONB,
    regex                  TEXT,
    default_value          JSONB,
    allow_null             BOOLEAN     NOT NULL DEFAULT TRUE,
    required_siblings      BIGINT[]    NOT NULL DEFAULT '{}',
    owner_user_groups      BIGINT[]    NOT NULL DEFAULT '{}',
    read_user_groups       BIGINT[]    NOT NULL DEFAULT '{}',
    write_user_groups      BIGINT[]    NOT NULL DEFAULT '{}',
    read_set_requirements  BIGINT[]    NOT NULL DEFAULT '{}',
    write_set_requirements BIGINT[]    NOT NULL DEFAULT '{}',
    system                 BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (allow_null OR default_value IS NOT NULL),
    CHECK (system = (owner_id IS NULL))
);
-- Unique per owner; system attributes (no owner) are unique among themselves.
CREATE UNIQUE INDEX attribute_name_per_owner ON core.attribute (COALESCE(owner_id, 0), name);
CREATE INDEX attribute_children ON core.attribute (parent_id);

CREATE TABLE core.token_type_attribute (
    type_id      BIGINT NOT NULL REFERENCES core.token_type (id) ON DELETE CASCADE,
    attribute_id BIGINT NOT NULL REFERENCES core.attribute (id),
    PRIMARY KEY (type_id, attribute_id)
);
CREATE INDEX token_type_attribute_by_attribute ON core.token_type_attribute (attribute_id);

-- Tokens and their values. A token with no row for an attribute has that attribute's default.
CREATE TABLE core.token (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guid       UUID        NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    type_id    BIGINT      NOT NULL REFERENCES core.token_type (id),
    owner_id   BIGINT      NOT NULL REFERENCES core.core_user (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX token_by_type ON core.token (type_id, id);
CREATE INDEX token_by_owner ON core.token (owner_id, id);

CREATE TABLE core.token_value (
    token_id     BIGINT NOT NULL REFERENCES core.token (id) ON DELETE CASCADE,
    attribute_id BIGINT NOT NULL REFERENCES core.attribute (id),
    value        JSONB,
    PRIMARY KEY (token_id, attribute_id)
);

-- Token sets: one owner, never transferred; member_count is kept in the same transaction as every
-- membership change, so counting a million-token set costs one row read.
CREATE TABLE core.token_set (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guid          UUID        NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    owner_id      BIGINT      NOT NULL REFERENCES core.core_user (id),
    token_type_id BIGINT REFERENCES core.token_type (id),
    name          TEXT,
    member_count  BIGINT      NOT NULL DEFAULT 0 CHECK (member_count >= 0),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX token_set_by_owner ON core.token_set (owner_id, id);

CREATE TABLE core.token_set_value (
    set_id       BIGINT NOT NULL REFERENCES core.token_set (id) ON DELETE CASCADE,
    attribute_id BIGINT NOT NULL REFERENCES core.attribute (id),
    value        JSONB,
    PRIMARY KEY (set_id, attribute_id)
);

-- Membership: keyset-paginated by token id within a set; the reverse index finds a token's sets.
CREATE TABLE core.token_set_member (
    set_id   BIGINT      NOT NULL REFERENCES core.token_set (id) ON DELETE CASCADE,
    token_id BIGINT      NOT NULL REFERENCES core.token (id) ON DELETE CASCADE,
    added_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (set_id, token_id)
);
CREATE INDEX token_set_member_by_token ON core.token_set_member (token_id, set_id);

-- Type groups select tokens for set operations.
CREATE TABLE core.type_group (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guid       UUID        NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    owner_id   BIGINT REFERENCES core.core_user (id),
    name       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE core.type_group_member (
    group_id       BIGINT NOT NULL REFERENCES core.type_group (id) ON DELETE CASCADE,
    type_id        BIGINT NOT NULL REFERENCES core.token_type (id),
    minimum_needed BIGINT CHECK (minimum_needed >= 0),
    maximum_needed BIGINT CHECK (maximum_needed >= 0),
    PRIMARY KEY (group_id, type_id),
    CHECK (minimum_needed IS NULL OR maximum_needed IS NULL OR minimum_needed <= maximum_needed)
);

CREATE TABLE core.type_group_value (
    group_id     BIGINT NOT NULL REFERENCES core.type_group (id) ON DELETE CASCADE,
    attribute_id BIGINT NOT NULL REFERENCES core.attribute (id),
    value        JSONB,
    PRIMARY KEY (group_id, attribute_id)
);

-- Per-user core bearer tokens (non-expiring, kind 'user') and per-job tokens (kind 'job', issue 4),
-- stored as SHA-256 only.
CREATE TABLE core.core_token (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES core.core_user (id),
    token_hash BYTEA       NOT NULL UNIQUE,
    kind       TEXT        NOT NULL CHECK (kind IN ('user', 'job')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at TIMESTAMPTZ
);
CREATE INDEX core_token_live_by_user ON core.core_token (user_id) WHERE revoked_at IS NULL;
