package org.applecore.platform.core.token;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Truthy as docs/design/core.md defines it: not null, not false, not 0, not "", not an empty array or
 * object. The SQL twin is {@code core.is_truthy(jsonb)} (migration V30), used where checks are set-based.
 */
public final class Truthiness {

    private Truthiness() {
    }

    public static boolean isTruthy(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.decimalValue().signum() != 0;
        }
        if (value.isTextual()) {
            return !value.textValue().isEmpty();
        }
        if (value.isContainerNode()) {
            return !value.isEmpty();
        }
        return true;
    }

    /** Null in the sense of the allows_set rules: no value, or JSON null. */
    public static boolean isAbsent(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }
}
