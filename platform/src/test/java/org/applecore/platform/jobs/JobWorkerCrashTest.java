package org.applecore.platform.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.database.Database;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestPluginArchive;
import org.applecore.platform.testing.TestResponse;
import org.applecore.testplugins.JobsTestPlugin;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.applecore.platform.jobs.Jobs.awaitEnd;
import static org.applecore.platform.jobs.Jobs.job;
import static org.applecore.platform.jobs.Jobs.op;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker process killed in the middle of a job: a real second host in its own JVM (same embedded
 * PostgreSQL database) claims the job and blocks inside it; it is killed with destroyForcibly; after the lease
 * expires another host runs the job, and its effects exist exactly once.
 */
class JobWorkerCrashTest {

    @Test
    void aJobWhoseWorkerProcessWasKilledIsCompletedOnceByAnotherHostAfterItsLease() throws Exception {
        // The first host serves the API but runs no jobs, so that the child process is the only worker.
        try (TestHost api = TestHost.start(Map.of("applecore.jobs.worker.enabled", "false",
                "applecore.jobs.worker.lease", "2s"))) {
            TestResponse installed = api.uploadPlugin(api.loginAsAdmin(), TestPluginArchive.plugin("testjobs", JobsTestPlugin.class)
                    .entry("classes/db/migration/V1__run_log.sql", JobsTestPlugin.MIGRATION).build());
            assertThat(installed.json().path("state").asText()).as(installed.toString()).isEqualTo("STARTED");
            CoreClient alice = CoreClient.create(api, "crash-alice");
            Database database = api.context().getBean(Database.class);

            Process child = startChildHost(api);
            try {
                String ref = api.post("/jobs", alice.jwt(), job(op("made", "testjobs.make_attribute", Map.of("name", "crash-attr"))))
                        .json().path("ref").asText();
                awaitRunLog(database, ref, 1, child);
                assertThat(api.get("/jobs/" + ref, alice.jwt()).json().path("status").asText()).isEqualTo("running");

                child.destroyForcibly().waitFor();

                try (TestHost survivor = api.startPeer(Map.of("applecore.jobs.worker.enabled", "true",
                        "applecore.plugins.testjobs.host-name", "survivor"))) {
                    JsonNode done = awaitEnd(api, alice.jwt(), ref, Duration.ofSeconds(30));

                    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
                    assertThat(done.path("attempts").asInt()).isEqualTo(2);
                    assertThat(done.path("results").get(0).path("result").path("host_name").asText()).isEqualTo("survivor");
                    assertThat(runLog(database, ref)).containsExactly("child", "survivor");
                    assertThat(count(database, "SELECT count(*) FROM core.attribute WHERE name = 'crash-attr'")).isEqualTo(1);
                    assertThat(count(database, "SELECT count(*) FROM core.core_token WHERE kind = 'job' AND user_id = "
                            + alice.userId() + " AND revoked_at IS NULL")).isZero();
                    assertThat(count(database, "SELECT count(*) FROM core.core_token WHERE kind = 'job' AND user_id = "
                            + alice.userId())).isEqualTo(2);
                }
            } finally {
                child.destroyForcibly();
            }
        }
    }

    private static Process startChildHost(TestHost api) throws IOException {
        Path dir = Files.createTempDirectory("applecore-child-host");
        Properties properties = new Properties();
        api.properties().forEach((key, value) -> properties.setProperty(key, String.valueOf(value)));
        properties.setProperty("applecore.data-dir", dir.resolve("data").toString());
        properties.setProperty("applecore.jobs.worker.enabled", "true");
        properties.setProperty("applecore.jobs.worker.lease", "2s");
        properties.setProperty("applecore.plugins.testjobs.block", "true");
        properties.setProperty("applecore.plugins.testjobs.host-name", "child");
        Path file = dir.resolve("host.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "child host");
        }
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dapplecore.test.bundled-plugins=" + System.getProperty("applecore.test.bundled-plugins"),
                JobHostProcess.class.getName(), file.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("host.log").toFile()).start();
    }

    private static void awaitRunLog(Database database, String ref, int rows, Process child) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (runLog(database, ref).size() < rows) {
            assertThat(child.isAlive()).as("the child host died").isTrue();
            assertThat(Instant.now()).as("the child host never ran the job").isBefore(deadline);
            Jobs.sleep(50);
        }
    }

    private static List<String> runLog(Database database, String ref) {
        try {
            return database.inTransaction(connection -> {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT host_name FROM plugin_testjobs.run_log WHERE job_ref = ? ORDER BY id")) {
                    select.setString(1, ref);
                    List<String> hosts = new ArrayList<>();
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            hosts.add(rows.getString(1));
                        }
                    }
                    return hosts;
                }
            });
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    static long count(Database database, String sql) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql); ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }
}
