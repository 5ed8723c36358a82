package org.applecore.sdk.config;

import java.util.Optional;

/**
 * A plugin's configuration. A key {@code max-body-chars} of plugin {@code boards} is read from the host
 * property {@code applecore.plugins.boards.max-body-chars}, which the environment variable
 * {@code APPLECORE_PLUGINS_BOARDS_MAX_BODY_CHARS} also sets.
 */
public interface PluginConfig {

    Optional<String> get(String key);

    default String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /**
     * An integer setting.
     *
     * @throws IllegalArgumentException when the setting is present but not an integer
     */
    default int getInt(String key, int defaultValue) {
        return get(key).map(value -> {
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("setting " + key + " is not an integer: " + value, e);
            }
        }).orElse(defaultValue);
    }

    default boolean getBoolean(String key, boolean defaultValue) {
        return get(key).map(value -> Boolean.parseBoolean(value.trim())).orElse(defaultValue);
    }
}
