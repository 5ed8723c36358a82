package org.applecore.platform.core.tokenset;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.core.ModelFixtures;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /core/token-sets} over HTTP: create, list mine with cursors, read with count, members by keyset, values. */
class TokenSetsApiTest {

    private static TestHost host;
    private static ModelFixtures model;
    private static CoreClient alice;
    private static CoreClient bob;
    private static long type;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        model = new ModelFixtures(host);
        alice = CoreClient.create(host, "alice-s");
        bob = CoreClient.create(host, "bob-s");
        alice.get("/core/me");
        bob.get("/core/me");
        type = model.tokenType(alice.userId(), "shell", List.of(), List.of());
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void createReadAndListMySetsWithCursors() {
        TestResponse created = alice.post("/core/token-sets", Map.of("name", "first", "token_type", type));
        assertThat(created.status()).isEqualTo(201);
        JsonNode set = created.json();
        assertThat(set.path("owner_id").asLong()).isEqualTo(alice.userId());
        assertThat(set.path("token_type").asLong()).isEqualTo(type);
        assertThat(set.path("member_count").asLong()).isZero();
        assertThat(alice.get("/core/token-sets/" + set.path("id").asLong()).json()).isEqualTo(set);
        for (int i = 0; i < 4; i++) {
            alice.post("/core/token-sets", Map.of());
        }
        bob.post("/core/token-sets", Map.of("name", "bobs"));

        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = alice.get("/core/token-sets?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.path("items").forEach(item -> {
                assertThat(item.path("owner_id").asLong()).isEqualTo(alice.userId());
                seen.add(item.path("id").asLong());
            });
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
        } while (cursor != null);
        assertThat(seen).hasSizeGreaterThanOrEqualTo(5).isSorted().doesNotHaveDuplicates();
        assertThat(alice.get("/core/token-sets?limit=0").problemCode()).isEqualTo("core.invalid_limit");
        assertThat(alice.get("/core/token-sets?cursor=garbage").problemCode()).isEqualTo("core.invalid_cursor");
        assertThat(alice.post("/core/token-sets", Map.of("token_type", 777777)).problemCode()).isEqualTo("core.token_type_not_found");
        assertThat(alice.post("/core/token-sets", Map.of("owner", bob.userId())).problemCode()).isEqualTo("core.unknown_field");
    }

    @Test
    void membersArePagedByTokenIdAndCountedExactly() {
        long set = alice.post("/core/token-sets", Map.of()).json().path("id").asLong();
        List<Long> tokens = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            tokens.add(alice.post("/core/tokens", Map.of("token_type", type, "set", set)).json().path("id").asLong());
        }
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = alice.get("/core/token-sets/" + set + "/tokens?limit=3" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.path("items").forEach(item -> {
                assertThat(item.path("token_type").asLong()).isEqualTo(type);
                seen.add(item.path("id").asLong());
            });
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(tokens);
        assertThat(alice.get("/core/token-sets/" + set).json().path("member_count").asLong()).isEqualTo(7);
    }

    @Test
    void valuesOfASetAreChangedByItsOwnerOnly() {
        long flag = model.systemAttribute("allows_set_operation");
        long set = alice.post("/core/token-sets", Map.of("values", Map.of(String.valueOf(flag), true))).json().path("id").asLong();
        TestResponse changed = alice.patch("/core/token-sets/" + set + "/values", Map.of("values", Map.of(String.valueOf(flag), false)));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().path("values").get(0).path("value").asBoolean()).isFalse();
        assertThat(changed.json().path("values").get(0).path("name").asText()).isEqualTo("allows_set_operation");

        TestResponse byBob = bob.patch("/core/token-sets/" + set + "/values", Map.of("values", Map.of(String.valueOf(flag), true)));
        assertThat(byBob.status()).isEqualTo(404);
        assertThat(byBob.problemCode()).isEqualTo("core.token_set_not_found");
        assertThat(alice.get("/core/token-sets/" + set).json().path("values").get(0).path("value").asBoolean()).isFalse();
        assertThat(alice.patch("/core/token-sets/" + set + "/values", Map.of("values", Map.of("424242", 1))).problemCode())
                .isEqualTo("core.attribute_not_found");
    }
}
