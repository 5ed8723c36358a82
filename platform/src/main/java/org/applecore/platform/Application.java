package org.applecore.platform;

import io.micronaut.runtime.Micronaut;
import org.applecore.platform.database.EmbeddedDatabase;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the host. Without {@code DATASOURCES_DEFAULT_URL} it first starts the embedded PostgreSQL with
 * its data under {@code APPLECORE_DATA_DIR} (default {@code ./data}), so that a fresh machine needs
 * nothing but a JDK.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Map<String, Object> properties = new HashMap<>();
        if (isBlank(System.getenv("DATASOURCES_DEFAULT_URL")) && isBlank(System.getProperty("datasources.default.url"))) {
            String dataDir = System.getenv().getOrDefault("APPLECORE_DATA_DIR", "data");
            EmbeddedDatabase database = EmbeddedDatabase.start(Path.of(dataDir).toAbsolutePath().resolve("postgres"));
            properties.putAll(embeddedDatasource(database, "postgres"));
        }
        Micronaut.build(args).mainClass(Application.class).properties(properties).start();
    }

    /** The datasource properties that point the host at a database of the embedded server. */
    public static Map<String, Object> embeddedDatasource(EmbeddedDatabase database, String databaseName) {
        return Map.of(
                "datasources.default.url", database.jdbcUrl(databaseName),
                "datasources.default.username", database.username(),
                "datasources.default.password", "");
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
