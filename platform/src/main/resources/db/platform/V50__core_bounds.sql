-- Map and time bounds (seed 003, "Boundaries") and their use on attributes. Names are unique per kind.
CREATE TABLE core.map_bound (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guid       UUID        NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    owner_id   BIGINT      NOT NULL REFERENCES core.core_user (id),
    name       TEXT        NOT NULL UNIQUE,
    -- A GeoJSON MultiPolygon holding the polygons as given (they may overlap or be disjoint).
    geometry   JSONB       NOT NULL,
    -- Bumped on every change: hosts key their prepared-geometry caches by (id, version).
    version    BIGINT      NOT NULL DEFAULT 1,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX map_bound_by_owner ON core.map_bound (owner_id, id);

CREATE TABLE core.time_bound (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guid                  UUID        NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    owner_id              BIGINT      NOT NULL REFERENCES core.core_user (id),
    name                  TEXT        NOT NULL UNIQUE,
    start_at              TIMESTAMPTZ NOT NULL,
    stop_at               TIMESTAMPTZ NOT NULL,
    cron                  TEXT,
    period_length_seconds BIGINT CHECK (period_length_seconds > 0),
    time_zone             TEXT        NOT NULL DEFAULT 'UTC',
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (stop_at >= start_at),
    CHECK ((cron IS NULL) = (period_length_seconds IS NULL))
);
CREATE INDEX time_bound_by_owner ON core.time_bound (owner_id, id);

CREATE TABLE core.attribute_map_bound (
    attribute_id BIGINT NOT NULL REFERENCES core.attribute (id) ON DELETE CASCADE,
    bound_id     BIGINT NOT NULL REFERENCES core.map_bound (id),
    PRIMARY KEY (attribute_id, bound_id)
);
CREATE INDEX attribute_map_bound_by_bound ON core.attribute_map_bound (bound_id);

CREATE TABLE core.attribute_time_bound (
    attribute_id BIGINT NOT NULL REFERENCES core.attribute (id) ON DELETE CASCADE,
    bound_id     BIGINT NOT NULL REFERENCES core.time_bound (id),
    PRIMARY KEY (attribute_id, bound_id)
);
CREATE INDEX attribute_time_bound_by_bound ON core.attribute_time_bound (bound_id);
