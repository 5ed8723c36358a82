package org.applecore.platform.core.setop;

import org.applecore.platform.core.ModelFixtures;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Using another user's set in a set operation over HTTP: {@code allows_set_operation} opens (truthy) or closes
 * (falsy) a set to operations; without it only the owner and full admins use it. And {@code attribute_filter}
 * only selects on values the caller may read.
 */
class SetOperationUseApiTest {

    private static TestHost host;
    private static ModelFixtures model;
    private static CoreClient alice;
    private static CoreClient bob;
    private static long type;
    private static long allowsSet;
    private static long allowsSetOperation;
    private static long attributeFilter;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        model = new ModelFixtures(host);
        alice = CoreClient.create(host, "alice-u");
        bob = CoreClient.create(host, "bob-u");
        alice.get("/core/me");
        bob.get("/core/me");
        type = model.tokenType(alice.userId(), "coin", List.of(), List.of());
        allowsSet = model.systemAttribute("allows_set");
        allowsSetOperation = model.systemAttribute("allows_set_operation");
        attributeFilter = model.systemAttribute("attribute_filter");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    private static long set(CoreClient client, Object allowsOperation) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (allowsOperation != null) {
            values.put(String.valueOf(allowsSetOperation), allowsOperation);
        }
        TestResponse created = client.post("/core/token-sets", Map.of("values", values));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asLong();
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

    private static List<Long> members(CoreClient owner, long set) {
        return owner.get("/core/token-sets/" + set + "/tokens").json().path("items").findValuesAsText("id").stream()
                .map(Long::valueOf).toList();
    }

    @Test
    void allowsSetOperationDecidesWhoMayUseASet() {
        long open = set(alice, true);
        long closed = set(alice, true);
        long plain = set(alice, null);
        long movable = token(alice, open, Map.of(String.valueOf(allowsSet), true));
        long stay = token(alice, open, Map.of());
        token(alice, closed, Map.of(String.valueOf(allowsSet), true));
        token(alice, plain, Map.of(String.valueOf(allowsSet), true));
        assertThat(alice.patch("/core/token-sets/" + closed + "/values",
                Map.of("values", Map.of(String.valueOf(allowsSetOperation), false))).status()).isEqualTo(200);
        long mine = set(bob, null);

        // Truthy: bob (an ordinary user) uses alice's set as a source; each token still passes allows_set.
        TestResponse refusedToken = op(bob, "operation", "remove", "source_set", open, "destination_set", mine);
        assertThat(refusedToken.status()).as(refusedToken.toString()).isEqualTo(403);
        assertThat(refusedToken.problemCode()).isEqualTo("core.set_addition_refused");
        long group = alice.post("/core/type-groups", Map.of("name", "movable", "members", List.of(Map.of("token_type", type)),
                "values", Map.of(String.valueOf(attributeFilter), allowsSet))).json().path("id").asLong();
        TestResponse moved = op(bob, "operation", "remove", "source_set", open, "destination_set", mine, "type_group", group);
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.json().path("moved").asLong()).isEqualTo(1);
        assertThat(members(bob, mine)).containsExactly(movable);
        assertThat(members(alice, open)).containsExactly(stay);
        // ... and as a destination: back into alice's open set.
        TestResponse back = op(bob, "operation", "remove", "source_set", mine, "destination_set", open);
        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        assertThat(members(alice, open)).containsExactly(movable, stay);
        // Using a set is not reading it, and not deleting it.
        assertThat(bob.get("/core/token-sets/" + open).status()).isEqualTo(404);
        assertThat(bob.get("/core/token-sets/" + open + "/tokens").status()).isEqualTo(404);
        assertThat(op(bob, "operation", "delete_set", "source_set", open).problemCode()).isEqualTo("core.token_set_not_found");

