package org.applecore.platform.core.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stored attribute values of tokens, token sets and type groups: one row per attribute that was given a
 * value. No row means the attribute's default; an explicit JSON null is stored as JSONB {@code null} so that
 * it overrides a default.
 */
public final class StoredValues {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What holds the values, with its table and key column. */
    public enum Holder {
        TOKEN("core.token_value", "token_id"),
        TOKEN_SET("core.token_set_value", "set_id"),
        TYPE_GROUP("core.type_group_value", "group_id");

        private final String table;
        private final String key;

        Holder(String table, String key) {
            this.table = table;
            this.key = key;
        }
    }

    private StoredValues() {
    }

    /** Attribute id to stored value, in attribute id order. */
    public static Map<Long, JsonNode> read(Connection connection, Holder holder, long id) throws SQLException {
        Map<Long, JsonNode> values = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT attribute_id, value::text FROM "
                + holder.table + " WHERE " + holder.key + " = ? ORDER BY attribute_id")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    values.put(rows.getLong(1), parse(rows.getString(2)));
                }
            }
        }
        return values;
    }

    /** The stored value of one attribute, or null when there is no row (the default applies). */
    public static JsonNode readOne(Connection connection, Holder holder, long id, long attributeId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT value::text FROM " + holder.table
                + " WHERE " + holder.key + " = ? AND attribute_id = ?")) {
            select.setLong(1, id);
            select.setLong(2, attributeId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? parse(rows.getString(1)) : null;
            }
        }
    }

    /** Inserts or replaces the given values; other attributes keep theirs. */
    public static void write(Connection connection, Holder holder, long id, Map<Long, JsonNode> values) throws SQLException {
        if (values.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + holder.table + " ("
                + holder.key + ", attribute_id, value) VALUES (?, ?, ?::jsonb) ON CONFLICT (" + holder.key
                + ", attribute_id) DO UPDATE SET value = EXCLUDED.value")) {
            for (Map.Entry<Long, JsonNode> value : values.entrySet()) {
                upsert.setLong(1, id);
                upsert.setLong(2, value.getKey());
                upsert.setString(3, text(value.getValue()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** The JSON text to bind to a {@code ?::jsonb} parameter. */
    public static String text(JsonNode value) {
        return value == null ? "null" : value.toString();
    }

    public static JsonNode parse(String text) {
        if (text == null) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored value is not JSON", e);
        }
    }
}
