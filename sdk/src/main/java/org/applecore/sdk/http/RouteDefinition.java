package org.applecore.sdk.http;

import java.util.Objects;

/**
 * One route of a plugin.
 *
 * @param method the HTTP method
 * @param path the path template below {@code /api/{pluginId}}, starting with {@code /}; variables are
 *     written {@code {name}}, for example {@code /boards/{boardId}/entries}
 * @param access who may call it
 * @param handler what answers it
 */
public record RouteDefinition(HttpMethod method, String path, RouteAccess access, RouteHandler handler) {

    public RouteDefinition {
        Objects.requireNonNull(method, "method is null");
        Objects.requireNonNull(path, "path is null");
        Objects.requireNonNull(access, "access is null");
        Objects.requireNonNull(handler, "handler is null");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with '/': " + path);
        }
    }
}
