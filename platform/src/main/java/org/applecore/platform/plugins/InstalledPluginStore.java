package org.applecore.platform.plugins;

import jakarta.inject.Singleton;
import org.applecore.platform.database.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code platform.plugin} table. Every change also sends a NOTIFY on {@link #CHANNEL} in the same
 * transaction, so the other hosts on the database reconcile as soon as it commits.
 */
@Singleton
public class InstalledPluginStore {

    public static final String CHANNEL = "applecore_plugins";
    private static final String COLUMNS = "id, version, dependencies, archive_sha256, enabled, bundled, removed, updated_at";

    private final Database database;

    public InstalledPluginStore(Database database) {
        this.database = database;
    }

    public List<InstalledPlugin> all() {
        return database.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM platform.plugin ORDER BY id")) {
                return readAll(statement);
            }
        });
    }

    public Optional<InstalledPlugin> find(String id) {
        return database.inTransaction(connection -> find(connection, id));
    }

    public Optional<byte[]> archive(String id, String sha256) {
        return database.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT archive FROM platform.plugin WHERE id = ? AND archive_sha256 = ? AND NOT removed")) {
                statement.setString(1, id);
                statement.setString(2, sha256);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    /** Installs or upgrades a plugin and records it as enabled, in one transaction with the check. */
    public void install(Connection connection, PluginArchive archive, boolean bundled) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO platform.plugin (id, version, dependencies, archive, archive_sha256, enabled, bundled, removed)
                VALUES (?, ?, ?, ?, ?, TRUE, ?, FALSE)
                ON CONFLICT (id) DO UPDATE SET version = excluded.version, dependencies = excluded.dependencies,
                    archive = excluded.archive, archive_sha256 = excluded.archive_sha256, enabled = TRUE,
                    bundled = excluded.bundled, removed = FALSE, updated_at = now(), revision = plugin.revision + 1
                """)) {
            statement.setString(1, archive.id());
            statement.setString(2, archive.version());
            statement.setString(3, formatDependencies(archive.dependencies()));
            statement.setBytes(4, archive.bytes());
            statement.setString(5, archive.sha256());
            statement.setBoolean(6, bundled);
            statement.executeUpdate();
        }
        notifyHosts(connection, archive.id());
    }

    /** Records a bundled plugin unless the operator already decided about that id; true if it was inserted. */
    public boolean installBundledIfAbsent(PluginArchive archive) {
        return database.inTransaction(connection -> {
            int inserted;
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO platform.plugin (id, version, dependencies, archive, archive_sha256, enabled, bundled, removed)
                    VALUES (?, ?, ?, ?, ?, TRUE, TRUE, FALSE) ON CONFLICT (id) DO NOTHING
                    """)) {
                statement.setString(1, archive.id());
                statement.setString(2, archive.version());
                statement.setString(3, formatDependencies(archive.dependencies()));
                statement.setBytes(4, archive.bytes());
                statement.setString(5, archive.sha256());
                inserted = statement.executeUpdate();
            }
            if (inserted > 0) {
                notifyHosts(connection, archive.id());
            }
            return inserted > 0;
        });
    }

    /**
     * Replaces a bundled plugin's archive with the one now in the bundled directory, keeping the operator's
     * enabled choice, unless the operator removed it or installed an upload of their own.
     */
    public boolean refreshBundled(PluginArchive archive) {
        return database.inTransaction(connection -> {
            int updated;
            try (PreparedStatement statement = connection.prepareStatement("""
                    UPDATE platform.plugin SET version = ?, dependencies = ?, archive = ?, archive_sha256 = ?,
                        updated_at = now(), revision = revision + 1
                    WHERE id = ? AND bundled AND NOT removed AND archive_sha256 <> ?
                    """)) {
                statement.setString(1, archive.version());
                statement.setString(2, formatDependencies(archive.dependencies()));
                statement.setBytes(3, archive.bytes());
                statement.setString(4, archive.sha256());
                statement.setString(5, archive.id());
                statement.setString(6, archive.sha256());
                updated = statement.executeUpdate();
            }
            if (updated > 0) {
                notifyHosts(connection, archive.id());
            }
            return updated > 0;
        });
    }

    public void setEnabled(Connection connection, String id, boolean enabled) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE platform.plugin SET enabled = ?, updated_at = now(), revision = revision + 1 WHERE id = ?")) {
            statement.setBoolean(1, enabled);
            statement.setString(2, id);
            statement.executeUpdate();
        }
        notifyHosts(connection, id);
    }

    /** Keeps the row, emptied, so that a removed bundled plugin stays removed after a restart. */
    public void markRemoved(Connection connection, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE platform.plugin SET removed = TRUE, enabled = FALSE, archive = ''::bytea, archive_sha256 = '',
                    updated_at = now(), revision = revision + 1 WHERE id = ?
                """)) {
            statement.setString(1, id);
            statement.executeUpdate();
        }
        notifyHosts(connection, id);
    }

    /** Reads a row and locks it, so that checks on it hold until the transaction ends. */
    public Optional<InstalledPlugin> findForUpdate(Connection connection, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM platform.plugin WHERE id = ? FOR UPDATE")) {
            statement.setString(1, id);
            List<InstalledPlugin> rows = readAll(statement);
            return rows.stream().findFirst();
        }
    }

    /** Locks the whole table against concurrent operator changes, which all check dependencies across rows. */
    public void lockForChange(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "LOCK TABLE platform.plugin IN SHARE ROW EXCLUSIVE MODE")) {
            statement.execute();
        }
    }

    public List<InstalledPlugin> all(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM platform.plugin ORDER BY id")) {
            return readAll(statement);
        }
    }

    private Optional<InstalledPlugin> find(Connection connection, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM platform.plugin WHERE id = ?")) {
            statement.setString(1, id);
            return readAll(statement).stream().findFirst();
        }
    }

    private static void notifyHosts(Connection connection, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            statement.setString(1, CHANNEL);
            statement.setString(2, id);
            statement.execute();
        }
    }

    private static List<InstalledPlugin> readAll(PreparedStatement statement) throws SQLException {
        List<InstalledPlugin> rows = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows.add(new InstalledPlugin(rs.getString("id"), rs.getString("version"),
                        PluginArchiveReader.parseDependencies(rs.getString("dependencies")),
                        rs.getString("archive_sha256"), rs.getBoolean("enabled"), rs.getBoolean("bundled"),
                        rs.getBoolean("removed"), rs.getTimestamp("updated_at").toInstant()));
            }
        }
        return rows;
    }

    private static String formatDependencies(List<PluginArchive.Dependency> dependencies) {
        return dependencies.stream().map(d -> d.pluginId() + "@" + d.versionRange()).collect(Collectors.joining(","));
    }
}
