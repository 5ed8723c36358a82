package org.applecore.platform.plugins;

/** What a plugin is doing on this host. */
public enum PluginState {
    /** Enabled and serving its routes. */
    STARTED,
    /** Installed but switched off by the operator. */
    DISABLED,
    /** Enabled, but its archive, migrations or start failed; the error says why. */
    FAILED,
    /** Enabled and not yet started on this host (it is being started, or waits for the database). */
    PENDING
}
