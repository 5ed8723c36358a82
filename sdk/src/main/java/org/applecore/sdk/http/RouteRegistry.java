package org.applecore.sdk.http;

/**
 * Where a plugin registers its routes during {@link org.applecore.sdk.ApplecorePlugin#start}.
 * Paths are relative to {@code /api/{pluginId}}. Registering the same method and path twice is refused.
 */
public interface RouteRegistry {

    void add(RouteDefinition route);

    default void get(String path, RouteAccess access, RouteHandler handler) {
        add(new RouteDefinition(HttpMethod.GET, path, access, handler));
    }

    default void post(String path, RouteAccess access, RouteHandler handler) {
        add(new RouteDefinition(HttpMethod.POST, path, access, handler));
    }

    default void put(String path, RouteAccess access, RouteHandler handler) {
        add(new RouteDefinition(HttpMethod.PUT, path, access, handler));
    }

    default void patch(String path, RouteAccess access, RouteHandler handler) {
        add(new RouteDefinition(HttpMethod.PATCH, path, access, handler));
    }

    default void delete(String path, RouteAccess access, RouteHandler handler) {
        add(new RouteDefinition(HttpMethod.DELETE, path, access, handler));
    }
}
