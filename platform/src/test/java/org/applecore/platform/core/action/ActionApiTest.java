package org.applecore.platform.core.action;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.core.lifecycle.TokenLifecycle;
import org.applecore.platform.problem.ApiException;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.applecore.sdk.action.ActionTypeHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.applecore.platform.core.action.ActionFixtures.attribute;
import static org.applecore.platform.core.action.ActionFixtures.created;
import static org.applecore.platform.core.action.ActionFixtures.systemAttribute;
import static org.applecore.platform.core.action.ActionFixtures.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** /core/actions over HTTP, plugin action types, bounds deciding whether actions run, and a busy script not stalling the host. */
class ActionApiTest {

    private static TestHost host;
    private static CoreClient alice;
    private static CoreClient bob;
    private static ActionFixtures fixtures;
    private static long created;

    @BeforeAll
    static void startHost() {
        host = TestHost.start(Map.of("applecore.scripts.timeout", "3s", "applecore.scripts.statement-limit", "1000000000000"));
        fixtures = new ActionFixtures(host);
        alice = CoreClient.create(host, "alice");
        bob = CoreClient.create(host, "bob");
        created = systemAttribute(alice, "created");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    private static void assertProblem(TestResponse response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.problemCode()).as(response.toString()).isEqualTo(code);
    }

