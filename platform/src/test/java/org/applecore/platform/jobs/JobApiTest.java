package org.applecore.platform.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.applecore.platform.core.coretoken.RecordingCoreTokens;
import org.applecore.platform.jobs.callback.WebhookSignature;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.applecore.platform.jobs.Jobs.awaitEnd;
import static org.applecore.platform.jobs.Jobs.createAttribute;
import static org.applecore.platform.jobs.Jobs.job;
import static org.applecore.platform.jobs.Jobs.op;
import static org.assertj.core.api.Assertions.assertThat;

class JobApiTest {

    private static TestHost host;

    @BeforeAll
    static void startHost() {
        host = TestHost.start(Map.of(
                "applecore.jobs.callbacks.allowed-hosts", List.of("localhost"),
                "applecore.jobs.callbacks.retry-delays", List.of("0s", "300ms", "300ms", "300ms"),
                "applecore.jobs.retry.base-delay", "100ms",
                "applecore.test.record-core-tokens", "true"));
        Jobs.installTestJobsPlugin(host);
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    private static String submitted(TestResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.headers().firstValue("location")).contains(response.json().path("url").asText());
        return response.json().path("ref").asText();
    }

    @Test
    void aSecondOperationUsesTheFirstOperationsOutput() {
        CoreClient alice = CoreClient.create(host, "chain-alice");
        String ref = submitted(host.post("/jobs", alice.jwt(), job(
                createAttribute("colour", "chain-colour"),
                op("car", "core.token_type.create", Map.of("body", Map.of("name", "chain-car", "attributes", List.of("${colour.id}")))))));

        JsonNode done = awaitEnd(host, alice.jwt(), ref);

        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        long attribute = done.path("results").get(0).path("result").path("id").asLong();
        long type = done.path("results").get(1).path("result").path("id").asLong();
        assertThat(attribute).isPositive();
        assertThat(alice.get("/core/token-types/" + type).json().toString()).contains("\"id\":" + attribute);
        assertThat(done.path("caller").path("id").asLong()).isEqualTo(alice.userId());
        assertThat(done.path("operational_user").path("id").asLong()).isEqualTo(alice.userId());
        assertThat(done.path("started_at").isTextual()).isTrue();
        assertThat(done.path("finished_at").isTextual()).isTrue();
    }

    @Test
    void aChainCreatesATokenThenPutsItIntoANewSetThroughASetOperation() {
        CoreClient alice = CoreClient.create(host, "sets-alice");
        String ref = submitted(host.post("/jobs", alice.jwt(), job(
                op("type", "core.token_type.create", Map.of("body", Map.of("name", "sets-shell"))),
                op("first", "core.token_set.create", Map.of("body", Map.of("name", "first"))),
                op("tok", "core.token.create", Map.of("body", Map.of("token_type", "${type.id}", "set", "${first.id}"))),
                op("dest", "core.set_operation", Map.of("body", Map.of("operation", "create_set", "name", "dest"))),
                op("add", "core.set_operation", Map.of("body", Map.of("operation", "combine",
                        "source_set", "${first.id}", "destination_set", "${dest.set_id}"))))));

        JsonNode done = awaitEnd(host, alice.jwt(), ref);

        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        long token = done.path("results").get(2).path("result").path("id").asLong();
        long destination = done.path("results").get(3).path("result").path("set_id").asLong();
        assertThat(alice.get("/core/token-sets/" + destination + "/tokens").json().toString()).contains("\"id\":" + token);
        assertThat(alice.get("/core/tokens/" + token).status()).isEqualTo(200);
    }

    @Test
    void aChainWhoseLaterOperationFailsLeavesNothingOfTheEarlierOnes() {
        CoreClient alice = CoreClient.create(host, "rollback-alice");
        String ref = submitted(host.post("/jobs", alice.jwt(), job(
                createAttribute("first", "rollback-kept-if-broken"),
                op(null, "core.token_type.create", Map.of("body", Map.of("name", "rollback-type", "attributes", List.of(999_999_999)))))));

        JsonNode done = awaitEnd(host, alice.jwt(), ref);

        assertThat(done.path("status").asText()).isEqualTo("failed");
        assertThat(done.path("error").path("operation_index").asInt()).isEqualTo(1);
        assertThat(done.path("error").path("code").asText()).startsWith("core.");
        assertThat(done.path("attempts").asInt()).isEqualTo(1);
        assertThat(alice.get("/core/attributes").json().toString()).doesNotContain("rollback-kept-if-broken");
    }

