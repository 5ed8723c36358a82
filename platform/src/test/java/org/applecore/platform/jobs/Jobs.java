package org.applecore.platform.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestPluginArchive;
import org.applecore.platform.testing.TestResponse;
import org.applecore.testplugins.JobsTestPlugin;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers for job tests: building operations and waiting for a job to end. */
final class Jobs {

    private Jobs() {
    }

    static Map<String, Object> op(String id, String type, Map<String, Object> input) {
        Map<String, Object> op = new LinkedHashMap<>();
        if (id != null) {
            op.put("id", id);
        }
        op.put("type", type);
        op.put("input", input);
        return op;
    }

    static Map<String, Object> job(Object... operations) {
        return Map.of("operations", List.of(operations));
    }

    static Map<String, Object> createAttribute(String id, String name) {
        return op(id, "core.attribute.create", Map.of("body", Map.of("name", name, "value", Map.of("value_type", "json"))));
    }

    /** Uploads the {@link JobsTestPlugin} (with its storage migration) and checks that it started. */
    static void installTestJobsPlugin(TestHost host) {
        TestResponse installed = host.uploadPlugin(host.loginAsAdmin(), TestPluginArchive.plugin("testjobs", JobsTestPlugin.class)
                .entry("classes/db/migration/V1__run_log.sql", JobsTestPlugin.MIGRATION).build());
        if (!installed.json().path("state").asText().equals("STARTED")) {
            throw new AssertionError("the testjobs plugin did not start: " + installed);
        }
    }

    /** Polls until the job is succeeded, failed or cancelled; fails the test after the timeout. */
    static JsonNode awaitEnd(TestHost host, String jwt, String ref, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            TestResponse response = host.get("/jobs/" + ref, jwt);
            if (response.status() != 200) {
                throw new AssertionError("polling " + ref + ": " + response);
            }
            String status = response.json().path("status").asText();
            if (status.equals("succeeded") || status.equals("failed") || status.equals("cancelled")) {
                return response.json();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("job " + ref + " did not end in " + timeout + ": " + response);
            }
            sleep(20);
        }
    }

    static JsonNode awaitEnd(TestHost host, String jwt, String ref) {
        return awaitEnd(host, jwt, ref, Duration.ofSeconds(30));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
