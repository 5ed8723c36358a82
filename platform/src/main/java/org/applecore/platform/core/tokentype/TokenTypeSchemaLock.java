package org.applecore.platform.core.tokentype;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One transaction-scoped PostgreSQL advisory lock for every change to token type ancestry, type attributes
 * or the rules they are checked against (required siblings). Such changes are rare; serialising them on
 * every host makes the cycle and required-sibling checks race-free: two transactions that would only form
 * a cycle together cannot both pass, because the second reads the graph after the first committed.
 */
public final class TokenTypeSchemaLock {

    private static final long KEY = 0x636f72655f747970L;

    private TokenTypeSchemaLock() {
    }

    public static void acquire(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + KEY + ")");
        }
    }
}
