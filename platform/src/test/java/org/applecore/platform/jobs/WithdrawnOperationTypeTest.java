package org.applecore.platform.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestPluginArchive;
import org.applecore.platform.testing.TestResponse;
import org.applecore.testplugins.JobsTestPlugin;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.applecore.platform.jobs.Jobs.awaitEnd;
import static org.applecore.platform.jobs.Jobs.job;
import static org.applecore.platform.jobs.Jobs.op;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A queued job whose plugin operation type was withdrawn (the plugin was disabled) fails with a clear error;
 * finished jobs are pruned after the retention.
 */
class WithdrawnOperationTypeTest {

    @Test
    void aQueuedJobNeedingAWithdrawnOperationTypeFailsClearlyAndIsPrunedAfterTheRetention() {
        try (TestHost api = TestHost.start(Map.of("applecore.jobs.worker.enabled", "false"))) {
            String admin = api.loginAsAdmin();
            TestResponse installed = api.uploadPlugin(admin, TestPluginArchive.plugin("testjobs", JobsTestPlugin.class)
                    .entry("classes/db/migration/V1__run_log.sql", JobsTestPlugin.MIGRATION).build());
            assertThat(installed.json().path("state").asText()).isEqualTo("STARTED");
            CoreClient alice = CoreClient.create(api, "withdrawn-alice");
            String ref = api.post("/jobs", alice.jwt(), job(op(null, "testjobs.flaky", Map.of("fail_times", 0))))
                    .json().path("ref").asText();
            assertThat(api.post("/admin/plugins/testjobs/disable", admin, Map.of()).status()).isEqualTo(200);
            TestResponse refusedNow = api.post("/jobs", alice.jwt(), job(op(null, "testjobs.flaky", Map.of("fail_times", 0))));

            try (TestHost worker = api.startPeer(Map.of("applecore.jobs.worker.enabled", "true",
                    "applecore.jobs.retention", "1s", "applecore.jobs.prune-interval", "1s"))) {
                JsonNode done = awaitEnd(api, alice.jwt(), ref);

                assertThat(refusedNow.problemCode()).isEqualTo("jobs.unknown_operation_type");
                assertThat(done.path("status").asText()).isEqualTo("failed");
                assertThat(done.path("error").path("code").asText()).isEqualTo("jobs.operation_type_unavailable");
                assertThat(done.path("error").path("detail").asText()).contains("testjobs.flaky");
                Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
                while (api.get("/jobs/" + ref, alice.jwt()).status() == 200) {
                    assertThat(Instant.now()).as("the finished job was never pruned").isBefore(deadline);
                    Jobs.sleep(200);
                }
                assertThat(api.get("/jobs/" + ref, alice.jwt()).status()).isEqualTo(404);
            }
        }
    }
}
