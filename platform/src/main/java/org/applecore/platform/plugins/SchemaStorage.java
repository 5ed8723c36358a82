package org.applecore.platform.plugins;

import org.applecore.platform.database.Database;
import org.applecore.sdk.errors.ErrorKind;
import org.applecore.sdk.errors.PluginException;
import org.applecore.sdk.storage.PluginStorage;
import org.applecore.sdk.storage.SqlWork;

import java.sql.SQLException;

/**
 * A plugin's storage: transactions on the platform's pool whose search path is the plugin's schema.
 * {@code SET LOCAL} scopes the search path to the transaction, so a pooled connection never carries one
 * plugin's schema into another's work.
 */
public final class SchemaStorage implements PluginStorage {

    private final Database database;
    private final String schema;
    private final String setSearchPath;

    public SchemaStorage(Database database, String schema) {
        this.database = database;
        this.schema = schema;
        this.setSearchPath = "SET LOCAL search_path TO " + schema;
    }

    /** The schema name for a plugin id: ids allow dashes, SQL identifiers do not. */
    public static String schemaFor(String pluginId) {
        return "plugin_" + pluginId.replace('-', '_');
    }

    @Override
    public String schema() {
        return schema;
    }

    @Override
    public <T> T inTransaction(SqlWork<T> work) {
        try {
            return database.inRawTransaction(setSearchPath, work);
        } catch (SQLException e) {
            if (Database.isConnectionFailure(e)) {
                throw new PluginException(ErrorKind.UNAVAILABLE, "storage.unavailable",
                        "The database cannot be reached; try again shortly.", true, e);
            }
            if ("40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState())) {
                throw new PluginException(ErrorKind.CONFLICT, "storage.concurrent_update",
                        "The data changed concurrently; try again.", true, e);
            }
            throw new PluginException(ErrorKind.INTERNAL, "storage.failed", "A storage operation failed.", false, e);
        }
    }
}
