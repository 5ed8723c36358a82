package org.applecore.platform.auth;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AccountAdminApiTest {

    private static TestHost host;
    private static String admin;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        admin = host.loginAsAdmin();
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void createAnswersTheAccountWithoutItsPassword() {
        TestResponse created = host.post("/admin/users", admin,
                Map.of("username", "admin-api-new", "password", "a-long-enough-password", "roles", List.of("job-read", "tester")));

        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.path("id").asLong()).isPositive();
        assertThat(body.path("username").asText()).isEqualTo("admin-api-new");
        assertThat(body.path("roles")).extracting(JsonNode::asText).containsExactly("job-read", "tester");
        assertThat(body.path("active").asBoolean()).isTrue();
        assertThat(body.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(created.rawBody()).doesNotContain("a-long-enough-password").doesNotContain("pbkdf2").doesNotContain("hash");
        assertThat(created.headers().firstValue("location")).hasValue("/admin/users/" + body.path("id").asLong());

        TestResponse read = host.get("/admin/users/" + body.path("id").asLong(), admin);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(body);
    }

    @Test
    void adminUsersNeedATokenAndTheAdminRole() {
        String tester = host.createUserAndLogin("admin-api-tester", "tester");

        TestResponse anonymous = host.get("/admin/users", null);
        TestResponse notAdmin = host.get("/admin/users", tester);
        TestResponse notAdminCreate = host.post("/admin/users", tester,
                Map.of("username", "admin-api-sneaky", "password", "a-long-enough-password", "roles", List.of("admin")));

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.problemCode()).isEqualTo("unauthenticated");
        assertThat(notAdmin.status()).isEqualTo(403);
        assertThat(notAdmin.contentType()).startsWith("application/problem+json");
        assertThat(notAdmin.problemCode()).isEqualTo("forbidden");
        assertThat(notAdminCreate.status()).isEqualTo(403);
        assertThat(host.post("/login", null, Map.of("username", "admin-api-sneaky", "password", "a-long-enough-password"))
                .status()).isEqualTo(401);
        assertThat(host.get("/admin/roles", tester).status()).isEqualTo(403);
    }

    @Test
    void duplicateUsernameIsAConflictInAnyLetterCase() {
        assertThat(create("admin-api-dup", List.of()).status()).isEqualTo(201);

        TestResponse same = create("admin-api-dup", List.of());
        TestResponse otherCase = create("ADMIN-api-DUP", List.of());

        assertThat(same.status()).isEqualTo(409);
        assertThat(same.contentType()).startsWith("application/problem+json");
        assertThat(same.problemCode()).isEqualTo("account.username_taken");
        assertThat(otherCase.status()).isEqualTo(409);
        assertThat(otherCase.problemCode()).isEqualTo("account.username_taken");
    }

    @Test
    void unknownRoleIsABadRequestAndCreatesNothing() {
        TestResponse response = create("admin-api-badrole", List.of("tester", "no-such-role"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problemCode()).isEqualTo("account.unknown_role");
        assertThat(response.json().path("detail").asText()).contains("no-such-role");
        assertThat(create("admin-api-badrole", List.of("tester")).status()).isEqualTo(201);
    }

    @Test
    void passwordAndUsernameRulesAreEnforced() {
        TestResponse shortPassword = host.post("/admin/users", admin,
                Map.of("username", "admin-api-short", "password", "elevenchars", "roles", List.of()));
        TestResponse longPassword = host.post("/admin/users", admin,
                Map.of("username", "admin-api-long", "password", "x".repeat(257), "roles", List.of()));
        TestResponse badUsername = host.post("/admin/users", admin,
                Map.of("username", "has space", "password", "a-long-enough-password", "roles", List.of()));
        TestResponse tooShortUsername = host.post("/admin/users", admin,
                Map.of("username", "ab", "password", "a-long-enough-password", "roles", List.of()));
        TestResponse missingPassword = host.post("/admin/users", admin, Map.of("username", "admin-api-nopass"));

        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(shortPassword.problemCode()).isEqualTo("account.invalid_password");
        assertThat(longPassword.status()).isEqualTo(400);
        assertThat(longPassword.problemCode()).isEqualTo("account.invalid_password");
        assertThat(badUsername.status()).isEqualTo(400);
        assertThat(badUsername.problemCode()).isEqualTo("account.invalid_username");
        assertThat(tooShortUsername.problemCode()).isEqualTo("account.invalid_username");
        assertThat(missingPassword.status()).isEqualTo(400);
        assertThat(missingPassword.problemCode()).isEqualTo("account.invalid_password");
        assertThat(host.post("/admin/users", admin,
                Map.of("username", "admin-api-twelve", "password", "twelve-chars", "roles", List.of())).status()).isEqualTo(201);
    }

    @Test
    void malformedJsonIsABadRequestProblem() {
        TestResponse response = host.post("/admin/users", admin, "{\"username\": \"admin-api-broken\", ");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(400);
        assertThat(response.problemCode()).isNotBlank();
    }

    @Test
    void unknownAccountIsNotFound() {
        TestResponse get = host.get("/admin/users/987654", admin);
        TestResponse patch = host.patch("/admin/users/987654", admin, Map.of("active", false));

        assertThat(get.status()).isEqualTo(404);
        assertThat(get.problemCode()).isEqualTo("account.not_found");
        assertThat(patch.status()).isEqualTo(404);
        assertThat(patch.problemCode()).isEqualTo("account.not_found");
    }

    @Test
    void adminCannotDeactivateOrDeAdminThemselves() {
        long self = host.get("/me", admin).json().path("id").asLong();

        TestResponse deactivate = host.patch("/admin/users/" + self, admin, Map.of("active", false));
        TestResponse deAdmin = host.patch("/admin/users/" + self, admin, Map.of("roles", List.of("tester")));

        assertThat(deactivate.status()).isEqualTo(409);
        assertThat(deactivate.problemCode()).isEqualTo("account.self_lockout");
        assertThat(deAdmin.status()).isEqualTo(409);
        assertThat(host.get("/admin/users", admin).status()).isEqualTo(200);
        assertThat(host.get("/me", admin).json().path("roles")).extracting(JsonNode::asText).containsExactly("admin");
    }

    @Test
    void patchChangesOnlyTheGivenFields() {
        long id = create("admin-api-patch", List.of("tester")).json().path("id").asLong();

        TestResponse deactivated = host.patch("/admin/users/" + id, admin, Map.of("active", false));
        TestResponse regranted = host.patch("/admin/users/" + id, admin, Map.of("roles", List.of("job-read", "job-write")));

        assertThat(deactivated.json().path("active").asBoolean()).isFalse();
        assertThat(deactivated.json().path("roles")).extracting(JsonNode::asText).containsExactly("tester");
        assertThat(regranted.json().path("active").asBoolean()).isFalse();
        assertThat(regranted.json().path("roles")).extracting(JsonNode::asText).containsExactly("job-read", "job-write");
        TestResponse unknownRole = host.patch("/admin/users/" + id, admin, Map.of("roles", List.of("bogus-role")));
        assertThat(unknownRole.status()).isEqualTo(400);
        assertThat(unknownRole.problemCode()).isEqualTo("account.unknown_role");
    }

    @Test
    void listPagesThroughEveryAccountByCursor() {
        for (int i = 0; i < 5; i++) {
            assertThat(create("admin-api-page" + i, List.of()).status()).isEqualTo(201);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            TestResponse page = host.get("/admin/users?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), admin);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().path("items").size()).isLessThanOrEqualTo(2);
            page.json().path("items").forEach(item -> {
                seen.add(item.path("username").asText());
                assertThat(item.has("password_hash")).isFalse();
            });
            assertThat(page.json().has("next_cursor")).as(page.toString()).isTrue();
            cursor = page.json().path("next_cursor").isNull() ? null : page.json().path("next_cursor").asText();
            pages++;
        } while (cursor != null && pages < 100);

        TestResponse all = host.get("/admin/users?limit=200", admin);
        List<String> everyone = new ArrayList<>();
        all.json().path("items").forEach(item -> everyone.add(item.path("username").asText()));
        assertThat(seen).containsExactlyElementsOf(everyone).doesNotHaveDuplicates()
                .contains("operator", "admin-api-page0", "admin-api-page4");
        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(host.get("/admin/users?cursor=abc", admin).problemCode()).isEqualTo("invalid_cursor");
        assertThat(host.get("/admin/users?limit=0", admin).problemCode()).isEqualTo("invalid_limit");
    }

    @Test
    void rolesListsTheBuiltInRoles() {
        TestResponse roles = host.get("/admin/roles", admin);

        assertThat(roles.status()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        roles.json().path("items").forEach(role -> {
            names.add(role.path("name").asText());
            assertThat(role.path("description").asText()).isNotBlank();
        });
        assertThat(names).contains("admin", "tester", "job-read", "job-write");
        assertThat(roles.json().path("items").get(0).path("built_in").asBoolean()).isTrue();
        assertThat(roles.json().path("items").get(0).path("declared_by").asText()).isEqualTo("platform");
    }

    private static TestResponse create(String username, List<String> roles) {
        return host.post("/admin/users", admin, Map.of("username", username, "password", "a-long-enough-password", "roles", roles));
    }
}
