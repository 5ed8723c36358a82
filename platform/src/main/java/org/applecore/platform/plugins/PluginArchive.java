package org.applecore.platform.plugins;

import java.util.List;
import java.util.Objects;

/**
 * A validated plugin archive: its descriptor and its bytes. Only {@link PluginArchiveReader} makes one,
 * so holding one means the archive is a well-formed PF4J zip with no unsafe entries.
 *
 * @param id the plugin id
 * @param version the plugin's semantic version
 * @param pluginClass the entry class named by the descriptor
 * @param requires the platform versions the plugin accepts, a PF4J version expression (may be empty)
 * @param dependencies the plugins it needs
 * @param description what the plugin does
 * @param bytes the archive
 * @param sha256 the archive's SHA-256, hex
 */
public record PluginArchive(String id, String version, String pluginClass, String requires,
                            List<Dependency> dependencies, String description, byte[] bytes, String sha256) {

    public PluginArchive {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(version, "version is null");
        dependencies = List.copyOf(dependencies);
    }

    /**
     * A dependency on another plugin.
     *
     * @param pluginId the plugin needed
     * @param versionRange the versions accepted, a PF4J version expression; {@code *} means any
     */
    public record Dependency(String pluginId, String versionRange) {
        @Override
        public String toString() {
            return "*".equals(versionRange) ? pluginId : pluginId + "@" + versionRange;
        }
    }
}
