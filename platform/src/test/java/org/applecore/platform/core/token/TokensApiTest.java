package org.applecore.platform.core.token;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.core.ModelFixtures;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /core/tokens} over HTTP: creation into a first set, the created gate, values, read filtering, write checks. */
class TokensApiTest {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static TestHost host;
    private static ModelFixtures model;
    private static long created;
    private static long allowsSet;

    private CoreClient alice;
    private CoreClient bob;
    private long color;
    private long weight;
    private long type;
    private long aliceSet;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        model = new ModelFixtures(host);
        created = model.systemAttribute("created");
        allowsSet = model.systemAttribute("allows_set");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @BeforeEach
    void users() {
        int n = NAMES.incrementAndGet();
        alice = client("alice-t" + n);
        bob = client("bob-t" + n);
        color = model.attribute(alice.userId(), "color");
        weight = model.database().inTransaction(c -> ModelFixtures.insertId(c,
                "INSERT INTO core.attribute (owner_id, name, value_type, min_value, default_value) VALUES (?, 'weight', 'numeric', 0, '5') RETURNING id",
                alice.userId()));
        type = model.tokenType(alice.userId(), "gem", List.of(), List.of(color, weight));
        aliceSet = alice.post("/core/token-sets", Map.of("name", "pouch")).json().path("id").asLong();
    }

    static CoreClient client(String name) {
        CoreClient client = CoreClient.create(host, name);
        assertThat(client.get("/core/me").status()).isEqualTo(200);
        return client;
    }

    private TestResponse createToken(CoreClient client, long set, Map<String, Object> values) {
        return client.post("/core/tokens", Map.of("token_type", type, "set", set, "values", values));
    }

    private static JsonNode value(JsonNode token, long attributeId) {
        for (JsonNode value : token.path("values")) {
            if (value.path("attribute_id").asLong() == attributeId) {
                return value;
            }
        }
        return null;
    }

    @Test
    void createdTokenIsInItsFirstSetWithItsValuesAndDefaults() {
        TestResponse response = createToken(alice, aliceSet, Map.of(String.valueOf(color), "red"));

        assertThat(response.status()).isEqualTo(201);
        JsonNode token = response.json();
        assertThat(token.path("owner_id").asLong()).isEqualTo(alice.userId());
        assertThat(token.path("token_type").asLong()).isEqualTo(type);
        assertThat(token.path("guid").asText()).hasSize(36);
        assertThat(token.path("sets")).extracting(JsonNode::asLong).containsExactly(aliceSet);
        assertThat(value(token, color).path("value").asText()).isEqualTo("red");
        assertThat(value(token, color).path("name").asText()).isEqualTo("color");
        assertThat(value(token, weight).path("value").asInt()).isEqualTo(5);
        assertThat(value(token, created).path("value").asBoolean()).isTrue();
        assertThat(value(token, allowsSet).path("value").isNull()).isTrue();
        assertThat(response.headers().firstValue("location")).hasValue("/core/tokens/" + token.path("id").asLong());

        JsonNode read = alice.get("/core/tokens/" + token.path("id").asLong()).json();
        assertThat(read).isEqualTo(token);
        assertThat(alice.get("/core/token-sets/" + aliceSet).json().path("member_count").asLong()).isEqualTo(1);
    }

    @Test
    void aFalsyCreatedValueRefusesCreationAndSavesNothing() {
        long tokensBefore = model.count("SELECT count(*) FROM core.token");
        for (Object falsy : new Object[] {false, 0, "", List.of()}) {
            TestResponse response = createToken(alice, aliceSet, Map.of(String.valueOf(created), falsy, String.valueOf(color), "x"));
            assertThat(response.status()).as("created=%s", falsy).isEqualTo(422);
            assertThat(response.problemCode()).isEqualTo("core.creation_refused");
        }
        assertThat(model.count("SELECT count(*) FROM core.token")).isEqualTo(tokensBefore);
        assertThat(model.count("SELECT count(*) FROM core.token_value WHERE attribute_id = ?", color)).isZero();
        assertThat(model.count("SELECT member_count FROM core.token_set WHERE id = ?", aliceSet)).isZero();
        assertThat(createToken(alice, aliceSet, Map.of(String.valueOf(created), "yes")).status()).isEqualTo(201);
    }

