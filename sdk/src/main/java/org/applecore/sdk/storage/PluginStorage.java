package org.applecore.sdk.storage;

/**
 * A plugin's own SQL storage: a PostgreSQL schema named after the plugin, with the plugin's Flyway
 * migrations already applied.
 *
 * <p>Migrations are SQL files in the archive under {@code db/migration} ({@code V1__create_boards.sql},
 * ...). The host runs them, in the plugin's schema and with a history table of its own, each time the
 * plugin is installed, upgraded or enabled, before {@link org.applecore.sdk.ApplecorePlugin#start} is
 * called. Write unqualified table names: the schema is the connection's search path.
 */
public interface PluginStorage {

    /** The name of the plugin's schema, for example {@code plugin_boards}. */
    String schema();

    /**
     * Runs work in one transaction on a connection whose search path is the plugin's schema. The
     * transaction commits when the work returns and rolls back when it throws; the connection must not
     * be kept after the work returns.
     *
     * @throws org.applecore.sdk.errors.PluginException with kind UNAVAILABLE (code
     *     {@code storage.unavailable}) when the database cannot be reached; CONFLICT (code
     *     {@code storage.concurrent_update}, retriable) when PostgreSQL aborted the transaction for a
     *     deadlock or a serialization failure, so that trying again can succeed; INTERNAL (code
     *     {@code storage.failed}) for any other SQL failure. Exceptions the work throws itself pass
     *     through unchanged
     */
    <T> T inTransaction(SqlWork<T> work);
}
