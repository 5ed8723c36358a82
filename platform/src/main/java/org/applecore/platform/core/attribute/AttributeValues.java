package org.applecore.platform.core.attribute;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks a value against its attribute's rules (type, min/max, enum or regex, null, binary limits). */
public interface AttributeValues {

    /**
     * The value to store (normalised where the type says so).
     *
     * @throws org.applecore.platform.problem.ApiException 400 {@code core.invalid_value} naming the attribute
     *     and the rule
     */
    JsonNode validate(Attribute attribute, JsonNode value);
}
