package org.applecore.platform.health;

import org.applecore.platform.database.EmbeddedDatabase;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The host starts while its database is down, reports DOWN, and recovers by itself when the database
 * comes back, at start and after an outage later on. Runs its own PostgreSQL so that it can stop it.
 */
class DatabaseOutageTest {

    @Test
    void hostStartsWithoutItsDatabaseAndRecoversFromOutages() throws IOException, InterruptedException {
        Path dataDir = Files.createTempDirectory("applecore-outage-pg");
        int port = freePort();
        Map<String, Object> datasource = Map.of(
                "datasources.default.url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "datasources.default.username", "postgres",
                "datasources.default.password", "",
                "applecore.database.migration-retry", "500ms");
        try (TestHost host = TestHost.start(datasource)) {
            TestResponse down = host.get("/health", null);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json().path("status").asText()).isEqualTo("DOWN");

            EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, port);
            try {
                awaitHealth(host, 200);
                String admin = host.loginAsAdmin();
                assertThat(host.get("/admin/plugins/boards", admin).json().path("state").asText()).isEqualTo("STARTED");
            } finally {
                database.close();
            }
            awaitHealth(host, 503);

            EmbeddedDatabase restarted = EmbeddedDatabase.start(dataDir, port);
            try {
                awaitHealth(host, 200);
                String admin = host.loginAsAdmin();
                assertThat(host.get("/api/boards", admin).status()).isEqualTo(200);
            } finally {
                restarted.close();
            }
        }
    }

    private static void awaitHealth(TestHost host, int status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = host.get("/health", null).status();
            if (last == status) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("/health answered " + last + ", expected " + status);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
