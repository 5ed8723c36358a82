package org.applecore.platform.core.web;

import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Malformed ids in {@code /core} paths (400 core.invalid_id), and required siblings on set and type group values. */
class CoreIdsAndSiblingsApiTest {

    private static TestHost host;
    private static CoreClient alice;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        alice = CoreClient.create(host, "alice-i");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void malformedPathIdsAnswerCoreInvalidIdOnEveryCoreController() {
        List<String> paths = List.of("/core/tokens/abc", "/core/tokens/99999999999999999999", "/core/token-sets/1.5",
                "/core/token-sets/x/tokens", "/core/type-groups/abc", "/core/users/abc", "/core/groups/abc",
                "/core/attributes/abc", "/core/token-types/1e3");
        for (String path : paths) {
            TestResponse response = alice.get(path);
            assertThat(response.status()).as(path + " " + response).isEqualTo(400);
            assertThat(response.problemCode()).as(path).isEqualTo("core.invalid_id");
            assertThat(response.contentType()).as(path).startsWith("application/problem+json");
        }
        assertThat(alice.patch("/core/tokens/abc/values", Map.of("values", Map.of())).problemCode()).isEqualTo("core.invalid_id");
        assertThat(alice.put("/core/groups/abc/members/1").problemCode()).isEqualTo("core.invalid_id");
        assertThat(alice.delete("/core/type-groups/-").problemCode()).isEqualTo("core.invalid_id");
        assertThat(alice.get("/core/token-sets?limit=many").problemCode()).isEqualTo("core.invalid_limit");
        // Well-formed but unknown ids keep their 404.
        assertThat(alice.get("/core/tokens/999999").problemCode()).isEqualTo("core.token_not_found");
    }

    @Test
    void requiredSiblingsHoldForSetAndTypeGroupValues() {
        long base = alice.post("/core/attributes", Map.of("name", "base-i", "value", Map.of("value_type", "json"))).json().path("id").asLong();
        long child = alice.post("/core/attributes", Map.of("name", "child-i", "parent_id", base, "value", Map.of("value_type", "json")))
                .json().path("id").asLong();
        TestResponse needyCreated = alice.post("/core/attributes", Map.of("name", "needy-i", "value", Map.of("value_type", "json"),
                "required_siblings", List.of(base)));
        assertThat(needyCreated.status()).as(needyCreated.toString()).isEqualTo(201);
        String needy = String.valueOf(needyCreated.json().path("id").asLong());

        // Sets: alone refused (nothing saved), with the sibling or a descendant of it accepted.
        TestResponse alone = alice.post("/core/token-sets", Map.of("name", "needy-alone", "values", Map.of(needy, 1)));
        assertThat(alone.status()).as(alone.toString()).isEqualTo(400);
        assertThat(alone.problemCode()).isEqualTo("core.required_sibling_missing");
        assertThat(alice.get("/core/token-sets").json().path("items").findValuesAsText("name")).doesNotContain("needy-alone");
        long set = alice.post("/core/token-sets", Map.of("values", Map.of(needy, 1, String.valueOf(child), true))).json().path("id").asLong();
        long plain = alice.post("/core/token-sets", Map.of()).json().path("id").asLong();
        assertThat(alice.patch("/core/token-sets/" + plain + "/values", Map.of("values", Map.of(needy, 1))).problemCode())
                .isEqualTo("core.required_sibling_missing");
        // Clearing the sibling while the needy value stays is refused too; clearing both is fine.
        assertThat(alice.patch("/core/token-sets/" + set + "/values", Map.of("values", java.util.Collections.singletonMap(String.valueOf(child), null)))
                .problemCode()).isEqualTo("core.required_sibling_missing");
        java.util.Map<String, Object> both = new java.util.HashMap<>();
        both.put(String.valueOf(child), null);
        both.put(needy, null);
        assertThat(alice.patch("/core/token-sets/" + set + "/values", Map.of("values", both)).status()).isEqualTo(200);
        // Set operation create_set follows the same rule.
        assertThat(alice.post("/core/set-operations", Map.of("operation", "create_set", "values", Map.of(needy, 1))).problemCode())
                .isEqualTo("core.required_sibling_missing");

        // Type groups.
        long type = alice.post("/core/token-types", Map.of("name", "thing-i")).json().path("id").asLong();
        TestResponse group = alice.post("/core/type-groups", Map.of("name", "g", "members", List.of(Map.of("token_type", type)),
                "values", Map.of(needy, 1)));
        assertThat(group.status()).isEqualTo(400);
        assertThat(group.problemCode()).isEqualTo("core.required_sibling_missing");
        long groupId = alice.post("/core/type-groups", Map.of("name", "g", "members", List.of(Map.of("token_type", type)),
                "values", Map.of(needy, 1, String.valueOf(base), "x"))).json().path("id").asLong();
        long other = alice.post("/core/type-groups", Map.of("name", "h", "members", List.of(Map.of("token_type", type)))).json().path("id").asLong();
        assertThat(alice.patch("/core/type-groups/" + other, Map.of("values", Map.of(needy, 1))).problemCode())
                .isEqualTo("core.required_sibling_missing");
        assertThat(alice.get("/core/type-groups/" + groupId).status()).isEqualTo(200);
    }
}
