package org.applecore.platform.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.database.Database;
import org.applecore.platform.jobs.queue.ClaimedJob;
import org.applecore.platform.jobs.queue.JobRunner;
import org.applecore.platform.jobs.queue.JobStore;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.applecore.platform.jobs.Jobs.createAttribute;
import static org.applecore.platform.jobs.Jobs.job;
import static org.applecore.platform.jobs.Jobs.op;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several claimed jobs run in one transaction, a savepoint each: a failing job or one whose lease was taken is
 * rolled back alone, and the others commit. The worker is off, so the test claims and runs the batch itself.
 */
class JobBatchTest {

    private static final String OWNER = "batch-test-worker";
    private static TestHost host;

    @BeforeAll
    static void startHost() {
        host = TestHost.start(Map.of("applecore.jobs.worker.enabled", "false"));
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void aFailingJobOrALostLeaseIsRolledBackAloneAndTheOthersOfTheBatchCommit() {
        CoreClient alice = CoreClient.create(host, "batch-alice");
        String jwt = alice.jwt();
        String first = submit(jwt, job(createAttribute(null, "batch-one")));
        String duplicate = submit(jwt, job(createAttribute(null, "batch-one")));              // name taken: fails
        String chain = submit(jwt, job(createAttribute(null, "batch-chain-first"),           // second op fails
                op(null, "core.token_type.create", Map.of("body", Map.of("name", "batch-type", "attributes", List.of(999_999_999))))));
        String taken = submit(jwt, job(createAttribute(null, "batch-taken")));               // lease taken by another worker
        String last = submit(jwt, job(createAttribute(null, "batch-two"), createAttribute(null, "batch-three")));

        Database database = host.context().getBean(Database.class);
        List<ClaimedJob> claimed = database.inTransaction(c -> host.context().getBean(JobStore.class)
                .claim(c, OWNER, Duration.ofSeconds(30), 10));
        assertThat(claimed).extracting(ClaimedJob::ref).containsExactly(first, duplicate, chain, taken, last);
        database.inTransaction(c -> {
            try (PreparedStatement steal = c.prepareStatement(
                    "UPDATE platform.job SET lease_owner = 'another-worker' WHERE ref = ?")) {
                steal.setString(1, taken);
                return steal.executeUpdate();
            }
        });

        host.context().getBean(JobRunner.class).runBatch(claimed, OWNER);

        assertThat(read(jwt, first).path("status").asText()).isEqualTo("succeeded");
        JsonNode failed = read(jwt, duplicate);
        assertThat(failed.path("status").asText()).as(failed.toString()).isEqualTo("failed");
        assertThat(failed.path("error").path("code").asText()).startsWith("core.");
        JsonNode chainFailed = read(jwt, chain);
        assertThat(chainFailed.path("status").asText()).isEqualTo("failed");
        assertThat(chainFailed.path("error").path("operation_index").asInt()).isEqualTo(1);
        JsonNode stolen = read(jwt, taken);
        assertThat(stolen.path("status").asText()).as("still the other worker's").isEqualTo("running");
        assertThat(read(jwt, last).path("status").asText()).isEqualTo("succeeded");
        assertThat(read(jwt, last).path("results")).hasSize(2);

        String attributes = alice.get("/core/attributes?limit=100").json().toString();
        assertThat(attributes).contains("\"batch-one\"", "\"batch-two\"", "\"batch-three\"")
                .doesNotContain("batch-chain-first", "batch-taken");
        assertThat(attributes.split("\"batch-one\"", -1)).hasSize(2);
    }

    private static String submit(String jwt, Map<String, Object> job) {
        TestResponse response = host.post("/jobs", jwt, job);
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.json().path("status").asText()).isEqualTo("queued");
        assertThat(response.json().path("operations")).isNotEmpty();
        return response.json().path("ref").asText();
    }

    private static JsonNode read(String jwt, String ref) {
        TestResponse response = host.get("/jobs/" + ref, jwt);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}
