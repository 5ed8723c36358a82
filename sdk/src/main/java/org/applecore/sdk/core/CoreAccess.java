package org.applecore.sdk.core;

import org.applecore.sdk.http.ActingUser;

/**
 * A plugin's way into the Apple Core API ({@code /core/...}), obtained from
 * {@link org.applecore.sdk.PluginContext#core()}. The plugin always acts as a user: the core applies that
 * user's permissions exactly as it does for the user's own requests, so a plugin can do for a user what
 * the user could do themselves, and no more.
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
