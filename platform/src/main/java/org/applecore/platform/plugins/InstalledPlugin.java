package org.applecore.platform.plugins;

import java.time.Instant;
import java.util.List;

/**
 * A plugin as the shared database records it: the operator's choice, which every host follows.
 *
 * @param id the plugin id
 * @param version the installed version
 * @param dependencies the plugins it needs
 * @param sha256 the archive's digest, which tells hosts when to reload
 * @param enabled the operator's choice
 * @param bundled whether it came with the platform rather than an upload
 * @param removed whether the operator removed it (kept so that a bundled plugin is not re-installed)
 * @param updatedAt when the operator last changed it
 */
public record InstalledPlugin(String id, String version, List<PluginArchive.Dependency> dependencies, String sha256,
                              boolean enabled, boolean bundled, boolean removed, Instant updatedAt) {

    public boolean dependsOn(String pluginId) {
        return dependencies.stream().anyMatch(d -> d.pluginId().equals(pluginId));
    }

    public boolean wanted() {
        return enabled && !removed;
    }
}
