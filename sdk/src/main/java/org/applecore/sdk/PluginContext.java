package org.applecore.sdk;

import org.applecore.sdk.jobs.Jobs;
import org.applecore.sdk.action.ActionTypeRegistry;
import org.applecore.sdk.config.PluginConfig;
import org.applecore.sdk.core.CoreAccess;
import org.applecore.sdk.http.RouteRegistry;
import org.applecore.sdk.json.JsonCodec;
import org.applecore.sdk.storage.PluginStorage;

/**
 * Everything the host offers one plugin. Handed to {@link ApplecorePlugin#start(PluginContext)}.
 *
 * <p>The interface grows with default methods so that plugins compiled against an older SDK keep
 * working on a newer host; a capability a host does not offer throws
 * {@link UnsupportedOperationException} from its default.
 *
 * <p>Threading: the context is safe to use from any thread, including route handlers, for as long as
 * the plugin is started.
 */
public interface PluginContext {

    /** The plugin's id as written in its descriptor, for example {@code boards}. */
    String pluginId();

    /** The plugin's version as written in its descriptor. */
    String pluginVersion();

    /** The platform version of the host running this plugin. */
    String platformVersion();

    /** Where the plugin registers its HTTP routes, all served under {@code /api/{pluginId}/...}. */
    RouteRegistry routes();

    /** The plugin's own SQL storage: its own PostgreSQL schema, already migrated. */
    PluginStorage storage();

    /** The plugin's configuration, read from the host's configuration and environment. */
    PluginConfig config();

    /** A logger whose output is tagged with the plugin's id. */
    PluginLogger logger();

    /** The JSON codec the host uses for this plugin's request and response bodies. */
    JsonCodec json();

    /**
     * Declares a role that operators may grant to users, such as {@code boards-moderator}. A route may
     * require it. Role names are lower-case letters, digits and dashes.
     *
     * @param role the role's name
     * @param description what holding the role allows, shown to operators
     */
    void declareRole(String role, String description);

    /**
     * The Apple Core API, called as a user (see {@link CoreAccess}).
     *
     * @throws UnsupportedOperationException on a host that does not offer the core to plugins
     */
    default CoreAccess core() {
        throw new UnsupportedOperationException("this host does not offer the Apple Core to plugins");
    }

    /**
     * The job engine: submit jobs (from route handlers) and register operation types (during start).
     *
     * @throws UnsupportedOperationException on a host without a job engine
     */
    default Jobs jobs() {
        throw new UnsupportedOperationException("this host does not offer jobs to plugins");
    }

    /**
     * Where the plugin registers action types implemented in Java (see {@link ActionTypeRegistry}).
     *
     * @throws UnsupportedOperationException on a host that does not run actions
     */
    default ActionTypeRegistry actions() {
        throw new UnsupportedOperationException("this host does not offer action types to plugins");
    }
}
