package org.applecore.platform.core.attribute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** How {@code core.attribute} rows become {@link Attribute}s: the one place that knows the column layout. */
final class AttributeRows {

    static final String COLUMNS = "id, guid, owner_id, parent_id, name, value_type, string_type, min_value, max_value, "
            + "enum_values::text AS enum_values, regex, default_value::text AS default_value, allow_null, required_siblings, "
            + "owner_user_groups, read_user_groups, write_user_groups, read_set_requirements, write_set_requirements, system, "
            + "ARRAY(SELECT b.bound_id FROM core.attribute_map_bound b WHERE b.attribute_id = attribute.id ORDER BY 1) AS map_bounds, "
            + "ARRAY(SELECT b.bound_id FROM core.attribute_time_bound b WHERE b.attribute_id = attribute.id ORDER BY 1) AS time_bounds";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AttributeRows() {
    }

    static Attribute read(ResultSet row) throws SQLException {
        String stringType = row.getString("string_type");
        return new Attribute(
                row.getLong("id"),
                row.getObject("guid", UUID.class),
                nullableLong(row, "owner_id"),
                nullableLong(row, "parent_id"),
                row.getString("name"),
                ValueType.valueOf(row.getString("value_type").toUpperCase(Locale.ROOT)),
                stringType == null ? null : StringType.valueOf(stringType.toUpperCase(Locale.ROOT)),
                row.getBigDecimal("min_value"),
                row.getBigDecimal("max_value"),
                strings(row.getString("enum_values")),
                row.getString("regex"),
                json(row.getString("default_value")),
                row.getBoolean("allow_null"),
                longs(row.getArray("required_siblings")),
                longs(row.getArray("owner_user_groups")),
                longs(row.getArray("read_user_groups")),
                longs(row.getArray("write_user_groups")),
                longs(row.getArray("read_set_requirements")),
                longs(row.getArray("write_set_requirements")),
                row.getBoolean("system"),
                longs(row.getArray("map_bounds")),
                longs(row.getArray("time_bounds")));
    }

    static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    static List<Long> longs(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        List<Long> result = new ArrayList<>(values.length);
        for (Object value : values) {
            result.add(((Number) value).longValue());
        }
        return result;
    }

    static JsonNode json(String text) {
        if (text == null) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not readable", e);
        }
    }

    static String jsonText(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON is not writable", e);
        }
    }

    private static List<String> strings(String json) {
        JsonNode node = json(json);
        List<String> result = new ArrayList<>();
        node.forEach(item -> result.add(item.asText()));
        return result;
    }
}
