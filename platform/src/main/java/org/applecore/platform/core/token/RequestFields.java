package org.applecore.platform.core.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.applecore.platform.problem.ApiException;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the JSON bodies of the token, token set, type group and set operation endpoints. Bodies are taken
 * as a tree so that every refusal is a 400 naming the field ({@code core.unknown_field} for a field the
 * endpoint does not know, {@code core.invalid_request} for anything else), and so that
 * attribute values keep their JSON shape (a value may be any JSON, including null).
 */
public final class RequestFields {

    private RequestFields() {
    }

    /** The body as an object whose fields are all among {@code allowed}. */
    public static JsonNode object(JsonNode body, Set<String> allowed) {
        if (body == null || !body.isObject()) {
            throw invalid("The body must be a JSON object.");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("core.unknown_field",
                        "Unknown field '" + name + "'; expected one of " + allowed.stream().sorted().toList() + ".");
            }
        }
        return body;
    }

    /** An id field: absent or null gives null; else a positive integer. */
    public static Long optionalId(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 1) {
            throw invalid("'" + field + "' must be a positive integer id.");
        }
        return node.asLong();
    }

    public static long requiredId(JsonNode body, String field) {
        Long id = optionalId(body, field);
        if (id == null) {
            throw invalid("'" + field + "' is required.");
        }
        return id;
    }

    /** A count field such as {@code minimum_needed}: absent or null gives null; else an integer of at least 0. */
    public static Long optionalCount(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
            throw invalid("'" + field + "' must be an integer of at least 0.");
        }
        return node.asLong();
    }

    /** A text field: absent or null gives null; else a string of 1 to {@code maxLength} characters. */
    public static String optionalText(JsonNode body, String field, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > maxLength) {
            throw invalid("'" + field + "' must be a non-blank string of at most " + maxLength + " characters.");
        }
        return node.asText();
    }

    public static String requiredText(JsonNode body, String field, int maxLength) {
        String text = optionalText(body, field, maxLength);
        if (text == null) {
            throw invalid("'" + field + "' is required.");
        }
        return text;
    }

    /**
     * Attribute values sent as {@code {"<attributeId>": value}}: absent gives an empty map; a JSON null value
     * is kept as {@link NullNode}.
     */
    public static Map<Long, JsonNode> values(JsonNode body, String field) {
        JsonNode node = body.get(field);
        Map<Long, JsonNode> values = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isObject()) {
            throw invalid("'" + field + "' must be an object from attribute id to value.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = fields.next();
            long attributeId;
            try {
                attributeId = Long.parseLong(entry.getKey());
            } catch (NumberFormatException e) {
                throw invalid("'" + field + "' keys must be attribute ids; '" + entry.getKey() + "' is not one.");
            }
            if (attributeId < 1) {
                throw invalid("'" + field + "' keys must be attribute ids; '" + entry.getKey() + "' is not one.");
            }
            values.put(attributeId, entry.getValue() == null ? NullNode.getInstance() : entry.getValue());
        }
        return values;
    }

    public static ApiException invalid(String detail) {
        return ApiException.badRequest("core.invalid_request", detail);
    }
}
