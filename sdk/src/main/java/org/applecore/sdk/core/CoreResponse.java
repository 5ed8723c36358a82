package org.applecore.sdk.core;

import java.util.Map;
import java.util.Objects;

/**
 * The core's answer to one {@link CoreSession#call}: the HTTP status and the JSON body, both as text and
 * parsed into plain Java values ({@code Map<String, Object>} for objects, {@code List<Object>} for arrays,
 * {@code String}, {@code Number}, {@code Boolean}, or null). Field names are snake_case as on the wire.
 *
 * @param status the HTTP status, as the REST API would answer
 * @param body the body as JSON text; empty when there is none (such as a 204)
 * @param json the body parsed; null when there is none
 */
public record CoreResponse(int status, String body, Object json) {

    public CoreResponse {
        body = Objects.requireNonNullElse(body, "");
    }

    /** Whether the status is 2xx. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The body as a JSON object; an empty map when the body is not an object. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> asMap() {
        return json instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** The stable {@code code} of a problem answer (such as {@code core.group_not_found}); null otherwise. */
    public String problemCode() {
        return !isSuccess() && asMap().get("code") instanceof String code ? code : null;
    }
}
