package org.applecore.platform.core.action;

import jakarta.inject.Singleton;
import org.applecore.sdk.action.ActionTypeHandler;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The action types plugins offer right now, named {@code pluginId:name}. The plugin host offers a plugin's
 * types when it has started and withdraws them when it stops, so nothing here outlives a plugin's class
 * loader. Thread safe.
 */
@Singleton
public class PluginActionTypes {

    public static final Pattern NAME_PATTERN = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final Map<String, Offered> offered = new ConcurrentHashMap<>();

    /** A type and the plugin class loader to run it with. */
    public record Offered(String pluginId, String qualifiedName, ActionTypeHandler handler, ClassLoader classLoader) {

        public Offered {
            Objects.requireNonNull(pluginId, "pluginId is null");
            Objects.requireNonNull(qualifiedName, "qualifiedName is null");
            Objects.requireNonNull(handler, "handler is null");
            Objects.requireNonNull(classLoader, "classLoader is null");
        }
    }

    public static String qualified(String pluginId, String name) {
        return pluginId + ":" + name;
    }

    /** Offers a started plugin's types (replacing any it offered before). */
    public void offer(String pluginId, Map<String, ActionTypeHandler> handlers, ClassLoader classLoader) {
        withdrawAllOf(pluginId);
        handlers.forEach((name, handler) -> {
            String qualified = qualified(pluginId, name);
            offered.put(qualified, new Offered(pluginId, qualified, handler, classLoader));
        });
    }

    public void withdrawAllOf(String pluginId) {
        offered.values().removeIf(type -> type.pluginId().equals(pluginId));
    }

    public Optional<Offered> find(String qualifiedName) {
        return Optional.ofNullable(offered.get(qualifiedName));
    }

    /** Whether a name has the form of a plugin action type ({@code pluginId:name}). */
    public static boolean wellFormed(String qualifiedName) {
        int colon = qualifiedName.indexOf(':');
        return colon > 0 && NAME_PATTERN.matcher(qualifiedName.substring(colon + 1)).matches();
    }
}
