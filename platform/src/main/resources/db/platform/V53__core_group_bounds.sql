-- Bounds on user groups: a bounded group's membership (and that of the groups inheriting from it) is in
-- effect only where (the caller's location) and when its bounds hold.
CREATE TABLE core.user_group_map_bound (
    group_id BIGINT NOT NULL REFERENCES core.user_group (id) ON DELETE CASCADE,
    bound_id BIGINT NOT NULL REFERENCES core.map_bound (id),
    PRIMARY KEY (group_id, bound_id)
);
CREATE INDEX user_group_map_bound_by_bound ON core.user_group_map_bound (bound_id);

CREATE TABLE core.user_group_time_bound (
    group_id BIGINT NOT NULL REFERENCES core.user_group (id) ON DELETE CASCADE,
    bound_id BIGINT NOT NULL REFERENCES core.time_bound (id),
    PRIMARY KEY (group_id, bound_id)
);
CREATE INDEX user_group_time_bound_by_bound ON core.user_group_time_bound (bound_id);
