package org.applecore.sdk.core;

import org.applecore.sdk.http.ActingUser;

/**
 * A plugin's way into the Apple Core API ({@code /core/...}), obtained from
 * {@link org.applecore.sdk.PluginContext#core()}. The plugin always acts as a user: the core applies that
 * user's permissions exactly as it does for the user's own requests, so a plugin can do for a user what
 * the user could do themselves, and no more.
 *
 * <p>Sessions from here are <b>read-only</b>: plugin routes change core data through jobs
 * ({@link org.applecore.sdk.PluginContext#jobs()}), so a {@code POST}, {@code PUT}, {@code PATCH} or
 * {@code DELETE} answers 409 {@code core.writes_go_through_jobs} without reaching the core. Inside a job
 * operation, {@link org.applecore.sdk.jobs.JobOperationContext#core()} makes writes in the job's transaction.
 *
 * <p>Lifecycle: valid while the plugin is started. Threading: thread-safe; calls block, so make them from
 * route handlers or other plugin threads, never from code that must not block.
 */
public interface CoreAccess {

    /**
     * A session acting as the user, typically the {@link org.applecore.sdk.http.PluginRequest}'s acting user.
     *
     * @throws NullPointerException when the user is null
     */
    CoreSession as(ActingUser user);
}
