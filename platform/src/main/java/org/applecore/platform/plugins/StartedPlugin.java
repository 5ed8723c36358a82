package org.applecore.platform.plugins;

import org.applecore.sdk.ApplecorePlugin;
import org.applecore.sdk.http.HttpMethod;

import java.util.List;

/**
 * A plugin this host has started and serves: everything the dispatcher needs, dropped as a whole when
 * the plugin stops so that no reference to its classes outlives it.
 */
record StartedPlugin(String id, String version, String archiveSha256, ApplecorePlugin entry,
                     ClassLoader classLoader, PluginJson json, List<PluginRoute> routes) {

    /** The routes whose template matches the path, whatever their method. */
    List<PluginRoute> routesMatching(String path) {
        return routes.stream().filter(route -> route.match(path).isPresent()).toList();
    }

    boolean hasRoute(HttpMethod method, String path) {
        return routes.stream().anyMatch(r -> r.definition().method() == method && r.definition().path().equals(path));
    }
}
