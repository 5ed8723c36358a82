-- The system items of seed 003 ("System defined items"): the standard token types, the standard groups and
-- the standard attributes. They have no owner, so no user can edit or delete them.

INSERT INTO core.token_type (name, kind, system) VALUES ('user', 'user', TRUE), ('group', 'group', TRUE);

INSERT INTO core.token_type (name, kind, system) VALUES ('regular_user', 'group', TRUE), ('full_admin_user', 'group', TRUE);
INSERT INTO core.token_type_parent (type_id, parent_id, position)
SELECT t.id, g.id, 0 FROM core.token_type t, core.token_type g
WHERE t.system AND t.name IN ('regular_user', 'full_admin_user') AND g.system AND g.name = 'group';

INSERT INTO core.user_group (name, token_type_id, system)
SELECT name, id, TRUE FROM core.token_type WHERE system AND name IN ('regular_user', 'full_admin_user');

-- Core identification and display.
INSERT INTO core.attribute (name, value_type, string_type, system) VALUES
    ('name', 'string', 'any', TRUE),
    ('email', 'string', 'email', TRUE),
    ('phone', 'string', 'phone', TRUE),
    ('address', 'string', 'any', TRUE),
    ('primary_color', 'string', 'color', TRUE),
    ('background_color', 'string', 'color', TRUE);
INSERT INTO core.attribute (name, value_type, system) VALUES
    ('location', 'location', TRUE),
    ('description', 'markdown', TRUE),
    ('image', 'binary', TRUE),
    ('symbol', 'binary', TRUE),
    ('svg_symbol_image', 'binary', TRUE),
    ('favicon', 'binary', TRUE),
    ('small_thumbnail', 'binary', TRUE),
    ('medium_thumbnail', 'binary', TRUE);

-- Management flags, which every token and token set has whatever its type.
INSERT INTO core.attribute (name, value_type, default_value, allow_null, system) VALUES
    ('created', 'json', 'true'::jsonb, FALSE, TRUE);
INSERT INTO core.attribute (name, value_type, system) VALUES
    ('allows_set', 'json', TRUE),
    ('allows_set_operation', 'json', TRUE),
    ('attribute_filter', 'json', TRUE);

-- Organization: read-only tags. Readable by everyone, written by no one but full admins. The base tag's
-- direct children are the categories; more specific tags descend from those.
INSERT INTO core.attribute (name, value_type, string_type, default_value, write_user_groups, system)
SELECT 'tag', 'string', 'any', NULL, ARRAY[g.id], TRUE FROM core.user_group g WHERE g.system AND g.name = 'full_admin_user';
INSERT INTO core.attribute (name, parent_id, value_type, string_type, write_user_groups, system)
SELECT c.name, t.id, 'string', 'any', t.write_user_groups, TRUE
FROM core.attribute t, (VALUES ('tag:user'), ('tag:media'), ('tag:documentation')) AS c (name)
WHERE t.system AND t.name = 'tag';

-- The standard user and group token types carry the identification and display attributes.
INSERT INTO core.token_type_attribute (type_id, attribute_id)
SELECT t.id, a.id FROM core.token_type t, core.attribute a
WHERE t.system AND t.name IN ('user', 'group') AND a.system AND a.name IN
    ('name', 'email', 'phone', 'address', 'location', 'description', 'image', 'symbol', 'primary_color',
     'background_color', 'svg_symbol_image', 'favicon', 'small_thumbnail', 'medium_thumbnail');
-- A user token is about a user.
INSERT INTO core.token_type_attribute (type_id, attribute_id)
SELECT t.id, a.id FROM core.token_type t, core.attribute a
WHERE t.system AND t.name = 'user' AND a.system AND a.name = 'tag:user';