    @Test
    void referencesToLaterOrUnknownOperationsAndUnknownTypesAreRefusedAtSubmission() {
        CoreClient alice = CoreClient.create(host, "refs-alice");
        TestResponse forward = host.post("/jobs", alice.jwt(), job(
                op(null, "core.token_type.create", Map.of("body", Map.of("name", "t", "attributes", List.of("${later.id}")))),
                createAttribute("later", "refs-later")));
        TestResponse unknownType = host.post("/jobs", alice.jwt(), job(op(null, "core.nothing.create", Map.of())));

        assertThat(forward.status()).isEqualTo(400);
        assertThat(forward.problemCode()).isEqualTo("jobs.invalid_reference");
        assertThat(unknownType.problemCode()).isEqualTo("jobs.unknown_operation_type");
        assertThat(host.get("/jobs", alice.jwt()).json().path("items")).isEmpty();
    }

    @Test
    void onlyTheSubmitterAndTheOperationalUserSeeAJob() {
        CoreClient alice = CoreClient.create(host, "poll-alice");
        CoreClient stranger = CoreClient.create(host, "poll-stranger");
        String first = submitted(host.post("/jobs", alice.jwt(), job(createAttribute(null, "poll-one"))));
        String second = submitted(host.post("/jobs", alice.jwt(), job(createAttribute(null, "poll-two"))));
        awaitEnd(host, alice.jwt(), first);
        awaitEnd(host, alice.jwt(), second);

        TestResponse strangerPoll = host.get("/jobs/" + first, stranger.jwt());
        TestResponse unknown = host.get("/jobs/job_doesnotexist", alice.jwt());
        JsonNode page1 = host.get("/jobs?limit=1", alice.jwt()).json();
        JsonNode page2 = host.get("/jobs?limit=1&cursor=" + page1.path("next_cursor").asText(), alice.jwt()).json();

        assertThat(strangerPoll.status()).isEqualTo(404);
        assertThat(strangerPoll.problemCode()).isEqualTo("jobs.job_not_found");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(host.get("/jobs", stranger.jwt()).json().path("items")).isEmpty();
        assertThat(page1.path("items").get(0).path("ref").asText()).isEqualTo(first);
        assertThat(page2.path("items").get(0).path("ref").asText()).isEqualTo(second);
        assertThat(page2.path("next_cursor").isNull()).isTrue();
        assertThat(host.get("/jobs/" + first, null).status()).isEqualTo(401);
    }