    @Test
    void creationRefusalsHaveStableCodes() {
        assertThat(createToken(bob, aliceSet, Map.of()).problemCode()).isEqualTo("core.token_set_not_found");
        assertThat(createToken(alice, aliceSet, Map.of("999999", 1)).problemCode()).isEqualTo("core.attribute_not_on_type");
        TestResponse invalid = createToken(alice, aliceSet, Map.of(String.valueOf(weight), -3));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.problemCode()).isEqualTo("core.invalid_value");
        TestResponse otherOwner = alice.post("/core/tokens", Map.of("token_type", type, "set", aliceSet, "owner", bob.userId()));
        assertThat(otherOwner.status()).isEqualTo(403);
        assertThat(otherOwner.problemCode()).isEqualTo("core.owner_not_allowed");
        assertThat(alice.post("/core/tokens", Map.of("token_type", 987654, "set", aliceSet)).problemCode())
                .isEqualTo("core.token_type_not_found");
        assertThat(alice.post("/core/tokens", Map.of("set", aliceSet)).problemCode()).isEqualTo("core.invalid_request");
        assertThat(alice.post("/core/tokens", Map.of("token_type", type, "set", aliceSet, "colour", 1)).problemCode())
                .isEqualTo("core.unknown_field");
        // A falsy allows_set stops even the owner from putting the token in its first set.
        TestResponse closed = createToken(alice, aliceSet, Map.of(String.valueOf(allowsSet), false));
        assertThat(closed.status()).isEqualTo(403);
        assertThat(closed.problemCode()).isEqualTo("core.set_addition_refused");
        assertThat(model.count("SELECT count(*) FROM core.token WHERE type_id = ?", type)).isZero();
    }

    @Test
    void aFullAdminCreatesTokensForAnotherOwnerInASetOfTheirs() {
        CoreClient operator = CoreClient.operator(host);
        long bobSet = bob.post("/core/token-sets", Map.of()).json().path("id").asLong();
        TestResponse response = operator.post("/core/tokens", Map.of("token_type", type, "set", bobSet, "owner", bob.userId()));
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().path("owner_id").asLong()).isEqualTo(bob.userId());
        assertThat(bob.get("/core/token-sets/" + bobSet).json().path("member_count").asLong()).isEqualTo(1);
    }

    @Test
    void readsReturnOnlyTheValuesTheCallerMayRead() {
        CoreClient carol = client("carol-t" + NAMES.incrementAndGet());
        long readers = model.group("readers-" + carol.username(), alice.userId(), carol.userId());
        model.database().inTransaction(c -> {
            ModelFixtures.execute(c, "UPDATE core.attribute SET read_user_groups = ARRAY[?]::bigint[] WHERE id = ?", readers, color);
            return null;
        });
        long token = createToken(alice, aliceSet, Map.of(String.valueOf(color), "secret-red")).json().path("id").asLong();

        JsonNode byBob = bob.get("/core/tokens/" + token).json();
        assertThat(value(byBob, color)).isNull();
        assertThat(value(byBob, weight)).isNotNull();
        assertThat(byBob.path("sets")).isEmpty();
        assertThat(byBob.toString()).doesNotContain("secret-red");
        assertThat(value(carol.get("/core/tokens/" + token).json(), color).path("value").asText()).isEqualTo("secret-red");
        assertThat(value(alice.get("/core/tokens/" + token).json(), color).path("value").asText()).isEqualTo("secret-red");
        assertThat(bob.get("/core/tokens/99999999").problemCode()).isEqualTo("core.token_not_found");
    }

    @Test
    void valueChangesAreCheckedOneByOneAndAllOrNothing() {
        long token = createToken(alice, aliceSet, Map.of(String.valueOf(color), "red")).json().path("id").asLong();

        TestResponse byBob = bob.patch("/core/tokens/" + token + "/values", Map.of("values", Map.of(String.valueOf(color), "blue")));
        assertThat(byBob.status()).isEqualTo(403);
        assertThat(byBob.problemCode()).isEqualTo("core.attribute_write_denied");

        Map<String, Object> mixed = new HashMap<>();
        mixed.put(String.valueOf(color), "green");
        mixed.put(String.valueOf(weight), "heavy");
        TestResponse invalid = alice.patch("/core/tokens/" + token + "/values", Map.of("values", mixed));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(value(alice.get("/core/tokens/" + token).json(), color).path("value").asText()).isEqualTo("red");

        TestResponse ok = alice.patch("/core/tokens/" + token + "/values", Map.of("values", Map.of(String.valueOf(color), "blue",
                String.valueOf(weight), 9)));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(value(ok.json(), color).path("value").asText()).isEqualTo("blue");
        assertThat(value(ok.json(), weight).path("value").asInt()).isEqualTo(9);
    }

    @Test
    void theCoreRefusesOuterApiTokens() {
        TestResponse response = host.get("/core/tokens/1", alice.jwt());
        assertThat(response.status()).isEqualTo(401);
        assertThat(host.get("/core/token-sets", null).status()).isEqualTo(401);
    }
}
