package org.applecore.bench;

import org.applecore.platform.database.Database;
import org.applecore.sdk.errors.ErrorKind;
import org.applecore.sdk.errors.PluginException;
import org.applecore.sdk.storage.PluginStorage;
import org.applecore.sdk.storage.SqlWork;

import java.sql.SQLException;

/**
 * The same storage the plugin host gives a plugin (platform's {@code plugins.SchemaStorage}): a transaction
 * on the platform's pool with {@code SET LOCAL search_path} set to the plugin's schema.
 */
final class HostSchemaStorage implements PluginStorage {

    private final Database database;
    private final String schema;
    private final String setSearchPath;

    HostSchemaStorage(Database database, String schema) {
        this.database = database;
        this.schema = schema;
        this.setSearchPath = "SET LOCAL search_path TO " + schema;
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
            throw new PluginException(ErrorKind.INTERNAL, "storage.failed", "A storage operation failed.", false, e);
        }
    }
}
