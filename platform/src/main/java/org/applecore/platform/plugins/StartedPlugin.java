package org.applecore.platform.plugins;

import org.applecore.sdk.ApplecorePlugin;
import org.applecore.sdk.http.HttpMethod;

import io.micronaut.http.uri.UriMatchInfo;

import java.util.List;
import java.util.Optional;

/**
 * A plugin this host has started and serves: everything the dispatcher needs, dropped as a whole when
 * the plugin stops so that no reference to its classes outlives it.
 */
record StartedPlugin(String id, String version, String archiveSha256, ApplecorePlugin entry,
                     ClassLoader classLoader, PluginJson json, List<PluginRoute> routes, RequestGate gate) {

    StartedPlugin(String id, String version, String archiveSha256, ApplecorePlugin entry, ClassLoader classLoader,
                  PluginJson json, List<PluginRoute> routes) {
        this(id, version, archiveSha256, entry, classLoader, json, routes, new RequestGate());
    }

    /** The first route of this method whose template matches the path, with the variables it matched. */
    Optional<RouteMatch> match(HttpMethod method, String path) {
        for (PluginRoute route : routes) {
            if (route.definition().method() == method) {
                Optional<UriMatchInfo> info = route.match(path);
                if (info.isPresent()) {
                    return Optional.of(new RouteMatch(route, info.get()));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether any route, of any method, matches the path: tells 405 from 404. */
    boolean anyRouteMatches(String path) {
        return routes.stream().anyMatch(route -> route.match(path).isPresent());
    }

    /** A route and what its template matched. */
    record RouteMatch(PluginRoute route, UriMatchInfo info) {
    }
}