    private static Map<String, Object> body(String name, Object... more) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "target_attribute_id", created,
                "lifecycles", List.of("creation"), "script", Map.of("source", "(input) => ({})")));
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return body;
    }

    @Test
    void definitionLifecycleOverHttp() {
        long recipient = attribute(alice, "score", "numeric", 0);
        long recipientToken = fixtures.tokens(type(alice, "scored", List.of(recipient), List.of()), alice.userId(),
                fixtures.set(alice.userId()), 1).getFirst();
        JsonNode made = created(alice.post("/core/actions", body("limit", "version", "1.0", "target_from_state", Map.of("regex", "a.*"),
                "lifecycles", List.of("creation", "token_set_addition"), "triggers", List.of("location_entering"),
                "recipient", Map.of("attribute_id", recipient, "token_id", recipientToken), "per_token", false,
                "run_when_out_area", true, "script", Map.of("source", "(input) => ({})", "param_attributes", List.of(recipient),
                        "local_state_init", Map.of("n", 0), "global_state_init", Map.of("total", 0)))));
        long id = made.path("id").asLong();
        assertThat(made.path("owner_id").asLong()).isEqualTo(alice.userId());
        assertThat(made.path("version").asText()).isEqualTo("1.0");
        assertThat(made.path("target_from_state").path("regex").asText()).isEqualTo("a.*");
        assertThat(made.path("lifecycles").toString()).isEqualTo("[\"creation\",\"token_set_addition\"]");
        assertThat(made.path("triggers").get(0).asText()).isEqualTo("location_entering");
        assertThat(made.path("recipient").path("token_id").asLong()).isEqualTo(recipientToken);
        assertThat(made.path("per_token").asBoolean()).isFalse();
        assertThat(made.path("run_when_in_area").asBoolean()).isTrue();
        assertThat(made.path("script").path("md5").asText()).hasSize(32);
        assertThat(made.path("script").path("source").asText()).isEqualTo("(input) => ({})");
        assertThat(made.path("script").path("global_state").path("total").asInt()).isZero();
        assertThat(made.path("script").path("local_state_init").path("n").asInt()).isZero();

        assertProblem(bob.get("/core/actions/" + id), 404, "core.action_not_found");
        assertProblem(bob.patch("/core/actions/" + id, Map.of("name", "mine")), 404, "core.action_not_found");
        assertThat(alice.get("/core/actions").json().path("items").findValuesAsText("name")).contains("limit");
        assertThat(bob.get("/core/actions").json().path("items").findValuesAsText("name")).doesNotContain("limit");
        assertProblem(alice.post("/core/actions", body("limit")), 409, "core.action_name_taken");

        assertProblem(alice.patch("/core/actions/" + id, Map.of("target_from_state", 5, "charge", Map.of())), 400,
                "core.invalid_request");
        JsonNode patched = alice.patch("/core/actions/" + id, Map.of("target_from_state", 5, "version", "1.1")).json();
        assertThat(patched.path("target_from_state").asInt()).isEqualTo(5);
        assertThat(patched.path("version").asText()).isEqualTo("1.1");
        assertThat(patched.path("script").path("md5").asText()).as("the script did not change")
                .isEqualTo(made.path("script").path("md5").asText());
        assertThat(alice.delete("/core/actions/" + id).status()).isEqualTo(204);
        assertProblem(alice.get("/core/actions/" + id), 404, "core.action_not_found");
    }

    @Test
    void badDefinitionsAreRefusedSayingWhy() {
        assertProblem(alice.post("/core/actions", body("a1", "target_attribute_id", 999_999)), 400, "core.unknown_attribute");
        assertProblem(alice.post("/core/actions", body("a2", "lifecycles", List.of("birthday"))), 400, "core.invalid_request");
        assertProblem(alice.post("/core/actions", body("a3", "script", Map.of("source", "(i) => 1", "action_type", "x:y"))), 400,
                "core.invalid_request");
        assertProblem(alice.post("/core/actions", body("a4", "script", Map.of("action_type", "nowhere:nothing"))), 422,
                "core.action_type_unavailable");
        assertProblem(alice.post("/core/actions", body("a5", "run_when_in_area", false)), 400, "core.invalid_request");
        assertProblem(alice.post("/core/actions", body("a6", "shape", "round")), 400, "core.unknown_field");
        long bobsToken = fixtures.tokens(type(bob, "bobs", List.of(), List.of()), bob.userId(), fixtures.set(bob.userId()), 1)
                .getFirst();
        assertProblem(alice.post("/core/actions", body("a7", "recipient", Map.of("attribute_id", created, "token_id", bobsToken))),
                403, "core.recipient_not_writable");
        long bobsSet = fixtures.set(bob.userId());
        long group = fixtures.typeGroup(type(bob, "bobs-coin", List.of(), List.of()), 1L);
        assertProblem(alice.post("/core/actions", body("a8", "charge", Map.of("type_group_id", group, "source_set_id", bobsSet,
                "destination_set_id", fixtures.set(alice.userId())))), 403, "core.charge_source_not_owned");
        long action = created(alice.post("/core/actions", body("a9"))).path("id").asLong();
        assertProblem(alice.put("/core/actions/" + action + "/instances/" + type(bob, "bobs-type", List.of(), List.of()), Map.of()),
                403, "core.not_owner");
        assertThat(alice.get("/core/actions?limit=100").json().path("items").findValuesAsText("name"))
                .doesNotContain("a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8");
    }

    @Test
    void pluginActionTypesRunUnderTheSameRulesAndFailClearlyWhileWithdrawn() {
        PluginActionTypes types = host.context().getBean(PluginActionTypes.class);
        long note = attribute(alice, "plugin-note", "string", "");
        long noted = type(alice, "noted", List.of(note), List.of());
        AtomicReference<String> seen = new AtomicReference<>();
        ActionTypeHandler stamp = input -> {
            seen.set(input);
            return "{\"changes\": [{\"name\": \"plugin-note\", \"value\": \"stamped\"}], \"global_state\": {\"runs\": 1}}";
        };
        types.offer("stamps", Map.of("stamp", stamp, "boom", input -> {
            throw new IllegalStateException("out of ink");
        }), getClass().getClassLoader());
        long id = created(alice.post("/core/actions", body("stamper", "target_attribute_id", note, "lifecycles", List.of("owner_change"),
                "recipient", Map.of("attribute_id", note), "script", Map.of("action_type", "stamps:stamp")))).path("id").asLong();
        alice.put("/core/actions/" + id + "/instances/" + noted, Map.of());
        long token = fixtures.tokens(noted, alice.userId(), fixtures.set(alice.userId()), 1).getFirst();

        fixtures.fire(alice, TokenLifecycle.OWNER_CHANGE, List.of(token), null);
        assertThat(fixtures.text("SELECT value #>> '{}' FROM core.token_value WHERE token_id = ? AND attribute_id = ?", token, note))
                .isEqualTo("stamped");
        assertThat(seen.get()).contains("\"target_tokens\"", "\"global_state\"", "\"id\":" + token);
        assertThat(alice.get("/core/actions/" + id).json().path("script").path("global_state").path("runs").asInt()).isEqualTo(1);

        types.withdrawAllOf("stamps");
        ApiException unavailable = catchThrowableOfType(ApiException.class,
                () -> fixtures.fire(alice, TokenLifecycle.OWNER_CHANGE, List.of(token), null));
        assertThat(unavailable.status()).isEqualTo(422);
        assertThat(unavailable.code()).isEqualTo("core.action_type_unavailable");
        assertThat(unavailable.getMessage()).contains("stamper", "stamps:stamp", "disabled");
        assertThat(alice.get("/core/actions/" + id).status()).as("the definition stays").isEqualTo(200);

        types.offer("stamps", Map.of("boom", input -> {
            throw new IllegalStateException("out of ink");
        }), getClass().getClassLoader());
        alice.patch("/core/actions/" + id, Map.of("script", Map.of("action_type", "stamps:boom")));
        alice.put("/core/actions/" + id + "/instances/" + noted, Map.of());
        ApiException failed = catchThrowableOfType(ApiException.class,
                () -> fixtures.fire(alice, TokenLifecycle.OWNER_CHANGE, List.of(token), null));
        assertThat(failed.code()).isEqualTo("core.action_failed");
        assertThat(failed.getMessage()).contains("Action 'stamper' failed", "out of ink");
        types.withdrawAllOf("stamps");
    }

    @Test
    void mapBoundsOnTheTargetDecideInAreaAndOutOfAreaActions() {
        long area = created(alice.post("/core/map-bounds", Map.of("name", "plaza", "geometry", Map.of("type", "Polygon",
                "coordinates", List.of(List.of(List.of(0, 0), List.of(1, 0), List.of(1, 1), List.of(0, 1), List.of(0, 0)))))))
                .path("id").asLong();
        long fenced = created(alice.post("/core/attributes", Map.of("name", "fenced", "value", Map.of("value_type", "numeric"),
                "bounds", Map.of("map", List.of(area))))).path("id").asLong();
        long placed = type(alice, "placed", List.of(fenced), List.of());
        long inside = created(alice.post("/core/actions", body("inside", "target_attribute_id", fenced, "lifecycles",
                List.of("owner_change"), "script", Map.of("source", "(input) => ({ global_state: { ran: true } })"))))
                .path("id").asLong();
        long outside = created(alice.post("/core/actions", body("outside", "target_attribute_id", fenced, "lifecycles",
                List.of("owner_change"), "run_when_in_area", false, "run_when_out_area", true,
                "script", Map.of("source", "(input) => ({ global_state: { ran: true } })")))).path("id").asLong();
        alice.put("/core/actions/" + inside + "/instances/" + placed, Map.of());
        alice.put("/core/actions/" + outside + "/instances/" + placed, Map.of());
        long location = systemAttribute(alice, "location");
        long set = fixtures.set(alice.userId());
        long here = fixtures.create(alice, placed, set, Map.of(location, "{\"lat\": 0.5, \"lon\": 0.5}"));

        fixtures.fire(alice, TokenLifecycle.OWNER_CHANGE, List.of(here), null);
        assertThat(alice.get("/core/actions/" + inside).json().path("script").path("global_state").path("ran").asBoolean()).isTrue();
        assertThat(alice.get("/core/actions/" + outside).json().path("script").path("global_state").has("ran")).isFalse();
        long away = fixtures.create(alice, placed, set, Map.of(location, "{\"lat\": 5, \"lon\": 5}"));
        fixtures.fire(alice, TokenLifecycle.OWNER_CHANGE, List.of(away), null);
        assertThat(alice.get("/core/actions/" + outside).json().path("script").path("global_state").path("ran").asBoolean()).isTrue();
    }

    @Test
    void theHostServesOtherRequestsWhileAScriptRunsToItsTimeLimit() throws Exception {
        long busyType = type(alice, "busy", List.of(), List.of());
        long id = created(alice.post("/core/actions", body("spins", "lifecycles", List.of("owner_change"),
                "script", Map.of("source", "(input) => { for (;;) {} }")))).path("id").asLong();
        alice.put("/core/actions/" + id + "/instances/" + busyType, Map.of());
        long token = fixtures.tokens(busyType, alice.userId(), fixtures.set(alice.userId()), 1).getFirst();
        CompletableFuture<ApiException> spinning = CompletableFuture.supplyAsync(() -> catchThrowableOfType(ApiException.class,
                () -> fixtures.fire(alice, TokenLifecycle.OWNER_CHANGE, List.of(token), null)));
        Thread.sleep(300);
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            assertThat(host.get("/health", null).status()).isEqualTo(200);
            assertThat(bob.get("/core/me").status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        }
        assertThat(spinning.isDone()).as("the script is still running").isFalse();
        ApiException failed = spinning.get();
        assertThat(failed.code()).isEqualTo("core.action_failed");
        assertThat(failed.getMessage()).contains("Action 'spins' failed", "time limit of 3000 ms");
    }
}
