package org.applecore.platform.core.action;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.core.lifecycle.TokenLifecycle;
import org.applecore.platform.problem.ApiException;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.applecore.platform.core.action.ActionFixtures.attribute;
import static org.applecore.platform.core.action.ActionFixtures.created;
import static org.applecore.platform.core.action.ActionFixtures.systemAttribute;
import static org.applecore.platform.core.action.ActionFixtures.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Actions running on lifecycle events inside the operation's transaction: the spec's examples (rate limiting
 * creation through script state, charging on creation as one action and as two), inheritance order,
 * rollback of everything (states included), script pinning, from-state matching and concurrent global state.
 */
class ActionRunnerTest {

    private static TestHost host;
    private static CoreClient shop;
    private static CoreClient buyer;
    private static ActionFixtures fixtures;
    private static long createdAttribute;
    private static int names;

    @BeforeAll
    static void startHost() {
        host = TestHost.start(Map.of("applecore.scripts.timeout", "1s", "applecore.scripts.statement-limit", "100000"));
        fixtures = new ActionFixtures(host);
        shop = CoreClient.create(host, "shop");
        buyer = CoreClient.create(host, "buyer");
        createdAttribute = systemAttribute(shop, "created");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    private static String unique(String name) {
        return name + "-" + (++names);
    }

    /** An action by the shop, applied to the type. */
    private static long action(long typeId, Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.putIfAbsent("name", unique("action"));
        JsonNode made = created(shop.post("/core/actions", body));
        long id = made.path("id").asLong();
        assertThat(shop.put("/core/actions/" + id + "/instances/" + typeId, Map.of()).status()).isEqualTo(200);
        return id;
    }

    private static Map<String, Object> script(String source, Object globalInit) {
        return globalInit == null ? Map.of("source", source) : Map.of("source", source, "global_state_init", globalInit);
    }

    private static ApiException failure(Runnable operation) {
        ApiException e = catchThrowableOfType(ApiException.class, operation::run);
        assertThat(e).as("the operation should have failed").isNotNull();
        return e;
    }

    private JsonNode globalState(long actionId) {
        return shop.get("/core/actions/" + actionId).json().path("script").path("global_state");
    }

    @Test
    void rateLimitsCreationThroughScriptState() {
        long widget = type(shop, unique("widget"), List.of(), List.of());
        long limiter = action(widget, Map.of("target_attribute_id", createdAttribute, "lifecycles", List.of("creation"),
                "recipient", Map.of("attribute_id", createdAttribute),
                "script", script("""
                        (input) => {
                          const made = (input.global_state.made || 0) + 1;
                          if (made > 2) return { changes: [{ name: 'created', value: false }] };
                          return { global_state: { made } };
                        }""", Map.of("made", 0))));
        long set = fixtures.set(buyer.userId());
        fixtures.create(buyer, widget, set, null);
        fixtures.create(buyer, widget, set, null);
        ApiException refused = failure(() -> fixtures.create(buyer, widget, set, null));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("core.creation_refused");
        assertThat(refused.getMessage()).contains("set by action");
        assertThat(fixtures.count("SELECT count(*) FROM core.token WHERE type_id = ?", widget)).isEqualTo(2);
        assertThat(fixtures.count("SELECT member_count FROM core.token_set WHERE id = ?", set)).isEqualTo(2);
        assertThat(globalState(limiter).path("made").asInt()).isEqualTo(2);
    }

    @Test
    void chargesTheCreatorOnCreationWithOneAction() {
        long coin = type(shop, unique("coin"), List.of(), List.of());
        long widget = type(shop, unique("widget"), List.of(), List.of());
        long wallet = fixtures.set(buyer.userId());
        long till = fixtures.set(shop.userId());
        fixtures.tokens(coin, buyer.userId(), wallet, 3);
        long price = fixtures.typeGroup(coin, 2L);
        action(widget, Map.of("target_attribute_id", createdAttribute, "lifecycles", List.of("creation"),
                "charge", Map.of("type_group_id", price, "destination_set_id", till),
                "script", script("(input) => ({ target: true })", null)));

        fixtures.create(buyer, widget, wallet, null);
        assertThat(fixtures.count("SELECT count(*) FROM core.token_set_member m JOIN core.token t ON t.id = m.token_id "
                + "WHERE m.set_id = ? AND t.type_id = ?", till, coin)).isEqualTo(2);
        assertThat(fixtures.count("SELECT member_count FROM core.token_set WHERE id = ?", wallet)).isEqualTo(2);
        assertThat(fixtures.count("SELECT member_count FROM core.token_set WHERE id = ?", till)).isEqualTo(2);

        ApiException broke = failure(() -> fixtures.create(buyer, widget, wallet, null));
        assertThat(broke.status()).isEqualTo(422);
        assertThat(broke.code()).isEqualTo("core.action_failed");
        assertThat(broke.getMessage()).contains("charge cannot be paid", "needs 2 tokens", "1 are available");
        assertThat(fixtures.count("SELECT count(*) FROM core.token WHERE type_id = ?", widget)).as("rolled back").isEqualTo(1);
        assertThat(fixtures.count("SELECT member_count FROM core.token_set WHERE id = ?", wallet)).isEqualTo(2);
    }

    @Test
    void chargesOnlyWhenTheScriptReturnsATruthyTarget() {
        long coin = type(shop, unique("coin"), List.of(), List.of());
        long gift = type(shop, unique("gift"), List.of(), List.of());
        long wallet = fixtures.set(buyer.userId());
        long till = fixtures.set(shop.userId());
        fixtures.tokens(coin, buyer.userId(), wallet, 1);
        action(gift, Map.of("target_attribute_id", createdAttribute, "lifecycles", List.of("creation"),
                "charge", Map.of("type_group_id", fixtures.typeGroup(coin, 1L), "destination_set_id", till),
                "script", script("(input) => ({ target: 0 })", null)));
        fixtures.create(buyer, gift, wallet, null);
        assertThat(fixtures.count("SELECT member_count FROM core.token_set WHERE id = ?", till)).isZero();
    }

    @Test
    void rateLimitsAndChargesWithTwoActions() {
        long coin = type(shop, unique("coin"), List.of(), List.of());
        long widget = type(shop, unique("widget"), List.of(), List.of());
        long wallet = fixtures.set(buyer.userId());
        long till = fixtures.set(shop.userId());
        fixtures.tokens(coin, buyer.userId(), wallet, 10);
        long limiter = action(widget, Map.of("target_attribute_id", createdAttribute, "lifecycles", List.of("creation"),
                "recipient", Map.of("attribute_id", createdAttribute),
                "script", script("""
                        (input) => input.global_state.made >= 1
                          ? { changes: [{ name: 'created', value: false }] }
                          : { global_state: { made: input.global_state.made + 1 } }""", Map.of("made", 0))));
        action(widget, Map.of("target_attribute_id", createdAttribute, "lifecycles", List.of("creation"),
                "charge", Map.of("type_group_id", fixtures.typeGroup(coin, 3L), "destination_set_id", till),
                "script", script("(input) => ({ target: true })", null)));

        fixtures.create(buyer, widget, wallet, null);
        assertThat(fixtures.count("SELECT member_count FROM core.token_set WHERE id = ?", till)).isEqualTo(3);
        assertThat(failure(() -> fixtures.create(buyer, widget, wallet, null)).code()).isEqualTo("core.creation_refused");
        assertThat(fixtures.count("SELECT member_count FROM core.token_set WHERE id = ?", till))
                .as("the second action's charge rolled back with the refusal").isEqualTo(3);
        assertThat(globalState(limiter).path("made").asInt()).isEqualTo(1);
    }

    @Test
    void anInheritanceChainRunsFromTheFarthestAncestorAndAFailureRollsBackEveryState() {
        long trail = attribute(shop, unique("trail"), "string", "");
        long grand = type(shop, unique("grand"), List.of(trail), List.of());
        long parent = type(shop, unique("parent"), List.of(), List.of(grand));
        long child = type(shop, unique("child"), List.of(), List.of(parent));
        String append = """
                (input) => ({ changes: [{ name: '%s', value: input.target_tokens[0].target + '%s' }],
                              global_state: { runs: input.global_state.runs + 1 } })""";
        String trailName = shop.get("/core/attributes/" + trail).json().path("name").asText();
        long first = action(child, Map.of("target_attribute_id", trail, "lifecycles", List.of("token_set_addition"),
                "recipient", Map.of("attribute_id", trail), "script", script(append.formatted(trailName, "C"), Map.of("runs", 0))));
        action(grand, Map.of("target_attribute_id", trail, "lifecycles", List.of("token_set_addition"),
                "recipient", Map.of("attribute_id", trail), "script", script(append.formatted(trailName, "G"), Map.of("runs", 0))));
        action(parent, Map.of("target_attribute_id", trail, "lifecycles", List.of("token_set_addition"),
                "recipient", Map.of("attribute_id", trail), "script", script(append.formatted(trailName, "P"), Map.of("runs", 0))));
        long set = fixtures.set(shop.userId());
        long token = fixtures.tokens(child, shop.userId(), set, 1).getFirst();

        fixtures.fire(shop, TokenLifecycle.TOKEN_SET_ADDITION, List.of(token), set);
        assertThat(fixtures.text("SELECT value #>> '{}' FROM core.token_value WHERE token_id = ? AND attribute_id = ?", token, trail))
                .isEqualTo("GPC");
        assertThat(globalState(first).path("runs").asInt()).isEqualTo(1);

        // A failing action at the end undoes the values and the states the earlier ones wrote.
        action(child, Map.of("target_attribute_id", trail, "lifecycles", List.of("token_set_addition"),
                "name", "breaks-last", "script", script("(input) => { throw new Error('no more'); }", null)));
        ApiException failed = failure(() -> fixtures.fire(shop, TokenLifecycle.TOKEN_SET_ADDITION, List.of(token), set));
        assertThat(failed.code()).isEqualTo("core.action_failed");
        assertThat(failed.getMessage()).contains("Action 'breaks-last' failed", "no more");
        assertThat(fixtures.text("SELECT value #>> '{}' FROM core.token_value WHERE token_id = ? AND attribute_id = ?", token, trail))
                .isEqualTo("GPC");
        assertThat(globalState(first).path("runs").asInt()).isEqualTo(1);
    }

    @Test
    void sandboxFailuresFailTheOperationNamingTheAction() {
        long thing = type(shop, unique("thing"), List.of(), List.of());
        long set = fixtures.set(shop.userId());
        long token = fixtures.tokens(thing, shop.userId(), set, 1).getFirst();
        Map<String, String> scripts = Map.of(
                "loops", "(input) => { for (;;) {} }",
                "escapes", "(input) => Java.type('java.lang.Runtime').getRuntime().exit(1)",
                "garbage", "(input) => 42",
                "unknown-field", "(input) => ({ chnages: [] })",
                "writes-without-recipient", "(input) => ({ changes: [{ name: 'created', value: true }] })");
        for (Map.Entry<String, String> script : scripts.entrySet()) {
            long id = action(thing, Map.of("name", unique(script.getKey()), "target_attribute_id", createdAttribute,
                    "lifecycles", List.of("owner_change"), "script", script(script.getValue(), null)));
            ApiException failed = failure(() -> fixtures.fire(shop, TokenLifecycle.OWNER_CHANGE, List.of(token), null));
            assertThat(failed.status()).isEqualTo(422);
            assertThat(failed.getMessage()).as(script.getKey()).contains("Action '" + script.getKey() + "-");
            assertThat(shop.delete("/core/actions/" + id).status()).isEqualTo(204);
        }
    }

    @Test
    void anAppliedActionRunsTheScriptItWasAppliedWith() {
        long note = attribute(shop, unique("note"), "string", "");
        long thing = type(shop, unique("thing"), List.of(note), List.of());
        String noteName = shop.get("/core/attributes/" + note).json().path("name").asText();
        long id = action(thing, Map.of("target_attribute_id", note, "lifecycles", List.of("owner_change"),
                "recipient", Map.of("attribute_id", note), "script", script("(input) => ({ changes: [{ name: '" + noteName
                        + "', value: 'v1' }] })", null)));
        String v1 = shop.get("/core/actions/" + id).json().path("script").path("md5").asText();
        JsonNode patched = shop.patch("/core/actions/" + id, Map.of("script", Map.of("source",
                "(input) => ({ changes: [{ name: '" + noteName + "', value: 'v2' }] })"))).json();
        assertThat(patched.path("script").path("md5").asText()).isNotEqualTo(v1);
        long set = fixtures.set(shop.userId());
        long token = fixtures.tokens(thing, shop.userId(), set, 1).getFirst();

        fixtures.fire(shop, TokenLifecycle.OWNER_CHANGE, List.of(token), null);
        assertThat(fixtures.text("SELECT value #>> '{}' FROM core.token_value WHERE token_id = ?", token)).isEqualTo("v1");
        assertThat(shop.get("/core/actions/" + id + "/instances").json().path("items").get(0).path("script_md5").asText())
                .isEqualTo(v1);
        shop.put("/core/actions/" + id + "/instances/" + thing, Map.of());
        fixtures.fire(shop, TokenLifecycle.OWNER_CHANGE, List.of(token), null);
        assertThat(fixtures.text("SELECT value #>> '{}' FROM core.token_value WHERE token_id = ?", token)).isEqualTo("v2");
    }

    @Test
    void targetFromStateAndParamAttributesDecideWhetherAnActionRuns() {
        long status = attribute(shop, unique("status"), "string", "new");
        long extra = attribute(shop, unique("extra"), "numeric", 7);
        long thing = type(shop, unique("thing"), List.of(status), List.of());
        long onlyPaid = action(thing, Map.of("target_attribute_id", status, "target_from_state", "paid",
                "lifecycles", List.of("owner_change"), "script", script("(input) => ({ global_state: { runs: 1 } })", Map.of())));
        long anyNew = action(thing, Map.of("target_attribute_id", status, "target_from_state", Map.of("regex", "n.w"),
                "lifecycles", List.of("owner_change"), "script", script("(input) => ({ global_state: { runs: 1 } })", Map.of())));
        long needsExtra = action(thing, Map.of("target_attribute_id", status, "lifecycles", List.of("owner_change"),
                "script", Map.of("source", "(input) => ({ global_state: { runs: 1 } })", "param_attributes", List.of(extra))));
        long set = fixtures.set(shop.userId());
        long token = fixtures.tokens(thing, shop.userId(), set, 1).getFirst();
        fixtures.fire(shop, TokenLifecycle.OWNER_CHANGE, List.of(token), null);
        assertThat(globalState(onlyPaid).has("runs")).isFalse();
        assertThat(globalState(anyNew).path("runs").asInt()).isEqualTo(1);
        assertThat(globalState(needsExtra).has("runs")).as("the type lacks the param attribute").isFalse();
    }

    @Test
    void aPerSetActionLooksAtTheWholeSetAndMayWriteAnyOfItsTokens() {
        long points = attribute(shop, unique("points"), "numeric", 0);
        long total = attribute(shop, unique("total"), "numeric", 0);
        String totalName = shop.get("/core/attributes/" + total).json().path("name").asText();
        long card = type(shop, unique("card"), List.of(points, total), List.of());
        long tally = action(card, Map.of("target_attribute_id", points, "lifecycles", List.of("token_set_addition"),
                "per_token", false, "recipient", Map.of("attribute_id", total), "script", script("""
                        (input) => {
                          const sum = input.target_tokens.reduce((s, t) => s + t.target, 0);
                          return { changes: [{ name: '%s', value: sum, token_id: input.target_tokens[0].id }],
                                   global_state: { seen: input.target_tokens.length, added: input.operation.token_ids } };
                        }""".formatted(totalName), Map.of())));
        long set = fixtures.set(shop.userId());
        List<Long> cards = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            cards.add(fixtures.create(shop, card, set, Map.of(points, String.valueOf(i))));
        }
        fixtures.fire(shop, TokenLifecycle.TOKEN_SET_ADDITION, List.of(cards.get(2)), set);
        assertThat(globalState(tally).path("seen").asInt()).isEqualTo(3);
        assertThat(globalState(tally).path("added").toString()).isEqualTo("[" + cards.get(2) + "]");
        assertThat(fixtures.text("SELECT value::text FROM core.token_value WHERE token_id = ? AND attribute_id = ?",
                cards.getFirst(), total)).isEqualTo("6");
    }

