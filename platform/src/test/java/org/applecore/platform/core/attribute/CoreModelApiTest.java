package org.applecore.platform.core.attribute;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** /core/attributes and /core/token-types over HTTP with core tokens: shapes, codes, and cross-user refusals. */
class CoreModelApiTest {

    private static TestHost host;
    private static CoreClient alice;
    private static CoreClient bob;
    private static CoreClient operator;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        alice = CoreClient.create(host, "alice");
        bob = CoreClient.create(host, "bob");
        operator = CoreClient.operator(host);
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    private static void assertProblem(TestResponse response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.problemCode()).as(response.toString()).isEqualTo(code);
    }

    private static JsonNode created(TestResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    private static Map<String, Object> attribute(String name, String valueType) {
        return Map.of("name", name, "value", Map.of("value_type", valueType));
    }

    @Test
    void attributeLifecycleOverHttp() {
        JsonNode made = created(alice.post("/core/attributes", Map.of("name", "shade",
                "value", Map.of("value_type", "string", "string_type", "color", "default", "#FFF"),
                "permissions", Map.of("read_user_groups", List.of(), "set_requirements", Map.of("read", List.of(), "write", List.of())),
                "bounds", Map.of("map", List.of(), "time", List.of()))));
        long id = made.path("id").asLong();
        assertThat(made.path("owner_id").asLong()).isEqualTo(alice.userId());
        assertThat(made.path("value").path("default").asText()).isEqualTo("#fff");
        assertThat(made.path("bounds").path("time").isArray()).isTrue();
        assertThat(made.path("guid").asText()).hasSize(36);

        // Definitions are schema: anyone with core credentials reads them.
        assertThat(bob.get("/core/attributes/" + id).json()).isEqualTo(made);
        TestResponse patched = alice.patch("/core/attributes/" + id, Map.of("name", "tint"));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().path("name").asText()).isEqualTo("tint");

        JsonNode mine = alice.get("/core/attributes?owner=me&limit=10").json();
        assertThat(mine.path("items").findValuesAsText("name")).contains("tint");
        assertThat(bob.get("/core/attributes").json().path("items").findValuesAsText("name")).doesNotContain("tint");
        JsonNode system = bob.get("/core/attributes?owner=system&limit=2").json();
        assertThat(system.path("items").size()).isEqualTo(2);
        assertThat(system.path("next_cursor").isTextual()).isTrue();
        JsonNode next = bob.get("/core/attributes?owner=system&limit=2&cursor=" + system.path("next_cursor").asText()).json();
        assertThat(next.path("items").get(0).path("id").asLong()).isGreaterThan(system.path("items").get(1).path("id").asLong());

        assertThat(alice.delete("/core/attributes/" + id).status()).isEqualTo(204);
        assertProblem(alice.get("/core/attributes/" + id), 404, "core.attribute_not_found");
    }

    @Test
    void anotherUserCanNeitherChangeNorDeleteWhateverIdsTheySend() {
        long attr = created(alice.post("/core/attributes", attribute("alice-secret", "json"))).path("id").asLong();
        long type = created(alice.post("/core/token-types", Map.of("name", "alice-type", "attributes", List.of(attr))))
                .path("id").asLong();
        JsonNode attrBefore = alice.get("/core/attributes/" + attr).json();
        JsonNode typeBefore = alice.get("/core/token-types/" + type).json();

        assertProblem(bob.patch("/core/attributes/" + attr, Map.of("name", "mine-now")), 403, "core.not_owner");
        assertProblem(bob.patch("/core/attributes/" + attr, Map.of("permissions", Map.of("read_user_groups", List.of()))), 403, "core.not_owner");
        assertProblem(bob.delete("/core/attributes/" + attr), 403, "core.not_owner");
        assertProblem(bob.patch("/core/token-types/" + type, Map.of("attributes", List.of())), 403, "core.not_owner");
        assertProblem(bob.delete("/core/token-types/" + type), 403, "core.not_owner");
        // Bob may not hang his type under Alice's, which would pin hers.
        assertProblem(bob.post("/core/token-types", Map.of("name", "leech", "parents", List.of(type))), 400, "core.parent_not_allowed");
        // Nor edit Alice's personal type.
        long alicePersonal = alice.get("/core/me").json().path("token_type_id").asLong();
        assertThat(alicePersonal).isPositive();
        assertProblem(bob.patch("/core/token-types/" + alicePersonal, Map.of("attributes", List.of())), 403, "core.not_owner");
        assertThat(alice.get("/core/attributes/" + attr).json()).isEqualTo(attrBefore);
        assertThat(alice.get("/core/token-types/" + type).json()).isEqualTo(typeBefore);

        // A full admin may.
        TestResponse byAdmin = operator.patch("/core/attributes/" + attr, Map.of("name", "renamed-by-admin"));
        assertThat(byAdmin.status()).as(byAdmin.toString()).isEqualTo(200);
    }

    @Test
    void systemItemsAreImmutableOverHttp() {
        JsonNode system = alice.get("/core/attributes?owner=system&limit=500").json();
        long name = -1;
        for (JsonNode item : system.path("items")) {
            if (item.path("name").asText().equals("name")) {
                name = item.path("id").asLong();
            }
        }
        assertThat(name).isPositive();
        assertProblem(operator.patch("/core/attributes/" + name, Map.of("name", "title")), 403, "core.system_attribute_immutable");
        assertProblem(operator.delete("/core/attributes/" + name), 403, "core.system_attribute_immutable");
        long userType = alice.get("/core/token-types?owner=system").json().path("items").get(0).path("id").asLong();
        assertProblem(operator.delete("/core/token-types/" + userType), 403, "core.system_token_type_immutable");
    }

    @Test
    void refusalsCarryStableCodes() {
        assertProblem(alice.post("/core/attributes", Map.of("name", "bad", "value", Map.of("value_type", "numeric", "min", 2, "max", 1))),
                400, "core.invalid_attribute");
        assertProblem(alice.post("/core/attributes", Map.of("name", "bad", "value", Map.of("value_type", "string", "regex", "(("))),
                400, "core.invalid_regex");
        assertProblem(alice.post("/core/attributes", Map.of("name", "bad", "value", Map.of("value_type", "json"), "extra", 1)),
                400, "core.unknown_field");
        created(alice.post("/core/attributes", attribute("dup", "json")));
        assertProblem(alice.post("/core/attributes", attribute("dup", "json")), 409, "core.attribute_name_taken");
        created(bob.post("/core/attributes", attribute("dup", "json")));
        assertProblem(alice.get("/core/attributes/999999"), 404, "core.attribute_not_found");
        assertProblem(alice.get("/core/token-types/999999"), 404, "core.token_type_not_found");
        assertProblem(alice.get("/core/attributes?cursor=nonsense"), 400, "core.invalid_cursor");
        assertProblem(alice.get("/core/attributes?limit=0"), 400, "core.invalid_limit");
        assertThat(host.get("/core/attributes", null).status()).isEqualTo(401);
    }

    @Test
    void tokenTypeCycleIsA400NamingTheCycle() {
        long a = created(alice.post("/core/token-types", Map.of("name", "ta"))).path("id").asLong();
        long b = created(alice.post("/core/token-types", Map.of("name", "tb", "parents", List.of(a)))).path("id").asLong();
        TestResponse cycle = alice.patch("/core/token-types/" + a, Map.of("parents", List.of(b)));
        assertProblem(cycle, 400, "core.type_cycle");
        assertThat(cycle.json().path("detail").asText()).contains("ta(" + a + ") → tb(" + b + ") → ta(" + a + ")");
        JsonNode child = alice.get("/core/token-types/" + b).json();
        assertThat(child.path("parents").get(0).asLong()).isEqualTo(a);
        assertThat(child.path("lineage").toString()).isEqualTo("[" + a + "," + b + "]");
        assertThat(child.path("effective_attributes").findValuesAsText("name"))
                .containsExactly("created", "allows_set", "allows_set_operation", "attribute_filter");
        assertProblem(alice.delete("/core/token-types/" + a), 409, "core.token_type_in_use");
        assertThat(alice.delete("/core/token-types/" + b).status()).isEqualTo(204);
        assertThat(alice.delete("/core/token-types/" + a).status()).isEqualTo(204);
    }
}
