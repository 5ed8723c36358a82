package org.applecore.platform.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpMethod;
import io.micronaut.web.router.Router;
import org.applecore.platform.jobs.operation.CoreReads;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.applecore.platform.jobs.Jobs.awaitEnd;
import static org.applecore.platform.jobs.Jobs.job;
import static org.applecore.platform.jobs.Jobs.op;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Core reads ({@code GET}) made by a plugin's job operation through its core session run in-process on the job's
 * own connection: they see what the job's earlier operations wrote, as the operational user, and answer exactly
 * what the REST API answers.
 */
class PluginOperationCoreReadsTest {

    private static TestHost host;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        Jobs.installTestJobsPlugin(host);
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void aPluginOperationReadsTheTokenAnEarlierOperationOfTheSameJobCreated() {
        CoreClient alice = CoreClient.create(host, "reader-alice");
        List<String> paths = List.of("/core/tokens/${tok.id}", "/core/token-sets/${inbox.id}/tokens", "/core/token-sets/${inbox.id}");
        String ref = host.post("/jobs", alice.jwt(), job(
                op("shell", "core.token_type.create", Map.of("body", Map.of("name", "reader-shell"))),
                op("inbox", "core.token_set.create", Map.of("body", Map.of("name", "reader-inbox"))),
                op("tok", "core.token.create", Map.of("body", Map.of("token_type", "${shell.id}", "set", "${inbox.id}"))),
                op("seen", "testjobs.read", Map.of("paths", paths)))).json().path("ref").asText();

        JsonNode done = awaitEnd(host, alice.jwt(), ref);

        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        long token = done.path("results").get(2).path("result").path("id").asLong();
        long inbox = done.path("results").get(1).path("result").path("id").asLong();
        JsonNode reads = done.path("results").get(3).path("result").path("reads");
        assertThat(reads.get(0).path("status").asInt()).as(reads.toString()).isEqualTo(200);
        assertThat(reads.get(0).path("body").path("id").asLong()).isEqualTo(token);
        assertThat(reads.get(0).path("body").path("owner_id").asLong()).isEqualTo(alice.userId());
        assertThat(reads.get(1).path("status").asInt()).isEqualTo(200);
        assertThat(reads.get(1).path("body").path("items").get(0).path("id").asLong()).isEqualTo(token);
        assertThat(reads.get(2).path("body").path("member_count").asLong()).isEqualTo(1);
        // Committed now: the REST API answers what the operation saw.
        assertThat(alice.get("/core/tokens/" + token).json()).isEqualTo(reads.get(0).path("body"));
        assertThat(alice.get("/core/token-sets/" + inbox + "/tokens").json()).isEqualTo(reads.get(1).path("body"));
    }

    @Test
    void aReadRefusedInsideAJobIsAnsweredAsTheRestApiAnswersAndTheJobGoesOn() {
        CoreClient alice = CoreClient.create(host, "refused-alice");
        CoreClient bob = CoreClient.create(host, "refused-bob");
        long bobsSet = bob.post("/core/token-sets", Map.of("name", "private")).json().path("id").asLong();
        String ref = host.post("/jobs", alice.jwt(), job(
                op("seen", "testjobs.read", Map.of("paths", List.of("/core/token-sets/" + bobsSet))),
                op("after", "core.token_set.create", Map.of("body", Map.of("name", "made-after-a-refusal"))))).json().path("ref").asText();

        JsonNode done = awaitEnd(host, alice.jwt(), ref);

        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        JsonNode refused = done.path("results").get(0).path("result").path("reads").get(0);
        assertThat(refused.path("status").asInt()).isEqualTo(404);
        assertThat(refused.path("body")).isEqualTo(alice.get("/core/token-sets/" + bobsSet).json());
        assertThat(alice.get("/core/token-sets").json().toString()).contains("made-after-a-refusal");
    }

    @Test
    void aReadAfterAGroupChangeInTheSameOperationSeesTheCallersNewGroups() {
        CoreClient alice = CoreClient.create(host, "member-alice");
        String ref = host.post("/jobs", alice.jwt(), job(op("seen", "testjobs.read", Map.of("paths", List.of(
                "/core/me",
                Map.of("method", "POST", "path", "/core/groups", "body", Map.of("name", "made-in-the-operation")),
                "/core/me"))))).json().path("ref").asText();

        JsonNode done = awaitEnd(host, alice.jwt(), ref);

        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        JsonNode reads = done.path("results").get(0).path("result").path("reads");
        long group = reads.get(1).path("body").path("id").asLong();
        assertThat(reads.get(1).path("status").asInt()).as(reads.toString()).isEqualTo(201);
        assertThat(reads.get(0).path("body").path("group_ids")).noneMatch(id -> id.asLong() == group);
        assertThat(reads.get(2).path("body").path("group_ids")).as(reads.toString()).anyMatch(id -> id.asLong() == group);
        assertThat(reads.get(2).path("body")).isEqualTo(alice.get("/core/me").json());
    }

