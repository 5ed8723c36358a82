package org.applecore.platform.core.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.applecore.platform.core.attribute.BoundedRegex;
import org.applecore.platform.core.attribute.JsonRequest;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * An action's {@code target-from-state}: the state the target attribute must be in for the action to run.
 * On the wire a string is a literal, a number a number, and {@code {"regex": "..."}} a regular expression
 * matched against the whole (string) value; null means always.
 */
sealed interface TargetFromState {

    boolean matches(JsonNode value);

    JsonNode toJson();

    record Literal(String text) implements TargetFromState {
        @Override
        public boolean matches(JsonNode value) {
            return value != null && value.isTextual() && value.textValue().equals(text);
        }

        @Override
        public JsonNode toJson() {
            return JsonNodeFactory.instance.textNode(text);
        }
    }

    record Number(BigDecimal number) implements TargetFromState {
        @Override
        public boolean matches(JsonNode value) {
            return value != null && value.isNumber() && value.decimalValue().compareTo(number) == 0;
        }

        @Override
        public JsonNode toJson() {
            return JsonNodeFactory.instance.numberNode(number);
        }
    }

    record Regex(String regex, Pattern pattern) implements TargetFromState {
        @Override
        public boolean matches(JsonNode value) {
            if (value == null || !value.isTextual()) {
                return false;
            }
            try {
                return BoundedRegex.matches(pattern, value.textValue());
            } catch (RuntimeException tooSlow) {
                return false;
            }
        }

        @Override
        public JsonNode toJson() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("regex", regex);
            return node;
        }
    }

    /** Null for JSON null, an absent field or an empty string ("empty means always"). */
    static TargetFromState of(JsonNode node) {
        if (node == null || node.isNull() || (node.isTextual() && node.textValue().isEmpty())) {
            return null;
        }
        if (node.isTextual()) {
            return new Literal(node.textValue());
        }
        if (node.isNumber()) {
            return new Number(node.decimalValue());
        }
        if (node.isObject() && node.size() == 1 && node.path("regex").isTextual()) {
            String regex = node.get("regex").textValue();
            return new Regex(regex, BoundedRegex.compile(regex));
        }
        throw JsonRequest.invalid("target_from_state must be a string (a literal), a number, {\"regex\": \"...\"} or null.");
    }
}
