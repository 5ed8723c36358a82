package org.applecore.platform.jobs.operation;

import jakarta.inject.Singleton;
import org.applecore.sdk.http.HttpMethod;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operation types this host can run: the core's, fixed, and those of the plugins started here, added
 * when a plugin starts and withdrawn when it stops (so no reference to a stopped plugin's classes remains).
 */
@Singleton
public class OperationTypes {

    private final Map<String, CoreOperation> core = new LinkedHashMap<>();
    private final Map<String, Map<String, OperationType>> byPlugin = new ConcurrentHashMap<>();

    OperationTypes(CoreOperations coreOperations) {
        for (CoreOperation operation : coreOperations.all()) {
            core.put(operation.name(), operation);
        }
    }

    public Optional<OperationType> find(String name) {
        Objects.requireNonNull(name, "name is null");
        CoreOperation coreOperation = core.get(name);
        if (coreOperation != null) {
            return Optional.of(coreOperation);
        }
        int dot = name.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        return Optional.ofNullable(byPlugin.getOrDefault(name.substring(0, dot), Map.of()).get(name));
    }

    /** Whether the name belongs to a plugin's namespace (its type may come and go with the plugin). */
    public boolean isCore(String name) {
        return name.startsWith("core.");
    }

    public Collection<CoreOperation> coreOperations() {
        return core.values();
    }

    /** The core operation a core REST call maps to, with its path variables. */
    public Optional<Match> matchCore(HttpMethod method, String path) {
        for (CoreOperation operation : core.values()) {
            Optional<Map<String, Long>> variables = operation.match(method, path);
            if (variables.isPresent()) {
                return Optional.of(new Match(operation, variables.get()));
            }
        }
        return Optional.empty();
    }

    /** Replaces the operation types of a plugin (each named {@code pluginId.name}). */
    public void registerPlugin(String pluginId, Map<String, OperationType> types) {
        Objects.requireNonNull(pluginId, "pluginId is null");
        if (pluginId.equals("core")) {
            throw new IllegalArgumentException("the namespace 'core' is the core's");
        }
        if (types.isEmpty()) {
            byPlugin.remove(pluginId);
        } else {
            byPlugin.put(pluginId, Map.copyOf(types));
        }
    }

    public void withdrawPlugin(String pluginId) {
        byPlugin.remove(pluginId);
    }

    /** A core operation matched by a REST call. */
    public record Match(CoreOperation operation, Map<String, Long> variables) {
    }
}