    @Test
    void everyCoreReadAnswersInsideAJobWhatTheRestApiAnswers() {
        CoreClient alice = CoreClient.create(host, "mirror-alice");
        CoreClient bob = CoreClient.create(host, "mirror-bob");
        long area = id(alice.post("/core/map-bounds", Map.of("name", "mirror-area", "geometry", Map.of("type", "Polygon",
                "coordinates", List.of(List.of(List.of(10, 50), List.of(11, 50), List.of(11, 51), List.of(10, 51), List.of(10, 50)))))));
        long attribute = id(alice.post("/core/attributes", Map.of("name", "mirror-colour", "value", Map.of("value_type", "string"))));
        long zone = id(alice.post("/core/attributes", Map.of("name", "mirror-zone", "value", Map.of("value_type", "json"),
                "bounds", Map.of("map", List.of(area)))));
        long type = id(alice.post("/core/token-types", Map.of("name", "mirror-car", "attributes", List.of(attribute, zone))));
        long set = id(alice.post("/core/token-sets", Map.of("name", "mirror-garage")));
        long token = id(alice.post("/core/tokens", Map.of("token_type", type, "set", set,
                "values", Map.of(String.valueOf(attribute), "red"))));
        alice.post("/core/tokens", Map.of("token_type", type, "set", set));
        long typeGroup = id(alice.post("/core/type-groups", Map.of("name", "mirror-fleet", "members", List.of(Map.of("token_type", type)))));
        long group = id(alice.post("/core/groups", Map.of("name", "mirror-team")));
        alice.put("/core/groups/" + group + "/members/" + bob.userId());
        long child = id(alice.post("/core/groups", Map.of("name", "mirror-shift", "parent_group_id", group)));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long week = id(alice.post("/core/time-bounds", Map.of("name", "mirror-week", "start", now.minus(1, ChronoUnit.DAYS).toString(),
                "stop", now.plus(6, ChronoUnit.DAYS).toString())));
        assertThat(alice.put("/core/groups/" + child + "/bounds", Map.of("map", List.of(area), "time", List.of(week))).status()).isEqualTo(200);
        List<String> paths = List.of(
                "/core/me", "/core/users/" + bob.userId(),
                "/core/attributes", "/core/attributes?owner=system&limit=2", "/core/attributes/" + attribute,
                "/core/token-types", "/core/token-types/" + type, "/core/token-types/" + type + "/map-bounds",
                "/core/tokens/" + token, "/core/tokens/" + token + "/map-bounds",
                "/core/token-sets", "/core/token-sets/" + set, "/core/token-sets/" + set + "/tokens?limit=1",
                "/core/type-groups", "/core/type-groups/" + typeGroup,
                "/core/groups", "/core/groups/" + group, "/core/groups/" + group + "/members", "/core/groups/" + group + "/admins",
                "/core/groups/" + child + "/bounds",
                "/core/map-bounds", "/core/map-bounds/" + area, "/core/time-bounds", "/core/time-bounds/" + week,
                "/core/actions", "/core/actions/999999999", "/core/actions/999999999/instances",
                // Refusals: bad ids, limits and cursors, things that do not exist or are not the caller's, no such read.
                "/core/tokens/abc", "/core/token-sets?limit=0", "/core/token-sets?limit=ten", "/core/token-sets?cursor=bogus",
                "/core/token-sets/999999999", "/core/groups/999999999", "/core/type-groups/999999999", "/core/nothing-here");

        String ref = host.post("/jobs", alice.jwt(), job(op("seen", "testjobs.read", Map.of("paths", paths)))).json().path("ref").asText();
        JsonNode done = awaitEnd(host, alice.jwt(), ref);

        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        JsonNode reads = done.path("results").get(0).path("result").path("reads");
        assertThat(reads).hasSize(paths.size());
        for (JsonNode read : reads) {
            TestResponse rest = alice.get(read.path("path").asText());
            assertThat(read.path("status").asInt()).as(read.path("path").asText()).isEqualTo(rest.status());
            assertThat(read.path("body")).as(read.path("path").asText()).isEqualTo(rest.json());
        }
        assertThat(reads.get(0).path("status").asInt()).isEqualTo(200);
        assertThat(reads.get(paths.indexOf("/core/tokens/" + token)).path("body").toString()).contains("red");
    }

    @Test
    void everyCoreGetEndpointHasAnInProcessRead() {
        // The router may list a route more than once (one entry per media type it produces).
        List<String> restReads = host.context().getBean(Router.class).uriRoutes()
                .filter(route -> route.getHttpMethod() == HttpMethod.GET)
                .map(route -> route.getUriMatchTemplate().toPathString())
                .filter(path -> path.equals("/core") || path.startsWith("/core/"))
                .map(PluginOperationCoreReadsTest::withoutVariableNames)
                .distinct().toList();
        List<String> inProcess = host.context().getBean(CoreReads.class).pathTemplates().stream()
                .map(PluginOperationCoreReadsTest::withoutVariableNames).toList();

        assertThat(restReads).hasSizeGreaterThan(20);
        assertThat(inProcess).containsExactlyInAnyOrderElementsOf(restReads);
    }

    private static String withoutVariableNames(String template) {
        return template.replaceAll("\\{[^}]*}", "{}");
    }

    private static long id(TestResponse created) {
        assertThat(created.status()).as(created.toString()).isIn(200, 201);
        return created.json().path("id").asLong();
    }
}
