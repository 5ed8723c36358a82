package org.applecore.testplugins;

import org.applecore.sdk.ApplecorePlugin;
import org.applecore.sdk.PluginContext;
import org.applecore.sdk.core.CoreResponse;
import org.applecore.sdk.errors.ErrorKind;
import org.applecore.sdk.errors.PluginException;
import org.applecore.sdk.http.HttpMethod;
import org.applecore.sdk.http.PluginResponse;
import org.applecore.sdk.http.RouteAccess;
import org.applecore.sdk.jobs.JobOperation;
import org.applecore.sdk.jobs.JobReference;
import org.applecore.sdk.jobs.JobRequest;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A plugin that exercises jobs: {@code POST /submit} queues a job from a route; operation types
 * {@code testjobs.make_attribute} (records each run in its own storage, creates an attribute through the job's
 * core session, and blocks forever when {@code applecore.plugins.testjobs.block} is true), {@code whoami}
 * (reads {@code /core/me} with the job's token), {@code read} (reads each of {@code paths} through the job's core
 * session, or makes the call when an entry is {@code {"method", "path", "body"}}, and returns what it saw:
 * {@code {"reads": [{"path", "status", "body"}]}}), {@code flaky} (fails retriably the first
 * {@code fail_times} runs of a job) and {@code boom} (fails for good).
 */
@org.pf4j.Extension
public class JobsTestPlugin implements ApplecorePlugin {

    /** The body of {@code POST /submit}. */
    public record Submit(List<Op> operations, Long onBehalfOf, String callbackUrl) {
    }

    /** One operation. */
    public record Op(String id, String type, Map<String, Object> input) {
    }

    private final Map<String, Integer> flakyRuns = new ConcurrentHashMap<>();

    @Override
    public void start(PluginContext context) {
        boolean block = context.config().get("block").map(Boolean::parseBoolean).orElse(false);
        String hostName = context.config().get("host-name").orElse("main");
        context.routes().post("/submit", RouteAccess.authenticated(), request -> {
            Submit submit = request.body(Submit.class);
            List<JobOperation> operations = new ArrayList<>();
            for (Op op : submit.operations()) {
                operations.add(new JobOperation(op.id(), op.type(), op.input()));
            }
            JobReference reference = context.jobs().submit(request.requireUser(),
                    new JobRequest(operations, submit.onBehalfOf(), submit.callbackUrl(), null));
            return PluginResponse.accepted(Map.of("ref", reference.ref(), "url", reference.url()));
        });
        context.jobs().registerOperationType("make_attribute", op -> {
            Map<?, ?> input = op.input(Map.class);
            context.storage().inTransaction(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO run_log (job_ref, host_name) VALUES (?, ?)")) {
                    insert.setString(1, op.jobReference());
                    insert.setString(2, hostName);
                    return insert.executeUpdate();
                }
            });
            CoreResponse created = op.core().post("/core/attributes",
                    Map.of("name", input.get("name"), "value", Map.of("value_type", "json")));
            if (!created.isSuccess()) {
                throw new PluginException(ErrorKind.RULE_VIOLATION, "testjobs.core_refused", created.body(), false, null);
            }
            if (block) {
                while (true) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new PluginException(ErrorKind.UNAVAILABLE, "testjobs.interrupted", "interrupted");
                    }
                }
            }
            return Map.of("attribute_id", created.asMap().get("id"), "host_name", hostName);
        });
        context.jobs().registerOperationType("whoami", op -> {
            CoreResponse me = op.core().get("/core/me");
            return Map.of("status", me.status(), "me", me.json() == null ? Map.of() : me.json());
        });
        context.jobs().registerOperationType("read", op -> {
            List<Map<String, Object>> reads = new ArrayList<>();
            for (Object call : (List<?>) op.input(Map.class).get("paths")) {
                // A path is read (GET); {"method", "path", "body"?} makes that call first, in the same operation.
                CoreResponse answer = call instanceof Map<?, ?> write
                        ? op.core().call(HttpMethod.valueOf((String) write.get("method")), (String) write.get("path"), write.get("body"))
                        : op.core().get((String) call);
                Map<String, Object> seen = new LinkedHashMap<>();
                seen.put("path", call instanceof Map<?, ?> write ? write.get("path") : call);
                seen.put("status", answer.status());
                seen.put("body", answer.json());
                reads.add(seen);
            }
            return Map.of("reads", reads);
        });
        context.jobs().registerOperationType("flaky", op -> {
            int failTimes = ((Number) op.input(Map.class).get("fail_times")).intValue();
            int run = flakyRuns.merge(op.jobReference(), 1, Integer::sum);
            if (run <= failTimes) {
                throw new PluginException(ErrorKind.UNAVAILABLE, "testjobs.flaky", "Run " + run + " fails; try again.");
            }
            return Map.of("runs", run);
        });
        context.jobs().registerOperationType("boom", op -> {
            throw PluginException.ruleViolation("testjobs.boom", "This operation always refuses.");
        });
    }

    /** The plugin's storage migration. */
    public static final String MIGRATION = "CREATE TABLE run_log (id BIGSERIAL PRIMARY KEY, job_ref TEXT NOT NULL, host_name TEXT NOT NULL);";
}
