package org.applecore.platform.core.setop;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.core.token.RequestFields;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A set operation as asked for (seed 003, "Set operations"): A = {@code source_set}, B =
 * {@code second_source_set}, T = {@code type_group} (always optional: absent means every token),
 * D = {@code destination_set}.
 *
 * @param value for edit_attribute: the value to set (JSON null allowed), else null
 * @param attribute for edit_attribute: an attribute id (number) or name (string), else null
 */
public record SetOperation(Kind kind, Long sourceSet, Long secondSourceSet, Long typeGroup, Long destinationSet,
                           JsonNode attribute, JsonNode value, Long newOwner, String name, Long tokenType,
                           Map<Long, JsonNode> values) {

    /** The operations and the fields each takes (required first, then optional). */
    public enum Kind {
        COMBINE("combine", Set.of("source_set", "destination_set"), Set.of("second_source_set", "type_group")),
        REMOVE("remove", Set.of("source_set", "destination_set"), Set.of("type_group")),
        CREATE_SET("create_set", Set.of(), Set.of("name", "token_type", "values")),
        DELETE_SET("delete_set", Set.of("source_set"), Set.of()),
        EDIT_ATTRIBUTE("edit_attribute", Set.of("source_set", "attribute", "value"), Set.of("type_group")),
        CHANGE_OWNER("change_owner", Set.of("source_set", "new_owner"), Set.of("type_group"));

        private final String wireName;
        private final Set<String> required;
        private final Set<String> optional;

        Kind(String wireName, Set<String> required, Set<String> optional) {
            this.wireName = wireName;
            this.required = required;
            this.optional = optional;
        }

        public String wireName() {
            return wireName;
        }

        static Kind of(String name) {
            String wanted = "add".equals(name) ? "combine" : name.toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(k -> k.wireName.equals(wanted)).findFirst()
                    .orElseThrow(() -> RequestFields.invalid("'operation' must be one of "
                            + Arrays.stream(values()).map(Kind::wireName).toList() + " (or add, the same as combine)."));
        }
    }

    private static final Set<String> ALL_FIELDS = Set.of("operation", "source_set", "second_source_set", "type_group",
            "destination_set", "attribute", "value", "new_owner", "name", "token_type", "values");

    /** Reads and checks a request body: the operation's required fields present, no field it does not use. */
    public static SetOperation parse(JsonNode body) {
        JsonNode fields = RequestFields.object(body, ALL_FIELDS);
        Kind kind = Kind.of(RequestFields.requiredText(fields, "operation", 40));
        Set<String> used = new LinkedHashSet<>(kind.required);
        used.addAll(kind.optional);
        used.add("operation");
        for (var names = fields.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!used.contains(name)) {
                throw RequestFields.invalid("'" + name + "' is not used by " + kind.wireName + ".");
            }
        }
        for (String name : kind.required) {
            if (!fields.has(name) || !"value".equals(name) && fields.get(name).isNull()) {
                throw RequestFields.invalid("'" + name + "' is required by " + kind.wireName + ".");
            }
        }
        JsonNode attribute = fields.get("attribute");
        if (attribute != null && !(attribute.isIntegralNumber() && attribute.asLong() > 0
                || attribute.isTextual() && !attribute.asText().isBlank())) {
            throw RequestFields.invalid("'attribute' must be an attribute id or name.");
        }
        return new SetOperation(kind, RequestFields.optionalId(fields, "source_set"),
                RequestFields.optionalId(fields, "second_source_set"), RequestFields.optionalId(fields, "type_group"),
                RequestFields.optionalId(fields, "destination_set"), attribute, fields.get("value"),
                RequestFields.optionalId(fields, "new_owner"), RequestFields.optionalText(fields, "name", 200),
                RequestFields.optionalId(fields, "token_type"), RequestFields.values(fields, "values"));
    }
}