        // Absent: only the owner (or a full admin).
        for (TestResponse refused : List.of(
                op(bob, "operation", "combine", "source_set", plain, "destination_set", mine),
                op(bob, "operation", "combine", "source_set", mine, "destination_set", plain),
                op(bob, "operation", "combine", "source_set", mine, "second_source_set", plain, "destination_set", mine))) {
            assertThat(refused.status()).isEqualTo(404);
            assertThat(refused.problemCode()).isEqualTo("core.token_set_not_found");
        }
        assertThat(op(alice, "operation", "combine", "source_set", plain, "destination_set", open).status()).isEqualTo(200);
        CoreClient operator = CoreClient.operator(host);
        assertThat(op(operator, "operation", "combine", "source_set", plain, "destination_set", mine).status()).isEqualTo(200);

        // Falsy: no one, not even its owner (who sees it: 409); others may neither see nor use it (404).
        assertThat(op(bob, "operation", "combine", "source_set", closed, "destination_set", mine).problemCode())
                .isEqualTo("core.token_set_not_found");
        assertThat(op(alice, "operation", "combine", "source_set", closed, "destination_set", open).problemCode())
                .isEqualTo("core.set_operation_not_allowed");
        assertThat(op(operator, "operation", "combine", "source_set", closed, "destination_set", mine).problemCode())
                .isEqualTo("core.set_operation_not_allowed");
        // bob's own set closed by bob: closed to bob too.
        assertThat(bob.patch("/core/token-sets/" + mine + "/values", Map.of("values", Map.of(String.valueOf(allowsSetOperation), 0))).status())
                .isEqualTo(200);
        assertThat(op(bob, "operation", "combine", "source_set", open, "destination_set", mine).problemCode())
                .isEqualTo("core.set_operation_not_allowed");
    }

    @Test
    void attributeFilterSelectsOnlyOnValuesTheCallerMayRead() {
        long aliceOnly = model.group("alice-only-u", alice.userId(), alice.userId());
        long hidden = model.attribute(alice.userId(), "hidden-flag");
        model.database().inTransaction(c -> {
            ModelFixtures.execute(c, "UPDATE core.attribute SET read_user_groups = ARRAY[?]::bigint[] WHERE id = ?", aliceOnly, hidden);
            return null;
        });
        long flagged = model.tokenType(alice.userId(), "flagged", List.of(), List.of(hidden));
        long open = set(alice, true);
        TestResponse created = alice.post("/core/tokens", Map.of("token_type", flagged, "set", open,
                "values", Map.of(String.valueOf(hidden), true, String.valueOf(allowsSet), true)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long token = created.json().path("id").asLong();
        long group = bob.post("/core/type-groups", Map.of("name", "by-hidden", "members", List.of(Map.of("token_type", flagged)),
                "values", Map.of(String.valueOf(attributeFilter), hidden))).json().path("id").asLong();
        long bobSet = set(bob, null);
        long aliceSet = set(alice, null);

        // bob may not read the hidden value: the token counts as not selected.
        TestResponse byBob = op(bob, "operation", "combine", "source_set", open, "destination_set", bobSet, "type_group", group);
        assertThat(byBob.status()).as(byBob.toString()).isEqualTo(200);
        assertThat(byBob.json().path("selected").asLong()).isZero();
        long minimum = bob.post("/core/type-groups", Map.of("name", "by-hidden-1", "members",
                List.of(Map.of("token_type", flagged, "minimum_needed", 1)),
                "values", Map.of(String.valueOf(attributeFilter), hidden))).json().path("id").asLong();
        assertThat(op(bob, "operation", "combine", "source_set", open, "destination_set", bobSet, "type_group", minimum).problemCode())
                .isEqualTo("core.insufficient_tokens");
        assertThat(members(bob, bobSet)).isEmpty();
        // alice, who may read it, selects it with the same type groups.
        TestResponse byAlice = op(alice, "operation", "combine", "source_set", open, "destination_set", aliceSet, "type_group", minimum);
        assertThat(byAlice.status()).as(byAlice.toString()).isEqualTo(200);
        assertThat(members(alice, aliceSet)).containsExactly(token);
    }
}
