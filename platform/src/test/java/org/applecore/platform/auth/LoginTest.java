package org.applecore.platform.auth;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LoginTest {

    private static TestHost host;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void loginAnswersBearerTokensWithUsernameAndRoles() {
        createUser("login-ok", "password-of-login-ok", List.of("tester", "job-read"));

        TestResponse response = host.post("/login", null, Map.of("username", "login-ok", "password", "password-of-login-ok"));

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("access_token").asText()).isNotBlank();
        assertThat(body.path("refresh_token").asText()).isNotBlank();
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asInt()).isEqualTo(900);
        assertThat(body.path("username").asText()).isEqualTo("login-ok");
        assertThat(body.path("roles")).extracting(JsonNode::asText).containsExactlyInAnyOrder("tester", "job-read");
    }

    @Test
    void wrongPasswordUnknownUserAndInactiveUserGetTheSameUnauthorizedProblem() {
        long inactiveId = createUser("login-inactive", "password-of-login-inactive", List.of());
        createUser("login-wrong", "password-of-login-wrong", List.of());
        assertThat(host.patch("/admin/users/" + inactiveId, host.loginAsAdmin(), Map.of("active", false)).status())
                .isEqualTo(200);

        TestResponse wrongPassword = login("login-wrong", "not-the-password-at-all");
        TestResponse unknownUser = login("login-nobody", "password-of-login-nobody");
        TestResponse inactiveUser = login("login-inactive", "password-of-login-inactive");

        for (TestResponse response : List.of(wrongPassword, unknownUser, inactiveUser)) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.problemCode()).isEqualTo("auth.invalid_credentials");
            assertThat(response.json().has("access_token")).isFalse();
        }
        assertThat(unknownUser.rawBody()).isEqualTo(wrongPassword.rawBody()).isEqualTo(inactiveUser.rawBody());
    }

    @Test
    void accountWithoutRolesLogsInWithAnEmptyRoleList() {
        createUser("login-noroles", "password-of-login-noroles", List.of());

        TestResponse response = login("login-noroles", "password-of-login-noroles");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("roles").isArray()).as(response.toString()).isTrue();
        assertThat(response.json().path("roles")).isEmpty();
        String token = response.json().path("access_token").asText();
        assertThat(host.get("/me", token).json().path("roles").isArray()).isTrue();
    }

    @Test
    void usernameIsMatchedRegardlessOfCase() {
        createUser("Login-Case", "password-of-login-case", List.of());

        TestResponse response = login("login-case", "password-of-login-case");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("username").asText()).isEqualTo("Login-Case");
    }

    @Test
    void meAnswersTheCallersIdUsernameAndRoles() {
        long id = createUser("login-me", "password-of-login-me", List.of("job-write", "job-read"));
        String token = host.login("login-me", "password-of-login-me");

        TestResponse me = host.get("/me", token);

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("id").asLong()).isEqualTo(id);
        assertThat(me.json().path("username").asText()).isEqualTo("login-me");
        assertThat(me.json().path("roles")).extracting(JsonNode::asText).containsExactly("job-read", "job-write");
    }

    @Test
    void deactivatedAccountsAccessTokenIsRefusedOnTheNextRequest() {
        long id = createUser("login-deactivated", "password-of-login-deactivated", List.of());
        String token = host.login("login-deactivated", "password-of-login-deactivated");
        assertThat(host.get("/me", token).status()).isEqualTo(200);

        host.patch("/admin/users/" + id, host.loginAsAdmin(), Map.of("active", false));

        TestResponse refused = host.get("/me", token);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.problemCode()).isEqualTo("unauthenticated");
    }

    @Test
    void reactivatedAccountCanLogInAgain() {
        long id = createUser("login-reactivated", "password-of-login-reactivated", List.of());
        String admin = host.loginAsAdmin();
        host.patch("/admin/users/" + id, admin, Map.of("active", false));
        assertThat(login("login-reactivated", "password-of-login-reactivated").status()).isEqualTo(401);

        host.patch("/admin/users/" + id, admin, Map.of("active", true));

        assertThat(login("login-reactivated", "password-of-login-reactivated").status()).isEqualTo(200);
    }

    @Test
    void roleChangeAppliesToTheNextRequestWithTheSameToken() {
        long id = createUser("login-promoted", "password-of-login-promoted", List.of("tester"));
        String token = host.login("login-promoted", "password-of-login-promoted");
        assertThat(host.get("/admin/users", token).status()).isEqualTo(403);

        host.patch("/admin/users/" + id, host.loginAsAdmin(), Map.of("roles", List.of("admin", "tester")));

        assertThat(host.get("/admin/users", token).status()).isEqualTo(200);
        assertThat(host.get("/me", token).json().path("roles")).extracting(JsonNode::asText)
                .containsExactly("admin", "tester");

        host.patch("/admin/users/" + id, host.loginAsAdmin(), Map.of("roles", List.of()));

        assertThat(host.get("/admin/users", token).status()).isEqualTo(403);
    }

    @Test
    void passwordChangeReplacesTheOldPassword() {
        long id = createUser("login-newpass", "password-of-login-newpass", List.of());

        host.patch("/admin/users/" + id, host.loginAsAdmin(), Map.of("password", "a-brand-new-password"));

        assertThat(login("login-newpass", "password-of-login-newpass").status()).isEqualTo(401);
        assertThat(login("login-newpass", "a-brand-new-password").status()).isEqualTo(200);
    }

    @Test
    void tamperedAccessTokenIsRefused() {
        createUser("login-tamper", "password-of-login-tamper", List.of());
        String token = host.login("login-tamper", "password-of-login-tamper");
        String[] parts = token.split("\\.");
        String forgedSignature = parts[2].charAt(0) == 'A' ? "B" + parts[2].substring(1) : "A" + parts[2].substring(1);

        assertThat(host.get("/me", parts[0] + "." + parts[1] + "." + forgedSignature).status()).isEqualTo(401);
        assertThat(host.get("/me", parts[0] + "." + parts[1] + ".").status()).isEqualTo(401);
        assertThat(host.get("/me", token).status()).isEqualTo(200);
    }

    private static TestResponse login(String username, String password) {
        return host.post("/login", null, Map.of("username", username, "password", password));
    }

    private static long createUser(String username, String password, List<String> roles) {
        TestResponse created = host.post("/admin/users", host.loginAsAdmin(),
                Map.of("username", username, "password", password, "roles", roles));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asLong();
    }
}
