package org.applecore.sdk.storage;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done with one JDBC connection inside a transaction. */
@FunctionalInterface
public interface SqlWork<T> {

    T execute(Connection connection) throws SQLException;
}
