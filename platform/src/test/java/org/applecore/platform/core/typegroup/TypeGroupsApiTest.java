package org.applecore.platform.core.typegroup;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.core.ModelFixtures;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /core/type-groups} over HTTP: create, read, list, change, delete; validation; owner-only visibility. */
class TypeGroupsApiTest {

    private static TestHost host;
    private static ModelFixtures model;
    private static CoreClient alice;
    private static CoreClient bob;
    private static long type;
    private static long otherType;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        model = new ModelFixtures(host);
        alice = CoreClient.create(host, "alice-g");
        bob = CoreClient.create(host, "bob-g");
        alice.get("/core/me");
        bob.get("/core/me");
        type = model.tokenType(alice.userId(), "bead", List.of(), List.of());
        otherType = model.tokenType(alice.userId(), "pearl", List.of(), List.of());
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void typeGroupLifecycle() {
        TestResponse created = alice.post("/core/type-groups", Map.of("name", "two beads",
                "members", List.of(Map.of("token_type", type, "minimum_needed", 2), Map.of("token_type", otherType, "maximum_needed", 4))));
        assertThat(created.status()).isEqualTo(201);
        JsonNode group = created.json();
        long id = group.path("id").asLong();
        assertThat(group.path("owner_id").asLong()).isEqualTo(alice.userId());
        assertThat(group.path("members")).hasSize(2);
        assertThat(group.path("members").get(0).path("minimum_needed").asLong()).isEqualTo(2);
        assertThat(group.path("members").get(0).path("maximum_needed").isNull()).isTrue();
        assertThat(alice.get("/core/type-groups/" + id).json()).isEqualTo(group);
        assertThat(alice.get("/core/type-groups").json().path("items")).extracting(n -> n.path("id").asLong()).contains(id);
        assertThat(bob.get("/core/type-groups").json().path("items")).isEmpty();

        long filter = model.systemAttribute("attribute_filter");
        TestResponse changed = alice.patch("/core/type-groups/" + id, Map.of("name", "renamed",
                "members", List.of(Map.of("token_type", type)), "values", Map.of(String.valueOf(filter), 12)));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().path("name").asText()).isEqualTo("renamed");
        assertThat(changed.json().path("members")).hasSize(1);
        assertThat(changed.json().path("values").get(0).path("value").asLong()).isEqualTo(12);

        assertThat(alice.delete("/core/type-groups/" + id).status()).isEqualTo(204);
        assertThat(alice.get("/core/type-groups/" + id).problemCode()).isEqualTo("core.type_group_not_found");
    }

    @Test
    void invalidTypeGroupsAreRefused() {
        assertThat(alice.post("/core/type-groups", Map.of("name", "x", "members",
                List.of(Map.of("token_type", type, "minimum_needed", 5, "maximum_needed", 2)))).problemCode()).isEqualTo("core.invalid_request");
        assertThat(alice.post("/core/type-groups", Map.of("name", "x", "members",
                List.of(Map.of("token_type", type), Map.of("token_type", type)))).problemCode()).isEqualTo("core.invalid_request");
        assertThat(alice.post("/core/type-groups", Map.of("name", "x", "members",
                List.of(Map.of("token_type", type, "minimum_needed", -1)))).problemCode()).isEqualTo("core.invalid_request");
        assertThat(alice.post("/core/type-groups", Map.of("name", "x", "members",
                List.of(Map.of("token_type", 999999)))).problemCode()).isEqualTo("core.token_type_not_found");
        assertThat(alice.post("/core/type-groups", Map.of("members", List.of())).problemCode()).isEqualTo("core.invalid_request");
        assertThat(model.count("SELECT count(*) FROM core.type_group WHERE owner_id = ? AND name = 'x'", alice.userId())).isZero();
    }

    @Test
    void othersCannotSeeChangeOrDeleteMyTypeGroup() {
        long id = alice.post("/core/type-groups", Map.of("name", "mine", "members", List.of(Map.of("token_type", type))))
                .json().path("id").asLong();
        assertThat(bob.get("/core/type-groups/" + id).status()).isEqualTo(404);
        assertThat(bob.patch("/core/type-groups/" + id, Map.of("name", "stolen")).status()).isEqualTo(404);
        assertThat(bob.delete("/core/type-groups/" + id).status()).isEqualTo(404);
        assertThat(alice.get("/core/type-groups/" + id).json().path("name").asText()).isEqualTo("mine");
        assertThat(CoreClient.operator(host).get("/core/type-groups/" + id).status()).isEqualTo(200);
    }
}
