package org.applecore.platform.core.attribute;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.problem.ApiException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reading core request bodies strictly: unknown fields, wrong types and malformed ids are refused with a
 * 400 that names the field, before anything is looked up or written.
 */
public final class JsonRequest {

    /** The most ids one list in a body may hold. */
    public static final int MAX_IDS = 100;

    private JsonRequest() {
    }

    public static JsonNode object(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw invalid(where + " must be a JSON object.");
        }
        return node;
    }

    public static void allowOnly(JsonNode object, Set<String> allowed, String where) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("core.unknown_field", where + " has no field '" + name + "'; allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ".");
            }
        }
    }

    public static boolean present(JsonNode object, String field) {
        return object.has(field);
    }

    /** A required, non-blank string of at most maxLength characters without control characters or edge spaces. */
    public static String name(JsonNode object, String field, int maxLength) {
        JsonNode node = object.get(field);
        if (node == null || !node.isTextual()) {
            throw invalid(field + " is required and must be a string.");
        }
        String text = node.textValue();
        if (text.isEmpty() || text.length() > maxLength || !text.strip().equals(text)
                || text.chars().anyMatch(Character::isISOControl)) {
            throw invalid(field + " must be 1 to " + maxLength
                    + " characters, without control characters or leading or trailing spaces.");
        }
        return text;
    }

    /** A nullable id: null when the field is JSON null. */
    public static Long nullableId(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        return id(node, field);
    }

    public static long id(JsonNode node, String field) {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1) {
            throw invalid(field + " must hold positive integer ids.");
        }
        return node.longValue();
    }

    /** A list of distinct ids in the order given; JSON null means the empty list. */
    public static List<Long> ids(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid(field + " must be an array of ids.");
        }
        if (node.size() > MAX_IDS) {
            throw invalid(field + " may hold at most " + MAX_IDS + " ids.");
        }
        Set<Long> ids = new LinkedHashSet<>();
        for (JsonNode item : node) {
            if (!ids.add(id(item, field))) {
                throw invalid(field + " holds id " + item.longValue() + " twice.");
            }
        }
        return new ArrayList<>(ids);
    }

    public static ApiException invalid(String detail) {
        return ApiException.badRequest("core.invalid_request", detail);
    }
}
