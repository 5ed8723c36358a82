package org.applecore.platform.plugins;

import io.micronaut.http.uri.UriMatchInfo;
import io.micronaut.http.uri.UriMatchTemplate;
import org.applecore.sdk.http.RouteDefinition;

import java.util.Optional;

/** A plugin's route with its path template compiled once, when the plugin starts. */
record PluginRoute(RouteDefinition definition, UriMatchTemplate template) {

    static PluginRoute of(RouteDefinition definition) {
        return new PluginRoute(definition, UriMatchTemplate.of(definition.path()));
    }

    Optional<UriMatchInfo> match(String path) {
        return template.match(path);
    }
}
