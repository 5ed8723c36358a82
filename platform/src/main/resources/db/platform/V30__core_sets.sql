-- Tokens, token sets, type groups and set operations (core.token, core.tokenset, core.typegroup, core.setop).

-- Truthiness of a JSON value as docs/design/core.md defines it: not null, not false, not 0, not "", not an
-- empty array or object. Set-based checks (allows_set, allows_set_operation, attribute_filter) use it in SQL.
CREATE FUNCTION core.is_truthy(v JSONB) RETURNS BOOLEAN
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE jsonb_typeof(v)
        WHEN 'boolean' THEN v = 'true'::jsonb
        WHEN 'number' THEN v <> '0'::jsonb
        WHEN 'string' THEN v <> '""'::jsonb
        WHEN 'array' THEN v <> '[]'::jsonb
        WHEN 'object' THEN v <> '{}'::jsonb
        ELSE FALSE
    END
$$;

-- Set requirements ask "does some token of this set have attribute X with a value": this index finds the
-- tokens holding a value of X, to probe against the membership primary key.
CREATE INDEX token_value_present ON core.token_value (attribute_id, token_id)
    WHERE value IS NOT NULL AND value <> 'null'::jsonb;

-- "My type groups", paged by id.
CREATE INDEX type_group_by_owner ON core.type_group (owner_id, id);
