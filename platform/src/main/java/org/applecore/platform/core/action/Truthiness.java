package org.applecore.platform.core.action;

import com.fasterxml.jackson.databind.JsonNode;

/** Seed 003's "truthful": not null, not false, not 0, not "", not an empty array or object. */
final class Truthiness {

    private Truthiness() {
    }

    static boolean truthy(JsonNode value) {
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
        return !value.isContainerNode() || !value.isEmpty();
    }
}
