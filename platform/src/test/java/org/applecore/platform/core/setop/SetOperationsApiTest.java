package org.applecore.platform.core.setop;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.core.ModelFixtures;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /core/set-operations} over HTTP, and one user against another's objects across every endpoint
 * of tokens, sets, type groups and set operations: guessed ids get 404 (sets, type groups) or filtered reads
 * (tokens), never a change.
 */
class SetOperationsApiTest {

    private static TestHost host;
    private static ModelFixtures model;
    private static CoreClient alice;
    private static CoreClient bob;
    private static long type;
    private static long secret;
    private static long allowsSet;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        model = new ModelFixtures(host);
        alice = CoreClient.create(host, "alice-o");
        bob = CoreClient.create(host, "bob-o");
        alice.get("/core/me");
        bob.get("/core/me");
        secret = model.attribute(alice.userId(), "secret");
        long aliceOnly = model.group("alice-only", alice.userId(), alice.userId());
        model.database().inTransaction(c -> {
            ModelFixtures.execute(c, "UPDATE core.attribute SET read_user_groups = ARRAY[?]::bigint[] WHERE id = ?", aliceOnly, secret);
            return null;
        });
        type = model.tokenType(alice.userId(), "card", List.of(), List.of(secret));
        allowsSet = model.systemAttribute("allows_set");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    private static long set(CoreClient client) {
        return client.post("/core/token-sets", Map.of()).json().path("id").asLong();
    }

    private static long token(CoreClient client, long set, Map<String, Object> values) {
        TestResponse created = client.post("/core/tokens", Map.of("token_type", type, "set", set, "values", values));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asLong();
    }

