package org.applecore.platform.plugins;

import org.applecore.sdk.http.RouteAccess;

import java.util.List;

/**
 * How a plugin stands on this host, as operators see it in {@code GET /admin/plugins}.
 *
 * @param row the operator's record of it
 * @param state what it is doing here
 * @param lastError why it failed, when it did
 * @param routes what it serves while started
 */
public record PluginStatus(InstalledPlugin row, PluginState state, String lastError, List<RouteInfo> routes) {

    static PluginStatus of(InstalledPlugin row, PluginState state, String lastError, List<PluginRoute> routes) {
        List<RouteInfo> infos = routes.stream().map(route -> new RouteInfo(route.definition().method().name(),
                "/api/" + row.id() + (route.definition().path().equals("/") ? "" : route.definition().path()),
                describe(route.definition().access()))).toList();
        return new PluginStatus(row, state, lastError, infos);
    }

    private static String describe(RouteAccess access) {
        if (access.isPublic()) {
            return "public";
        }
        return access.requiredRoles().isEmpty() ? "authenticated" : "roles:" + String.join(",", access.requiredRoles().stream().sorted().toList());
    }

    /**
     * One route as operators see it.
     *
     * @param method the HTTP method
     * @param path the full path template
     * @param access {@code public}, {@code authenticated} or {@code roles:a,b}
     */
    public record RouteInfo(String method, String path, String access) {
    }
}