    @Test
    void aUserAllowedToActOnBehalfRunsAJobAsAnotherUserAndBothAreRecorded() {
        CoreClient assistant = CoreClient.create(host, "behalf-assistant", "act-on-behalf");
        CoreClient boss = CoreClient.create(host, "behalf-boss");
        CoreClient other = CoreClient.create(host, "behalf-other");
        Map<String, Object> body = Map.of("on_behalf_of", boss.userId(),
                "operations", List.of(createAttribute("a", "behalf-attribute")));

        String ref = submitted(host.post("/jobs", assistant.jwt(), body));
        TestResponse refused = host.post("/jobs", other.jwt(), body);
        JsonNode done = awaitEnd(host, assistant.jwt(), ref);

        assertThat(done.path("status").asText()).isEqualTo("succeeded");
        assertThat(done.path("caller").path("id").asLong()).isEqualTo(assistant.userId());
        assertThat(done.path("operational_user").path("id").asLong()).isEqualTo(boss.userId());
        assertThat(done.path("results").get(0).path("result").path("owner_id").asLong()).isEqualTo(boss.userId());
        assertThat(host.get("/jobs/" + ref, boss.jwt()).status()).isEqualTo(200);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.problemCode()).isEqualTo("jobs.on_behalf_forbidden");
        assertThat(boss.get("/core/attributes").json().toString()).containsOnlyOnce("behalf-attribute");
    }

    @Test
    void aMemberOfAConfiguredOnBehalfGroupRunsAJobAsAnotherUserAndANonMemberIsRefused() {
        CoreClient operator = CoreClient.operator(host);
        CoreClient delegate = CoreClient.create(host, "group-delegate");
        CoreClient boss = CoreClient.create(host, "group-boss");
        CoreClient outsider = CoreClient.create(host, "group-outsider");
        long delegates = groupWithMember(operator, "On-behalf delegates", delegate);
        Map<String, Object> body = Map.of("on_behalf_of", boss.userId(), "operations", List.of(
                createAttribute("a", "group-behalf-attribute"), op("me", "testjobs.whoami", Map.of())));

        TestResponse withoutTheSetting = host.post("/jobs", delegate.jwt(), body);
        // As an operator would configure it: APPLECORE_JOBS_ON_BEHALF_GROUP_IDS=<id>,<id>
        try (TestHost configured = host.startPeer(Map.of("applecore.jobs.on-behalf.group-ids", delegates + ",987654321"))) {
            TestResponse byMember = configured.post("/jobs", delegate.jwt(), body);
            TestResponse byOutsider = configured.post("/jobs", outsider.jwt(), body);
            String ref = submitted(byMember);
            JsonNode done = awaitEnd(configured, delegate.jwt(), ref);

            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
            assertThat(done.path("caller").path("id").asLong()).isEqualTo(delegate.userId());
            assertThat(done.path("operational_user").path("id").asLong()).isEqualTo(boss.userId());
            assertThat(done.path("results").get(0).path("result").path("owner_id").asLong()).isEqualTo(boss.userId());
            assertThat(done.path("results").get(1).path("result").path("me").path("id").asLong()).isEqualTo(boss.userId());
            assertThat(configured.get("/jobs/" + ref, boss.jwt()).status()).isEqualTo(200);
            assertThat(byOutsider.status()).as(byOutsider.toString()).isEqualTo(403);
            assertThat(byOutsider.problemCode()).isEqualTo("jobs.on_behalf_forbidden");
        }
        assertThat(withoutTheSetting.status()).isEqualTo(403);
        assertThat(withoutTheSetting.problemCode()).isEqualTo("jobs.on_behalf_forbidden");
        assertThat(boss.get("/core/attributes").json().toString()).containsOnlyOnce("group-behalf-attribute");
        assertThat(outsider.get("/core/attributes").json().toString()).doesNotContain("group-behalf-attribute");
    }

    @Test
    void membershipOfAConfiguredOnBehalfGroupCountsOnlyWhileTheGroupsBoundsHold() {
        CoreClient operator = CoreClient.operator(host);
        CoreClient assistant = CoreClient.create(host, "bounded-assistant");
        CoreClient boss = CoreClient.create(host, "bounded-boss");
        long assistants = groupWithMember(operator, "Assistants", assistant);
        // Members of the parent are members of the child while the child's bounds hold, as everywhere in the core.
        long inShift = operator.post("/core/groups", Map.of("name", "Assistants on shift", "parent_group_id", assistants))
                .json().path("id").asLong();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long lastYear = operator.post("/core/time-bounds", Map.of("name", "last-year", "start", now.minus(400, ChronoUnit.DAYS).toString(),
                "stop", now.minus(35, ChronoUnit.DAYS).toString())).json().path("id").asLong();
        long thisWeek = operator.post("/core/time-bounds", Map.of("name", "this-week", "start", now.minus(1, ChronoUnit.DAYS).toString(),
                "stop", now.plus(6, ChronoUnit.DAYS).toString())).json().path("id").asLong();
        Map<String, Object> body = Map.of("on_behalf_of", boss.userId(), "operations", List.of(createAttribute(null, "shift-attribute")));

        try (TestHost configured = host.startPeer(Map.of("applecore.jobs.on-behalf.group-ids", String.valueOf(inShift)))) {
            assertThat(operator.put("/core/groups/" + inShift + "/bounds", Map.of("time", List.of(lastYear))).status()).isEqualTo(200);
            TestResponse offShift = configured.post("/jobs", assistant.jwt(), body);
            assertThat(operator.put("/core/groups/" + inShift + "/bounds", Map.of("time", List.of(thisWeek))).status()).isEqualTo(200);
            TestResponse onShift = configured.post("/jobs", assistant.jwt(), body);

            assertThat(offShift.status()).as(offShift.toString()).isEqualTo(403);
            assertThat(offShift.problemCode()).isEqualTo("jobs.on_behalf_forbidden");
            JsonNode done = awaitEnd(configured, assistant.jwt(), submitted(onShift));
            assertThat(done.path("operational_user").path("id").asLong()).isEqualTo(boss.userId());
        }
    }

    @Test
    void immediateModeRunsAtOnceForTestersOnly() {
        CoreClient tester = CoreClient.create(host, "immediate-tester", "tester");
        CoreClient user = CoreClient.create(host, "immediate-user");
        Map<String, Object> body = Map.of("immediate", true, "operations", List.of(createAttribute("a", "immediate-attr")));

        TestResponse ran = host.post("/jobs", tester.jwt(), body);
        TestResponse queued = host.post("/jobs", user.jwt(), body);

        assertThat(ran.status()).as(ran.toString()).isEqualTo(200);
        assertThat(ran.json().path("status").asText()).isEqualTo("succeeded");
        assertThat(ran.json().path("results").get(0).path("result").path("name").asText()).isEqualTo("immediate-attr");
        assertThat(ran.json().path("immediate").path("honoured").asBoolean()).isTrue();
        assertThat(queued.status()).isEqualTo(202);
        assertThat(queued.json().path("immediate").path("requested").asBoolean()).isTrue();
        assertThat(queued.json().path("immediate").path("honoured").asBoolean()).isFalse();
        assertThat(awaitEnd(host, user.jwt(), queued.json().path("ref").asText()).path("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void aRepeatedSubmissionWithTheSameIdempotencyKeyReturnsTheFirstJob() {
        CoreClient alice = CoreClient.create(host, "idem-alice");
        Map<String, Object> body = job(createAttribute(null, "idem-attribute"));

        TestResponse first = host.send(host.request("/jobs", alice.jwt()).header("Idempotency-Key", "order-42")
                .header("Content-Type", "application/json").POST(TestHost.jsonBody(body)));
        awaitEnd(host, alice.jwt(), first.json().path("ref").asText());
        TestResponse again = host.send(host.request("/jobs", alice.jwt()).header("Idempotency-Key", "order-42")
                .header("Content-Type", "application/json").POST(TestHost.jsonBody(body)));
        TestResponse different = host.send(host.request("/jobs", alice.jwt()).header("Idempotency-Key", "order-42")
                .header("Content-Type", "application/json").POST(TestHost.jsonBody(job(createAttribute(null, "other")))));

        assertThat(again.json().path("ref").asText()).isEqualTo(first.json().path("ref").asText());
        assertThat(again.headers().firstValue("idempotent-replayed")).contains("true");
        assertThat(again.json().path("status").asText()).isEqualTo("succeeded");
        assertThat(different.status()).isEqualTo(422);
        assertThat(different.problemCode()).isEqualTo("jobs.idempotency_key_reused");
        assertThat(host.get("/jobs", alice.jwt()).json().path("items")).hasSize(1);
        assertThat(alice.get("/core/attributes").json().toString()).containsOnlyOnce("idem-attribute");
    }

    @Test
    void aJobsCoreTokenCapturedWhileTheJobUsesItNoLongerWorksAfterTheJob() {
        CoreClient alice = CoreClient.create(host, "token-alice");
        CoreTokenRecorder.SEEN.clear();
        RecordingCoreTokens.USED.clear();
        String ref = submitted(host.post("/jobs", alice.jwt(), job(op("me", "testjobs.whoami", Map.of()))));
        JsonNode done = awaitEnd(host, alice.jwt(), ref);

        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.path("results").get(0).path("result").path("status").asInt()).isEqualTo(200);
        assertThat(done.path("results").get(0).path("result").path("me").path("id").asLong()).isEqualTo(alice.userId());
        assertThat(done.path("results").get(0).path("result").path("me").path("credential").asText()).isEqualTo("core_token");
        assertThat(CoreTokenRecorder.SEEN).as("the plugin operation's core read ran in-process").isEmpty();
        // The token the job's core read authenticated with (alice's own core token was not used here).
        Set<String> captured = new HashSet<>(RecordingCoreTokens.USED);
        captured.remove(alice.token());
        assertThat(captured).hasSize(1);
        String jobToken = captured.iterator().next();
        TestResponse afterwards = host.send(host.request("/core/me", jobToken).GET());
        assertThat(afterwards.status()).isEqualTo(401);
        assertThat(done.toString()).doesNotContain(jobToken);
        List<JsonNode> jobTokens = new ArrayList<>();
        host.get("/admin/users/" + alice.userId() + "/core-tokens", host.loginAsAdmin()).json().path("items").forEach(token -> {
            if (token.path("kind").asText().equals("job")) {
                jobTokens.add(token);
            }
        });
        assertThat(jobTokens).hasSize(1);
        assertThat(jobTokens.getFirst().path("revoked_at").isTextual()).as(jobTokens.toString()).isTrue();
    }

    @Test
    void retriableFailuresAreRetriedWithBackoffAndOthersFailAtOnce() {
        CoreClient alice = CoreClient.create(host, "retry-alice");
        String flaky = submitted(host.post("/jobs", alice.jwt(), job(op(null, "testjobs.flaky", Map.of("fail_times", 2)))));
        String boom = submitted(host.post("/jobs", alice.jwt(), job(createAttribute(null, "boom-attr"), op(null, "testjobs.boom", Map.of()))));

        JsonNode flakyDone = awaitEnd(host, alice.jwt(), flaky);
        JsonNode boomDone = awaitEnd(host, alice.jwt(), boom);

        assertThat(flakyDone.path("status").asText()).isEqualTo("succeeded");
        assertThat(flakyDone.path("attempts").asInt()).isEqualTo(3);
        assertThat(flakyDone.path("results").get(0).path("result").path("runs").asInt()).isEqualTo(3);
        assertThat(boomDone.path("status").asText()).isEqualTo("failed");
        assertThat(boomDone.path("attempts").asInt()).isEqualTo(1);
        assertThat(boomDone.path("error").path("code").asText()).isEqualTo("testjobs.boom");
        assertThat(boomDone.path("error").path("retriable").asBoolean()).isFalse();
        assertThat(alice.get("/core/attributes").json().toString()).doesNotContain("boom-attr");
    }

    @Test
    void aPluginRouteSubmitsAJobWhosePluginOperationWritesTheCoreInTheJobsTransaction() {
        CoreClient alice = CoreClient.create(host, "route-alice");
        TestResponse accepted = host.post("/api/testjobs/submit", alice.jwt(), Map.of("operations", List.of(
                Map.of("id", "made", "type", "testjobs.make_attribute", "input", Map.of("name", "route-attr")),
                Map.of("type", "core.attribute.update", "input", Map.of("id", "${made.attribute_id}",
                        "body", Map.of("name", "route-attr-renamed"))))));

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        JsonNode done = awaitEnd(host, alice.jwt(), accepted.json().path("ref").asText());
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.path("results").get(1).path("result").path("name").asText()).isEqualTo("route-attr-renamed");
    }

    @Test
    void callbacksAreSignedRetriedUntilDeliveredAndEveryAttemptIsRecorded() throws Exception {
        CoreClient alice = CoreClient.create(host, "callback-alice");
        String secret = host.get("/jobs/callback-secret", alice.jwt()).json().path("secret").asText();
        AtomicInteger calls = new AtomicInteger();
        List<String> verified = new CopyOnWriteArrayList<>();
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            boolean fresh = Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) < 300;
            if (fresh && WebhookSignature.sign(secret, id, Long.parseLong(timestamp), body).equals(signature)) {
                verified.add(id);
            }
            bodies.add(body);
            int status = calls.incrementAndGet() <= 2 ? 500 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String url = "http://localhost:" + receiver.getAddress().getPort() + "/hook";
            String ref = submitted(host.post("/jobs", alice.jwt(), Map.of("callback_url", url,
                    "operations", List.of(op(null, "testjobs.whoami", Map.of())))));
            awaitEnd(host, alice.jwt(), ref);
            JsonNode job = awaitCallback(alice, ref);

            assertThat(job.path("callback").path("status").asText()).isEqualTo("delivered");
            assertThat(job.path("callback").path("attempts")).hasSize(3);
            assertThat(job.path("callback").path("attempts").get(0).path("status_code").asInt()).isEqualTo(500);
            assertThat(job.path("callback").path("attempts").get(0).path("outcome").asText()).isEqualTo("http_error");
            assertThat(job.path("callback").path("attempts").get(2).path("outcome").asText()).isEqualTo("delivered");
            assertThat(verified).containsExactly(ref, ref, ref);
            assertThat(bodies.getLast()).contains("\"type\":\"job.succeeded\"").contains(ref).doesNotContain("ac_");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aRotatedSecretReplacesTheOldOne() {
        CoreClient alice = CoreClient.create(host, "rotate-alice");
        String before = host.get("/jobs/callback-secret", alice.jwt()).json().path("secret").asText();
        String rotated = host.post("/jobs/callback-secret/rotate", alice.jwt(), Map.of()).json().path("secret").asText();

        assertThat(before).startsWith("whsec_");
        assertThat(rotated).startsWith("whsec_").isNotEqualTo(before);
        assertThat(host.get("/jobs/callback-secret", alice.jwt()).json().path("secret").asText()).isEqualTo(rotated);
    }

    @Test
    void callbackUrlsOnLoopbackPrivateOrLinkLocalAddressesAreRefused() {
        CoreClient alice = CoreClient.create(host, "ssrf-alice");
        for (String url : List.of("http://127.0.0.1:8080/hook", "http://10.1.2.3/hook", "http://169.254.169.254/latest/meta-data",
                "http://[::1]/hook", "http://192.168.0.10/", "http://100.64.0.1/")) {
            TestResponse refused = host.post("/jobs", alice.jwt(), Map.of("callback_url", url,
                    "operations", List.of(createAttribute(null, "ssrf-attr"))));
            assertThat(refused.status()).as(url).isEqualTo(400);
            assertThat(refused.problemCode()).as(url).isEqualTo("jobs.callback_url_refused");
        }
        TestResponse badScheme = host.post("/jobs", alice.jwt(), Map.of("callback_url", "file:///etc/passwd",
                "operations", List.of(createAttribute(null, "ssrf-attr"))));
        assertThat(badScheme.problemCode()).isEqualTo("jobs.invalid_callback_url");
        assertThat(host.get("/jobs", alice.jwt()).json().path("items")).isEmpty();
    }

    @Test
    void theInternalApiSetsStatusForJobWriteAndReportsMetricsForJobRead() {
        CoreClient alice = CoreClient.create(host, "internal-alice");
        String writer = host.createUserAndLogin("internal-writer", "job-write");
        String reader = host.createUserAndLogin("internal-reader", "job-read");
        String ref = submitted(host.post("/jobs", alice.jwt(), job(op(null, "testjobs.flaky", Map.of("fail_times", 1000)))));

        TestResponse byUser = host.patch("/internal/jobs/" + ref, alice.jwt(), Map.of("status", "cancelled"));
        TestResponse cancelled = host.patch("/internal/jobs/" + ref, writer, Map.of("status", "cancelled"));
        TestResponse again = host.patch("/internal/jobs/" + ref, writer, Map.of("status", "succeeded"));
        TestResponse metricsByWriter = host.get("/internal/jobs/metrics", writer);
        TestResponse metrics = host.get("/internal/jobs/metrics", reader);
        TestResponse prometheus = host.get("/internal/jobs/metrics/prometheus", reader);

        assertThat(byUser.status()).isEqualTo(403);
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asText()).isEqualTo("cancelled");
        assertThat(host.get("/jobs/" + ref, alice.jwt()).json().path("status").asText()).isEqualTo("cancelled");
        assertThat(again.status()).isEqualTo(409);
        assertThat(metricsByWriter.status()).isEqualTo(403);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.json().path("counts").path("cancelled").asLong()).isPositive();
        assertThat(metrics.json().has("queue_depth")).isTrue();
        assertThat(metrics.json().path("latency_ms").has("p99")).isTrue();
        assertThat(metrics.json().path("throughput").has("per_second_last_minute")).isTrue();
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.rawBody()).contains("applecore_jobs{").contains("applecore_jobs_queue_depth")
                .contains("applecore_jobs_latency_seconds");
    }

    private static long groupWithMember(CoreClient owner, String name, CoreClient member) {
        long group = owner.post("/core/groups", Map.of("name", name)).json().path("id").asLong();
        assertThat(owner.put("/core/groups/" + group + "/members/" + member.userId()).status()).isEqualTo(204);
        return group;
    }

    private static JsonNode awaitCallback(CoreClient user, String ref) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            JsonNode job = host.get("/jobs/" + ref, user.jwt()).json();
            if (!job.path("callback").path("status").asText().equals("pending") || Instant.now().isAfter(deadline)) {
                return job;
            }
            Jobs.sleep(50);
        }
    }
}
