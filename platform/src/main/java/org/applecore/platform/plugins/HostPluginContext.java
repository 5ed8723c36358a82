package org.applecore.platform.plugins;

import org.applecore.platform.core.action.PluginActionTypes;
import org.applecore.sdk.PluginContext;
import org.applecore.sdk.PluginLogger;
import org.applecore.sdk.action.ActionTypeHandler;
import org.applecore.sdk.action.ActionTypeRegistry;
import org.applecore.sdk.config.PluginConfig;
import org.applecore.sdk.core.CoreAccess;
import org.applecore.sdk.http.RouteDefinition;
import org.applecore.sdk.http.RouteRegistry;
import org.applecore.sdk.jobs.Jobs;
import org.applecore.sdk.json.JsonCodec;
import org.applecore.sdk.storage.PluginStorage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The context one plugin gets for one start. It collects registrations while {@code start} runs; the host
 * applies them only when {@code start} returns normally, so a plugin that fails leaves nothing behind,
 * and refuses registrations after that.
 */
final class HostPluginContext implements PluginContext {

    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9-]{1,63}");

    private final String pluginId;
    private final String pluginVersion;
    private final String platformVersion;
    private final PluginStorage storage;
    private final PluginConfig config;
    private final PluginLogger logger;
    private final PluginJson json;
    private final CoreAccess core;
    private final Jobs jobs;
    private final List<PluginRoute> routes = new ArrayList<>();
    private final Map<String, ActionTypeHandler> actionTypes = new LinkedHashMap<>();
    private final Map<String, String> declaredRoles = new LinkedHashMap<>();
    private volatile boolean sealed;

    HostPluginContext(String pluginId, String pluginVersion, String platformVersion, PluginStorage storage,
                      PluginConfig config, PluginLogger logger, PluginJson json, CoreAccess core, Jobs jobs) {
        this.pluginId = pluginId;
        this.pluginVersion = pluginVersion;
        this.platformVersion = platformVersion;
        this.storage = storage;
        this.config = config;
        this.logger = logger;
        this.json = json;
        this.core = core;
        this.jobs = jobs;
    }

    @Override
    public String pluginId() {
        return pluginId;
    }

    @Override
    public String pluginVersion() {
        return pluginVersion;
    }

    @Override
    public String platformVersion() {
        return platformVersion;
    }

    @Override
    public RouteRegistry routes() {
        return this::addRoute;
    }

    @Override
    public PluginStorage storage() {
        return storage;
    }

    @Override
    public PluginConfig config() {
        return config;
    }

    @Override
    public PluginLogger logger() {
        return logger;
    }

    @Override
    public JsonCodec json() {
        return json;
    }

    @Override
    public CoreAccess core() {
        return core;
    }

    @Override
    public Jobs jobs() {
        return jobs;
    }

    @Override
    public ActionTypeRegistry actions() {
        return this::addActionType;
    }

    private synchronized void addActionType(String name, ActionTypeHandler handler) {
        checkOpen();
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(handler, "handler is null");
        if (!PluginActionTypes.NAME_PATTERN.matcher(name).matches()) {
            throw new IllegalArgumentException("action type names are 1 to 64 lower-case letters, digits, dashes or "
                    + "underscores: " + name);
        }
        if (actionTypes.putIfAbsent(name, handler) != null) {
            throw new IllegalArgumentException("action type registered twice: " + name);
        }
    }

    synchronized Map<String, ActionTypeHandler> actionTypes() {
        return Map.copyOf(actionTypes);
    }

    @Override
    public synchronized void declareRole(String role, String description) {
        checkOpen();
        Objects.requireNonNull(role, "role is null");
        if (!ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("role names are 2 to 64 lower-case letters, digits or dashes: " + role);
        }
        declaredRoles.put(role, Objects.requireNonNullElse(description, ""));
    }

    private synchronized void addRoute(RouteDefinition route) {
        checkOpen();
        Objects.requireNonNull(route, "route is null");
        boolean duplicate = routes.stream().anyMatch(r -> r.definition().method() == route.method()
                && r.definition().path().equals(route.path()));
        if (duplicate) {
            throw new IllegalArgumentException("route registered twice: " + route.method() + " " + route.path());
        }
        routes.add(PluginRoute.of(route));
    }

    synchronized List<PluginRoute> seal() {
        sealed = true;
        return List.copyOf(routes);
    }

    synchronized Map<String, String> declaredRoles() {
        return Map.copyOf(declaredRoles);
    }

    private void checkOpen() {
        if (sealed) {
            throw new IllegalStateException("plugin " + pluginId + " registered something after start returned");
        }
    }
}
