package org.applecore.platform.database;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import org.applecore.platform.problem.ApiException;
import org.applecore.sdk.storage.SqlWork;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Plain JDBC access to the platform's database, for code that manages its own transactions (the plugin
 * manager, plugin storage, the job engine). Works on the pool itself rather than Micronaut Data's
 * contextual connection proxy, which only works inside {@code @Transactional} methods.
 */
@Singleton
public class Database {

    private final DataSource dataSource;

    public Database(DataSource dataSource) {
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        try {
            return inRawTransaction(null, work);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /**
     * Runs work in one transaction and leaves JDBC failures to the caller, for callers that classify them
     * in their own terms (plugin storage answers with SDK errors).
     *
     * @param firstStatement a statement run first in the transaction (such as {@code SET LOCAL}), or null
     */
    public <T> T inRawTransaction(String firstStatement, SqlWork<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (firstStatement != null) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute(firstStatement);
                    }
                }
                T result = work.execute(connection);
                connection.commit();
                return result;
            } catch (Throwable e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** Turns a JDBC failure into the platform's error: 503 when the database cannot be reached. */
    public static RuntimeException translate(SQLException e) {
        if (isConnectionFailure(e)) {
            return new ApiException(503, "database_unavailable", "The database cannot be reached; try again shortly.");
        }
        return new IllegalStateException("database operation failed: " + e.getMessage(), e);
    }

    public static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P03"))
                || e instanceof java.sql.SQLTransientConnectionException;
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }
}
