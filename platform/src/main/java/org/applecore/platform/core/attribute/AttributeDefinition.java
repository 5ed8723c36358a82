package org.applecore.platform.core.attribute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.applecore.platform.problem.ApiException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * What a user may set on an attribute, read from a request body. Create and PATCH share one reading: a
 * body is applied to a starting definition as a JSON merge patch (RFC 7396): a field that is present
 * replaces the stored one (inside {@code value}, {@code permissions} and {@code set_requirements} field by
 * field), JSON null clears it, and an absent field keeps it.
 */
record AttributeDefinition(String name, Long parentId, ValueType valueType, StringType stringType, BigDecimal min,
                           BigDecimal max, List<String> enumValues, String regex, JsonNode defaultValue,
                           boolean allowNull, List<Long> requiredSiblings, List<Long> ownerUserGroups,
                           List<Long> readUserGroups, List<Long> writeUserGroups, List<Long> readSetRequirements,
                           List<Long> writeSetRequirements) {

    static final int MAX_NAME = 100;
    static final int MAX_ENUM = 100;
    private static final Set<String> TOP = Set.of("name", "parent_id", "value", "required_siblings", "permissions", "bounds");
    private static final Set<String> VALUE = Set.of("value_type", "string_type", "min", "max", "enum", "regex", "default",
            "allow_null");
    private static final Set<String> PERMISSIONS = Set.of("owner_user_groups", "read_user_groups", "write_user_groups",
            "set_requirements");
    private static final Set<String> REQUIREMENTS = Set.of("read", "write");
    private static final Set<String> BOUNDS = Set.of("map", "time");

    /** The starting point of a new attribute: nothing set, null allowed. */
    static final AttributeDefinition EMPTY = new AttributeDefinition(null, null, null, null, null, null, List.of(), null,
            NullNode.getInstance(), true, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    static AttributeDefinition of(Attribute a) {
        return new AttributeDefinition(a.name(), a.parentId(), a.valueType(), a.stringType(), a.min(), a.max(),
                a.enumValues(), a.regex(), a.defaultValue(), a.allowNull(), a.requiredSiblings(), a.ownerUserGroups(),
                a.readUserGroups(), a.writeUserGroups(), a.readSetRequirements(), a.writeSetRequirements());
    }

    /** This definition with the body applied; checks shapes only, not references or rules across fields. */
    AttributeDefinition merge(JsonNode body) {
        JsonRequest.object(body, "The body");
        JsonRequest.allowOnly(body, TOP, "An attribute");
        String newName = body.has("name") ? JsonRequest.name(body, "name", MAX_NAME) : name;
        Long newParent = body.has("parent_id") ? JsonRequest.nullableId(body, "parent_id") : parentId;
        List<Long> siblings = body.has("required_siblings") ? JsonRequest.ids(body, "required_siblings") : requiredSiblings;

        ValueType type = valueType;
        StringType stringTypeNow = stringType;
        BigDecimal minNow = min;
        BigDecimal maxNow = max;
        List<String> enumNow = enumValues;
        String regexNow = regex;
        JsonNode defaultNow = defaultValue;
        boolean allowNullNow = allowNull;
        if (body.has("value")) {
            JsonNode value = JsonRequest.object(body.get("value"), "value");
            JsonRequest.allowOnly(value, VALUE, "value");
            if (value.has("value_type")) {
                type = valueType(value.get("value_type"));
            }
            if (value.has("string_type")) {
                stringTypeNow = stringType(value.get("string_type"));
            }
            if (value.has("min")) {
                minNow = number(value.get("min"), "value.min");
            }
            if (value.has("max")) {
                maxNow = number(value.get("max"), "value.max");
            }
            if (value.has("enum")) {
                enumNow = strings(value.get("enum"));
            }
            if (value.has("regex")) {
                JsonNode node = value.get("regex");
                if (!node.isNull() && !node.isTextual()) {
                    throw JsonRequest.invalid("value.regex must be a string or null.");
                }
                regexNow = node.isNull() ? null : node.textValue();
            }
            if (value.has("default")) {
                defaultNow = value.get("default");
            }
            if (value.has("allow_null")) {
                if (!value.get("allow_null").isBoolean()) {
                    throw JsonRequest.invalid("value.allow_null must be true or false.");
                }
                allowNullNow = value.get("allow_null").booleanValue();
            }
        }
        if (type == null) {
            throw JsonRequest.invalid("value.value_type is required: one of numeric, string, json, markdown, binary, "
                    + "location, action.");
        }
        if (type == ValueType.STRING && stringTypeNow == null) {
            stringTypeNow = StringType.ANY;
        }

        List<Long> owners = ownerUserGroups;
        List<Long> readers = readUserGroups;
        List<Long> writers = writeUserGroups;
        List<Long> readReq = readSetRequirements;
        List<Long> writeReq = writeSetRequirements;
        if (body.has("permissions")) {
            JsonNode permissions = JsonRequest.object(body.get("permissions"), "permissions");
            JsonRequest.allowOnly(permissions, PERMISSIONS, "permissions");
            owners = permissions.has("owner_user_groups") ? JsonRequest.ids(permissions, "owner_user_groups") : owners;
            readers = permissions.has("read_user_groups") ? JsonRequest.ids(permissions, "read_user_groups") : readers;
            writers = permissions.has("write_user_groups") ? JsonRequest.ids(permissions, "write_user_groups") : writers;
            if (permissions.has("set_requirements") && !permissions.get("set_requirements").isNull()) {
                JsonNode requirements = JsonRequest.object(permissions.get("set_requirements"), "permissions.set_requirements");
                JsonRequest.allowOnly(requirements, REQUIREMENTS, "permissions.set_requirements");
                readReq = requirements.has("read") ? JsonRequest.ids(requirements, "read") : readReq;
                writeReq = requirements.has("write") ? JsonRequest.ids(requirements, "write") : writeReq;
            } else if (permissions.has("set_requirements")) {
                readReq = List.of();
                writeReq = List.of();
            }
        }
        bounds(body);
        if (newName == null) {
            throw JsonRequest.invalid("name is required and must be a string.");
        }
        return new AttributeDefinition(newName, newParent, type, stringTypeNow, minNow, maxNow, enumNow, regexNow,
                defaultNow == null ? NullNode.getInstance() : defaultNow, allowNullNow, siblings, owners, readers, writers,
                readReq, writeReq);
    }

    /**
     * The bounds a body asks for: null when it has no {@code bounds} field (keep them), else the ids of each
     * kind (a missing or null kind: none).
     */
    static AttributeBoundLinks.Links bounds(JsonNode body) {
        JsonNode bounds = body.get("bounds");
        if (bounds == null) {
            return null;
        }
        if (bounds.isNull()) {
            return AttributeBoundLinks.Links.NONE;
        }
        JsonRequest.object(bounds, "bounds");
        JsonRequest.allowOnly(bounds, BOUNDS, "bounds");
        return new AttributeBoundLinks.Links(JsonRequest.ids(bounds, "map"), JsonRequest.ids(bounds, "time"));
    }

    /** The definition as an attribute, so that the value rules can check its own default. */
    Attribute asAttribute(long id, UUID guid, Long ownerId, boolean system) {
        return new Attribute(id, guid, ownerId, parentId, name, valueType, stringType, min, max, enumValues, regex,
                defaultValue, allowNull, requiredSiblings, ownerUserGroups, readUserGroups, writeUserGroups,
                readSetRequirements, writeSetRequirements, system, List.of(), List.of());
    }

    /** The rules between fields of one definition (nothing that needs the database). */
    void checkRules(AttributeValues values, long id) {
        if (valueType != ValueType.STRING && stringType != null) {
            throw rule("value.string_type is only for string values.");
        }
        if (valueType != ValueType.NUMERIC && (min != null || max != null)) {
            throw rule("value.min and value.max are only for numeric values.");
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw rule("value.min must not be greater than value.max.");
        }
        if (valueType != ValueType.STRING && (!enumValues.isEmpty() || regex != null)) {
            throw rule("value.enum and value.regex are only for string values.");
        }
        if (regex != null) {
            if (regex.isEmpty()) {
                throw ApiException.badRequest("core.invalid_regex", "value.regex must not be empty; use null for none.");
            }
            BoundedRegex.compile(regex);
        }
        if (requiredSiblings.contains(id)) {
            throw rule("required_siblings must not hold the attribute itself.");
        }
        if (!allowNull && defaultValue.isNull()) {
            throw rule("value.allow_null may be false only when value.default is set.");
        }
        // Enum entries must themselves be values of the string type (an enum of colours holds colours).
        Attribute plain = new AttributeDefinition(name, parentId, valueType, stringType, null, null, List.of(), null,
                NullNode.getInstance(), true, List.of(), List.of(), List.of(), List.of(), List.of(), List.of())
                .asAttribute(id, new UUID(0, 0), null, false);
        for (String entry : enumValues) {
            try {
                values.validate(plain, com.fasterxml.jackson.databind.node.TextNode.valueOf(entry));
            } catch (ApiException e) {
                throw rule("value.enum entry '" + entry + "' is not a valid " + stringType.name().toLowerCase(Locale.ROOT)
                        + " string.");
            }
        }
    }

    private static ApiException rule(String detail) {
        return ApiException.badRequest("core.invalid_attribute", detail);
    }

    private static ValueType valueType(JsonNode node) {
        if (node.isTextual()) {
            for (ValueType type : ValueType.values()) {
                if (type.name().toLowerCase(Locale.ROOT).equals(node.textValue())) {
                    return type;
                }
            }
        }
        throw JsonRequest.invalid("value.value_type must be one of numeric, string, json, markdown, binary, location, action.");
    }

    private static StringType stringType(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            for (StringType type : StringType.values()) {
                if (type.name().toLowerCase(Locale.ROOT).equals(node.textValue())) {
                    return type;
                }
            }
        }
        throw JsonRequest.invalid("value.string_type must be one of datetime, color, url, email, social, phone, any.");
    }

    private static BigDecimal number(JsonNode node, String field) {
        if (node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw JsonRequest.invalid(field + " must be a number or null.");
        }
        return node.decimalValue();
    }

    private static List<String> strings(JsonNode node) {
        if (node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > MAX_ENUM) {
            throw JsonRequest.invalid("value.enum must be an array of at most " + MAX_ENUM + " strings.");
        }
        Set<String> entries = new LinkedHashSet<>();
        for (JsonNode item : node) {
            if (!item.isTextual() || !entries.add(item.textValue())) {
                throw JsonRequest.invalid("value.enum must hold distinct strings.");
            }
        }
        return new ArrayList<>(entries);
    }
}
