package org.applecore.sdk.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link RouteHandler} answers. The host writes {@code body} as JSON (snake_case field names)
 * with {@code Content-Type: application/json}; a null body sends no content.
 *
 * @param status the HTTP status
 * @param headers extra response headers
 * @param body the value to write as JSON, or null
 */
public record PluginResponse(int status, Map<String, String> headers, Object body) {

    public PluginResponse {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers is null"));
    }

    public static PluginResponse ok(Object body) {
        return new PluginResponse(200, Map.of(), body);
    }

    public static PluginResponse created(Object body) {
        return new PluginResponse(201, Map.of(), body);
    }

    public static PluginResponse accepted(Object body) {
        return new PluginResponse(202, Map.of(), body);
    }

    public static PluginResponse noContent() {
        return new PluginResponse(204, Map.of(), null);
    }

    public static PluginResponse of(int status, Object body) {
        return new PluginResponse(status, Map.of(), body);
    }

    /** A copy of this response with one more header. */
    public PluginResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(Objects.requireNonNull(name, "name is null"), Objects.requireNonNull(value, "value is null"));
        return new PluginResponse(status, copy, body);
    }
}
