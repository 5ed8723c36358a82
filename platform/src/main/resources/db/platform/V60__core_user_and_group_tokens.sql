-- User and group tokens (seed 003, "User", "User Groups"): a user's data lives on the user's own token, a
-- group's (image, docs, ...) on the group's token. Each core user gets a personal token set holding their
-- token and the tokens of the groups they own; core_user.token_id / user_group.token_id point at them.

ALTER TABLE core.core_user
    ADD COLUMN token_id        BIGINT UNIQUE REFERENCES core.token (id),
    ADD COLUMN personal_set_id BIGINT REFERENCES core.token_set (id) ON DELETE SET NULL;
ALTER TABLE core.user_group
    ADD COLUMN token_id BIGINT UNIQUE REFERENCES core.token (id);

-- Groups carry an image and docs: the system attribute "docs" (markdown), if not already there, and both
-- "image" and "docs" on the system group token type.
INSERT INTO core.attribute (name, value_type, system)
SELECT 'docs', 'markdown', TRUE
WHERE NOT EXISTS (SELECT 1 FROM core.attribute WHERE owner_id IS NULL AND name = 'docs');
INSERT INTO core.token_type_attribute (type_id, attribute_id)
SELECT t.id, a.id FROM core.token_type t, core.attribute a
WHERE t.system AND t.name = 'group' AND t.kind = 'group' AND a.owner_id IS NULL AND a.system AND a.name IN ('image', 'docs')
ON CONFLICT DO NOTHING;

-- Backfill: every existing core user gets a personal set and their token; every existing group made by a
-- user (personal groups included, system groups excepted) gets its token in its owner's personal set.
-- Migrations run before the host serves requests, so nothing races with this.
DO $$
DECLARE
    u RECORD;
    g RECORD;
    v_set BIGINT;
    v_token BIGINT;
BEGIN
    FOR u IN SELECT c.id, c.token_type_id, a.username FROM core.core_user c JOIN platform.account a ON a.id = c.id
             WHERE c.token_id IS NULL ORDER BY c.id LOOP
        INSERT INTO core.token_set (owner_id, name) VALUES (u.id, u.username || '''s tokens') RETURNING id INTO v_set;
        INSERT INTO core.token (type_id, owner_id) VALUES (u.token_type_id, u.id) RETURNING id INTO v_token;
        INSERT INTO core.token_set_member (set_id, token_id) VALUES (v_set, v_token);
        UPDATE core.token_set SET member_count = member_count + 1 WHERE id = v_set;
        UPDATE core.core_user SET token_id = v_token, personal_set_id = v_set WHERE id = u.id;
    END LOOP;
    FOR g IN SELECT ug.id, ug.owner_id, ug.token_type_id, c.personal_set_id FROM core.user_group ug
             JOIN core.core_user c ON c.id = ug.owner_id
             WHERE ug.token_id IS NULL AND NOT ug.system AND c.personal_set_id IS NOT NULL ORDER BY ug.id LOOP
        INSERT INTO core.token (type_id, owner_id) VALUES (g.token_type_id, g.owner_id) RETURNING id INTO v_token;
        INSERT INTO core.token_set_member (set_id, token_id) VALUES (g.personal_set_id, v_token);
        UPDATE core.token_set SET member_count = member_count + 1 WHERE id = g.personal_set_id;
        UPDATE core.user_group SET token_id = v_token WHERE id = g.id;
    END LOOP;
END
$$;
