package org.applecore.platform.plugins;

import io.micronaut.core.value.PropertyResolver;
import org.applecore.sdk.config.PluginConfig;

import java.util.Optional;

/** A plugin's settings, read from {@code applecore.plugins.<pluginId>.<key>} (and so from the environment). */
final class PropertyPluginConfig implements PluginConfig {

    private final PropertyResolver properties;
    private final String prefix;

    PropertyPluginConfig(PropertyResolver properties, String pluginId) {
        this.properties = properties;
        this.prefix = "applecore.plugins." + pluginId + ".";
    }

    @Override
    public Optional<String> get(String key) {
        return properties.get(prefix + key, String.class);
    }
}
