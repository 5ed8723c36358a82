package org.applecore.platform.jobs;

import org.applecore.platform.database.Database;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestPluginArchive;
import org.applecore.platform.testing.TestResponse;
import org.applecore.testplugins.JobsTestPlugin;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.applecore.platform.jobs.Jobs.job;
import static org.applecore.platform.jobs.Jobs.op;
import static org.assertj.core.api.Assertions.assertThat;

/** Two hosts on one database share the queue: every job runs once, and both hosts take part. */
class TwoHostsJobQueueTest {

    private static final int JOBS = 200;

    @Test
    void twoHostsOnOneDatabaseNeverRunAJobTwice() throws Exception {
        try (TestHost first = TestHost.start(Map.of("applecore.plugins.testjobs.host-name", "first",
                "applecore.jobs.worker.concurrency", "4"))) {
            TestResponse installed = first.uploadPlugin(first.loginAsAdmin(), TestPluginArchive.plugin("testjobs", JobsTestPlugin.class)
                    .entry("classes/db/migration/V1__run_log.sql", JobsTestPlugin.MIGRATION).build());
            assertThat(installed.json().path("state").asText()).isEqualTo("STARTED");
            try (TestHost second = first.startPeer(Map.of("applecore.plugins.testjobs.host-name", "second"))) {
                awaitPluginStarted(second);
                CoreClient alice = CoreClient.create(first, "shared-alice");
                List<String> refs = submitAll(first, second, alice.jwt());
                Database database = first.context().getBean(Database.class);

                awaitAllEnded(database, refs);

                assertThat(JobWorkerCrashTest.count(database, "SELECT count(*) FROM platform.job WHERE status = 'succeeded' AND attempts = 1"))
                        .isEqualTo(JOBS);
                Map<String, Long> runsPerHost = runsPerHost(database);
                assertThat(runsPerHost.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(JOBS);
                assertThat(runsPerHost).containsOnlyKeys("first", "second");
                assertThat(JobWorkerCrashTest.count(database,
                        "SELECT count(*) FROM (SELECT job_ref FROM plugin_testjobs.run_log GROUP BY job_ref HAVING count(*) > 1) d")).isZero();
                assertThat(JobWorkerCrashTest.count(database, "SELECT count(*) FROM core.attribute WHERE name LIKE 'shared-%'"))
                        .isEqualTo(JOBS);
            }
        }
    }

    private static void awaitPluginStarted(TestHost host) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!host.get("/admin/plugins", host.loginAsAdmin()).rawBody().contains("testjobs")) {
            assertThat(Instant.now()).isBefore(deadline);
            Jobs.sleep(100);
        }
    }

    private static List<String> submitAll(TestHost first, TestHost second, String jwt) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> submissions = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                TestHost via = i % 2 == 0 ? first : second;
                String name = "shared-" + i;
                submissions.add(clients.submit(() -> {
                    TestResponse response = via.post("/jobs", jwt, job(op(null, "testjobs.make_attribute", Map.of("name", name))));
                    assertThat(response.status()).as(response.toString()).isEqualTo(202);
                    return response.json().path("ref").asText();
                }));
            }
            List<String> refs = new ArrayList<>();
            for (Future<String> submission : submissions) {
                refs.add(submission.get());
            }
            return refs;
        } finally {
            clients.shutdown();
        }
    }

    private static void awaitAllEnded(Database database, List<String> refs) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (JobWorkerCrashTest.count(database, "SELECT count(*) FROM platform.job WHERE finished_at IS NOT NULL") < refs.size()) {
            assertThat(Instant.now()).as("jobs still not ended").isBefore(deadline);
            Jobs.sleep(100);
        }
    }

    private static Map<String, Long> runsPerHost(Database database) {
        return database.inTransaction(connection -> {
            Map<String, Long> runs = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT host_name, count(*) FROM plugin_testjobs.run_log GROUP BY host_name");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    runs.put(rows.getString(1), rows.getLong(2));
                }
            }
            return runs;
        });
    }
}
