package org.applecore.platform.plugins;

import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The started plugins the dispatcher serves, by id. Copy-on-write: requests read an immutable map with
 * no lock while the plugin host swaps in a new one on each start and stop (decision 4).
 */
@Singleton
public class RouteTable {

    private volatile Map<String, StartedPlugin> started = Map.of();

    Optional<StartedPlugin> find(String pluginId) {
        return Optional.ofNullable(started.get(pluginId));
    }

    synchronized void put(StartedPlugin plugin) {
        Map<String, StartedPlugin> copy = new HashMap<>(started);
        copy.put(plugin.id(), plugin);
        started = Map.copyOf(copy);
    }

    synchronized Optional<StartedPlugin> remove(String pluginId) {
        Map<String, StartedPlugin> copy = new HashMap<>(started);
        StartedPlugin removed = copy.remove(pluginId);
        started = Map.copyOf(copy);
        return Optional.ofNullable(removed);
    }

    Map<String, StartedPlugin> snapshot() {
        return started;
    }
}