    private static TestResponse op(CoreClient client, Object... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            body.put((String) fields[i], fields[i + 1]);
        }
        return client.post("/core/set-operations", body);
    }

    @Test
    void everyOperationOverHttp() {
        long a = set(alice);
        long b = set(alice);
        long d = set(alice);
        token(alice, a, Map.of());
        token(alice, b, Map.of());

        TestResponse combine = op(alice, "operation", "combine", "source_set", a, "second_source_set", b, "destination_set", d);
        assertThat(combine.status()).isEqualTo(200);
        assertThat(combine.json().path("added").asLong()).isEqualTo(2);
        assertThat(combine.json().path("destination_set").asLong()).isEqualTo(d);

        long e = op(alice, "operation", "create_set", "name", "e").json().path("set_id").asLong();
        TestResponse remove = op(alice, "operation", "remove", "source_set", d, "destination_set", e);
        assertThat(remove.json().path("moved").asLong()).isEqualTo(2);
        assertThat(alice.get("/core/token-sets/" + d).json().path("member_count").asLong()).isZero();
        assertThat(alice.get("/core/token-sets/" + e).json().path("member_count").asLong()).isEqualTo(2);

        TestResponse edit = op(alice, "operation", "edit_attribute", "source_set", e, "attribute", "secret", "value", Map.of("k", 1));
        assertThat(edit.status()).as(edit.toString()).isEqualTo(200);
        assertThat(edit.json().path("edited").asLong()).isEqualTo(2);

        TestResponse give = op(alice, "operation", "change_owner", "source_set", a, "new_owner", bob.userId());
        assertThat(give.json().path("owner_changed").asLong()).isEqualTo(1);

        assertThat(op(alice, "operation", "delete_set", "source_set", d).status()).isEqualTo(200);
        long lone = set(alice);
        token(alice, lone, Map.of());
        TestResponse orphan = op(alice, "operation", "delete_set", "source_set", lone);
        assertThat(orphan.status()).isEqualTo(409);
        assertThat(orphan.problemCode()).isEqualTo("core.set_delete_would_orphan");
        assertThat(op(alice, "operation", "change_owner", "source_set", a, "new_owner", 88888888).problemCode()).isEqualTo("core.user_not_found");
        assertThat(op(alice, "operation", "edit_attribute", "source_set", e, "attribute", "no-such", "value", 1).problemCode())
                .isEqualTo("core.attribute_not_found");
        assertThat(op(alice, "operation", "combine", "source_set", a, "destination_set", e, "type_group", 999999).problemCode())
                .isEqualTo("core.type_group_not_found");
        assertThat(alice.post("/core/set-operations", "[1]").problemCode()).isEqualTo("core.invalid_request");
    }

    @Test
    void allowsSetMatrix() {
        long fromPlain = set(alice);
        long fromOpen = set(alice);
        long fromClosed = set(alice);
        long plain = token(alice, fromPlain, Map.of());
        long open = token(alice, fromOpen, Map.of(String.valueOf(allowsSet), "please"));
        long closed = token(alice, fromClosed, Map.of(String.valueOf(allowsSet), true));
        assertThat(alice.patch("/core/tokens/" + closed + "/values", Map.of("values", Map.of(String.valueOf(allowsSet), 0))).status())
                .isEqualTo(200);
        long sameOwner = set(alice);

        // Same owner, no allows_set: allowed by default.
        assertThat(op(alice, "operation", "combine", "source_set", fromPlain, "destination_set", sameOwner).json().path("added").asLong())
                .isEqualTo(1);
        // A falsy allows_set stops even the token's owner.
        TestResponse closedByOwner = op(alice, "operation", "combine", "source_set", fromClosed, "destination_set", sameOwner);
        assertThat(closedByOwner.status()).isEqualTo(403);
        assertThat(closedByOwner.problemCode()).isEqualTo("core.set_addition_refused");

        // The tokens now belong to bob but stay in alice's sets: alice adding them to her sets is adding another
        // owner's tokens, allowed only with a truthy allows_set.
        op(alice, "operation", "change_owner", "source_set", fromPlain, "new_owner", bob.userId());
        op(alice, "operation", "change_owner", "source_set", fromOpen, "new_owner", bob.userId());
        long otherOwner = set(alice);
        TestResponse refused = op(alice, "operation", "combine", "source_set", fromPlain, "destination_set", otherOwner);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.problemCode()).isEqualTo("core.set_addition_refused");
        assertThat(op(alice, "operation", "remove", "source_set", fromOpen, "destination_set", otherOwner).json().path("added").asLong())
                .isEqualTo(1);
        assertThat(alice.get("/core/token-sets/" + otherOwner + "/tokens").json().path("items")).extracting(n -> n.path("id").asLong())
                .containsExactly(open);

        // A full admin passes the owner rule but not a falsy allows_set.
        CoreClient operator = CoreClient.operator(host);
        assertThat(op(operator, "operation", "combine", "source_set", fromPlain, "destination_set", otherOwner).status()).isEqualTo(200);
        assertThat(op(operator, "operation", "combine", "source_set", fromClosed, "destination_set", otherOwner).problemCode())
                .isEqualTo("core.set_addition_refused");
        assertThat(alice.get("/core/token-sets/" + otherOwner + "/tokens").json().path("items")).extracting(n -> n.path("id").asLong())
                .containsExactly(plain, open);
    }

    @Test
    void oneUserNeverReadsOrChangesAnothersSetsTypeGroupsOrHiddenValues() {
        long aliceSet = set(alice);
        long aliceOther = set(alice);
        long aliceToken = token(alice, aliceSet, Map.of(String.valueOf(secret), "the-plan"));
        long aliceGroup = alice.post("/core/type-groups", Map.of("name", "g", "members", List.of(Map.of("token_type", type))))
                .json().path("id").asLong();
        long bobSet = set(bob);
        Map<String, Object> before = snapshot(aliceSet, aliceOther, aliceToken);

        // Sets and type groups: 404 whatever the id.
        for (String path : List.of("/core/token-sets/" + aliceSet, "/core/token-sets/" + aliceSet + "/tokens",
                "/core/type-groups/" + aliceGroup)) {
            assertThat(bob.get(path).status()).as(path).isEqualTo(404);
        }
        assertThat(bob.patch("/core/token-sets/" + aliceSet + "/values", Map.of("values", Map.of(String.valueOf(allowsSet), 1))).status())
                .isEqualTo(404);
        assertThat(bob.patch("/core/type-groups/" + aliceGroup, Map.of("name", "mine now")).status()).isEqualTo(404);
        assertThat(bob.delete("/core/type-groups/" + aliceGroup).status()).isEqualTo(404);
        assertThat(bob.get("/core/token-sets").json().path("items")).extracting(n -> n.path("id").asLong()).containsExactly(bobSet);
        assertThat(bob.get("/core/type-groups").json().path("items")).isEmpty();

        // Tokens: readable by id, but only the values bob may read, and none of alice's sets.
        JsonNode read = bob.get("/core/tokens/" + aliceToken).json();
        assertThat(read.toString()).doesNotContain("the-plan");
        assertThat(read.path("sets")).isEmpty();
        assertThat(bob.patch("/core/tokens/" + aliceToken + "/values", Map.of("values", Map.of(String.valueOf(secret), "mine"))).status())
                .isEqualTo(403);
        assertThat(bob.post("/core/tokens", Map.of("token_type", type, "set", aliceSet)).status()).isEqualTo(404);

        // Set operations with any of alice's sets as A, B or D.
        List<Map<String, Object>> attempts = List.of(
                Map.of("operation", "combine", "source_set", aliceSet, "destination_set", bobSet),
                Map.of("operation", "combine", "source_set", bobSet, "second_source_set", aliceSet, "destination_set", bobSet),
                Map.of("operation", "combine", "source_set", bobSet, "destination_set", aliceSet),
                Map.of("operation", "remove", "source_set", aliceSet, "destination_set", bobSet),
                Map.of("operation", "remove", "source_set", bobSet, "destination_set", aliceOther),
                Map.of("operation", "delete_set", "source_set", aliceOther),
                Map.of("operation", "edit_attribute", "source_set", aliceSet, "attribute", secret, "value", "x"),
                Map.of("operation", "change_owner", "source_set", aliceSet, "new_owner", bob.userId()));
        for (Map<String, Object> attempt : attempts) {
            TestResponse response = bob.post("/core/set-operations", attempt);
            assertThat(response.status()).as(attempt.toString()).isEqualTo(404);
            assertThat(response.problemCode()).isEqualTo("core.token_set_not_found");
        }
        // A token bob does not own, in a set of his (put there by a full admin), is still not his to give away or edit.
        CoreClient operator = CoreClient.operator(host);
        op(operator, "operation", "combine", "source_set", aliceSet, "destination_set", bobSet);
        assertThat(op(bob, "operation", "change_owner", "source_set", bobSet, "new_owner", bob.userId()).problemCode())
                .isEqualTo("core.not_token_owner");
        assertThat(op(bob, "operation", "edit_attribute", "source_set", bobSet, "attribute", secret, "value", "x").problemCode())
                .isEqualTo("core.attribute_write_denied");
        assertThat(bob.get("/core/token-sets/" + bobSet + "/tokens").json().path("items").get(0).path("id").asLong()).isEqualTo(aliceToken);

        Map<String, Object> after = snapshot(aliceSet, aliceOther, aliceToken);
        assertThat(after).isEqualTo(before);
        assertThat(alice.get("/core/type-groups/" + aliceGroup).json().path("name").asText()).isEqualTo("g");
    }

    private static Map<String, Object> snapshot(long set, long other, long token) {
        Map<String, Object> state = new HashMap<>();
        state.put("set", alice.get("/core/token-sets/" + set).json());
        state.put("other", alice.get("/core/token-sets/" + other).json());
        JsonNode read = alice.get("/core/tokens/" + token).json();
        state.put("token-owner", read.path("owner_id").asLong());
        state.put("token-values", read.path("values"));
        state.put("members", model.count("SELECT count(*) FROM core.token_set_member WHERE set_id = ANY (?)", (Object) new Long[] {set, other}));
        return state;
    }
}