    @Test
    void scriptsSeeOnlyTheValuesTheActionsOwnerMayRead() {
        long buyersGroup = created(buyer.post("/core/groups", Map.of("name", unique("buyers-own")))).path("id").asLong();
        long diary = created(buyer.post("/core/attributes", Map.of("name", unique("diary"), "value", Map.of("value_type", "string"),
                "permissions", Map.of("read_user_groups", List.of(buyersGroup))))).path("id").asLong();
        long open = attribute(buyer, unique("open-note"), "string", null);
        long journal = type(shop, unique("journal"), List.of(diary, open), List.of());
        long watcher = action(journal, Map.of("target_attribute_id", diary, "lifecycles", List.of("owner_change"),
                "script", script("(input) => ({ global_state: { values: input.target_tokens[0].values, "
                        + "target: input.target_tokens[0].target } })", Map.of())));
        long set = fixtures.set(buyer.userId());
        long token = fixtures.create(buyer, journal, set, Map.of(diary, "\"my secret\"", open, "\"hello\""));
        fixtures.fire(buyer, TokenLifecycle.OWNER_CHANGE, List.of(token), null);
        JsonNode seen = globalState(watcher);
        assertThat(seen.path("values").toString()).contains("hello").doesNotContain("my secret");
        assertThat(seen.path("target").isNull()).isTrue();
    }

    @Test
    void globalStateStaysCorrectUnderConcurrentOperations() throws Exception {
        long counterType = type(shop, unique("counted"), List.of(), List.of());
        long counter = action(counterType, Map.of("target_attribute_id", createdAttribute, "lifecycles", List.of("token_set_addition"),
                "script", script("(input) => ({ global_state: { n: input.global_state.n + 1 }, "
                        + "local_state: { n: (input.local_state.n || 0) + 1 } })", Map.of("n", 0))));
        long set = fixtures.set(shop.userId());
        List<Long> tokens = fixtures.tokens(counterType, shop.userId(), set, 8);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                long token = tokens.get(i % tokens.size());
                work.add(() -> {
                    fixtures.fire(shop, TokenLifecycle.TOKEN_SET_ADDITION, List.of(token), set);
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(work)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(globalState(counter).path("n").asInt()).isEqualTo(40);
        assertThat(shop.get("/core/actions/" + counter + "/instances").json().path("items").get(0).path("local_state")
                .path("n").asInt()).isEqualTo(40);
    }
}
