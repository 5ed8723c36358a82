package org.applecore.platform.plugins;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.applecore.platform.database.Database;
import org.applecore.platform.problem.ApiException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The operator's actions on plugins. Each checks its rules and records the choice in one transaction
 * that locks the plugin table (the rules span rows: dependencies), then brings this host in line at once
 * so that the answer shows the outcome; the other hosts follow on the notification.
 */
@Singleton
public class PluginOperations {

    private final Database database;
    private final InstalledPluginStore store;
    private final PluginHost host;
    private final PluginArchiveReader reader;

    public PluginOperations(Database database, InstalledPluginStore store, PluginHost host,
                            @Value("${applecore.plugin-host.max-archive-entries:10000}") long maxEntries,
                            @Value("${applecore.plugin-host.max-unpacked-bytes:268435456}") long maxUnpackedBytes) {
        this.database = database;
        this.store = store;
        this.host = host;
        this.reader = new PluginArchiveReader(maxEntries, maxUnpackedBytes);
    }

    public PluginArchiveReader reader() {
        return reader;
    }

    /** Validates an uploaded archive and installs (or upgrades) and enables it. Nothing is kept when it is refused. */
    public PluginStatus install(byte[] bytes) {
        PluginArchive archive = reader.read(bytes);
        if (!host.satisfies(host.platformVersion(), archive.requires())) {
            throw new ApiException(422, "plugin.platform_version_mismatch", "Plugin '" + archive.id() + "' "
                    + archive.version() + " requires platform version " + archive.requires()
                    + ", and this platform is " + host.platformVersion() + ".");
        }
        inLockedTransaction(connection -> {
            List<InstalledPlugin> rows = store.all(connection);
            for (PluginArchive.Dependency dependency : archive.dependencies()) {
                Optional<InstalledPlugin> needed = rows.stream()
                        .filter(row -> row.id().equals(dependency.pluginId()) && row.wanted()).findFirst();
                if (needed.isEmpty()) {
                    throw new ApiException(422, "plugin.dependency_missing", "Plugin '" + archive.id()
                            + "' depends on plugin '" + dependency + "', which is not installed and enabled.");
                }
                if (!host.satisfies(needed.get().version(), dependency.versionRange())) {
                    throw new ApiException(422, "plugin.dependency_missing", "Plugin '" + archive.id()
                            + "' depends on plugin '" + dependency + "', but version " + needed.get().version()
                            + " is installed.");
                }
            }
            store.install(connection, archive, false);
            return null;
        });
        return settle(archive.id());
    }

    public PluginStatus enable(String pluginId) {
        inLockedTransaction(connection -> {
            InstalledPlugin row = existing(connection, pluginId);
            List<InstalledPlugin> rows = store.all(connection);
            for (PluginArchive.Dependency dependency : row.dependencies()) {
                boolean available = rows.stream().anyMatch(r -> r.id().equals(dependency.pluginId()) && r.wanted());
                if (!available) {
                    throw new ApiException(409, "plugin.dependency_disabled", "Plugin '" + pluginId
                            + "' cannot be enabled: it depends on plugin '" + dependency + "', which is not enabled.");
                }
            }
            store.setEnabled(connection, pluginId, true);
            return null;
        });
        return settle(pluginId);
    }

    public PluginStatus disable(String pluginId) {
        inLockedTransaction(connection -> {
            existing(connection, pluginId);
            refuseIfRequired(connection, pluginId, "disabled");
            store.setEnabled(connection, pluginId, false);
            return null;
        });
        return settle(pluginId);
    }

    public void remove(String pluginId) {
        inLockedTransaction(connection -> {
            existing(connection, pluginId);
            refuseIfRequired(connection, pluginId, "removed");
            store.markRemoved(connection, pluginId);
            return null;
        });
        host.reconcile();
    }

    private PluginStatus settle(String pluginId) {
        host.clearFailure(pluginId);
        host.reconcile();
        PluginStatus status = host.statuses().get(pluginId);
        if (status == null) {
            throw ApiException.notFound("plugin.not_found", "No plugin '" + pluginId + "' is installed.");
        }
        return status;
    }

    private InstalledPlugin existing(Connection connection, String pluginId) throws SQLException {
        return store.findForUpdate(connection, pluginId).filter(row -> !row.removed())
                .orElseThrow(() -> ApiException.notFound("plugin.not_found", "No plugin '" + pluginId + "' is installed."));
    }

    private void refuseIfRequired(Connection connection, String pluginId, String action) throws SQLException {
        List<String> dependants = store.all(connection).stream()
                .filter(row -> row.wanted() && row.dependsOn(pluginId))
                .map(InstalledPlugin::id).toList();
        if (!dependants.isEmpty()) {
            throw ApiException.conflict("plugin.required_by", "Plugin '" + pluginId + "' cannot be " + action
                    + ": the enabled plugin" + (dependants.size() > 1 ? "s " : " ")
                    + dependants.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", "))
                    + (dependants.size() > 1 ? " depend" : " depends") + " on it. Disable "
                    + (dependants.size() > 1 ? "them" : "it") + " first.");
        }
    }

    private void inLockedTransaction(org.applecore.sdk.storage.SqlWork<Void> work) {
        database.inTransaction(connection -> {
            store.lockForChange(connection);
            return work.execute(connection);
        });
    }
}
