package org.applecore.platform.testing;

import org.applecore.platform.database.EmbeddedDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real embedded PostgreSQL server per test JVM; each test host gets a database of its own on it, so
 * tests never see each other's data and a restart test can start a second host on the same database.
 */
public final class TestDatabaseServer {

    private static final AtomicInteger NEXT_DATABASE = new AtomicInteger();
    private static EmbeddedDatabase server;

    private TestDatabaseServer() {
    }

    public static synchronized EmbeddedDatabase server() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "applecore-test-pg");
                server = EmbeddedDatabase.start(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    /** Creates an empty database and returns its name. */
    public static String createDatabase() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + NEXT_DATABASE.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(server().jdbcUrl("postgres"), "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return name;
    }
}
