package org.applecore.platform.core.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/** One attribute value on the wire, as every core read returns values: only those the caller may read. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ValueView(long attributeId, String name, JsonNode value) {
}
