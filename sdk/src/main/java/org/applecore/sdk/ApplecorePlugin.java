package org.applecore.sdk;

import org.pf4j.ExtensionPoint;

/**
 * The one entry point of an Apple Core plugin.
 *
 * <p>A plugin archive holds exactly one class that implements this interface, is annotated with
 * {@code @org.pf4j.Extension} and is named as {@code plugin.class} in the archive's descriptor.
 * The host creates it when the plugin is enabled and calls {@link #start(PluginContext)} once;
 * everything the plugin offers (routes, roles, and in later versions action types and job
 * operation types) is registered through that context during {@code start}. Registrations made
 * after {@code start} returns are refused.
 *
 * <p>Lifecycle: {@code start} is called once per enablement, on a host thread, before any route of
 * the plugin is served. {@link #stop()} is called when the plugin is disabled, removed, upgraded or
 * the host shuts down; after it returns, the host drops every reference to the plugin's classes. A
 * plugin is started again with a fresh instance and a fresh context when it is re-enabled.
 *
 * <p>If {@code start} throws, the plugin is marked FAILED, its error is shown to operators, none of
 * its registrations take effect, and the host and the other plugins keep serving.
 */
public interface ApplecorePlugin extends ExtensionPoint {

    /**
     * Registers what the plugin offers. Runs after the plugin's database migrations.
     *
     * @param context the host's services for this plugin; valid until {@link #stop()} returns
     * @throws Exception any failure, which marks the plugin FAILED
     */
    void start(PluginContext context) throws Exception;

    /** Releases what {@link #start(PluginContext)} acquired. The default does nothing. */
    default void stop() {
    }
}
