package org.applecore.platform.auth;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.database.Database;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TokenRefreshTest {

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
    void refreshAnswersNewTokensAndRefusesTheRotatedRefreshToken() {
        JsonNode login = login("refresh-rotate");
        String firstRefresh = login.path("refresh_token").asText();

        TestResponse refreshed = refresh(firstRefresh);

        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        String secondRefresh = refreshed.json().path("refresh_token").asText();
        String newAccess = refreshed.json().path("access_token").asText();
        assertThat(secondRefresh).isNotBlank().isNotEqualTo(firstRefresh);
        assertThat(newAccess).isNotBlank();
        assertThat(refreshed.json().path("username").asText()).isEqualTo("refresh-rotate");
        assertThat(host.get("/me", newAccess).status()).isEqualTo(200);

        TestResponse replayed = refresh(firstRefresh);
        assertThat(replayed.status()).isEqualTo(400);
        assertThat(replayed.contentType()).startsWith("application/problem+json");
        assertThat(replayed.problemCode()).isEqualTo("auth.invalid_grant");

        assertThat(refresh(secondRefresh).status()).isEqualTo(200);
    }

    @Test
    void refreshAcceptsAJsonBodyToo() {
        String refreshToken = login("refresh-json").path("refresh_token").asText();

        TestResponse refreshed = host.post("/oauth/access_token", null,
                Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));

        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(refreshed.json().path("access_token").asText()).isNotBlank();
    }

    @Test
    void refreshWithAnUnknownOrMalformedTokenIsABadRequestProblem() {
        TestResponse unknown = refresh("A".repeat(43));
        TestResponse malformed = refresh("not a token");
        TestResponse wrongGrant = form("grant_type=password&refresh_token=" + "A".repeat(43));

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.problemCode()).isEqualTo("auth.invalid_grant");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.problemCode()).isEqualTo("auth.invalid_grant");
        assertThat(wrongGrant.status()).isEqualTo(400);
        assertThat(wrongGrant.contentType()).startsWith("application/problem+json");
        assertThat(wrongGrant.problemCode()).isEqualTo("auth.unsupported_grant_type");
    }

    @Test
    void refreshOfAnInactiveAccountsTokenIsRefused() {
        JsonNode login = login("refresh-inactive");
        long id = host.get("/me", login.path("access_token").asText()).json().path("id").asLong();

        host.patch("/admin/users/" + id, host.loginAsAdmin(), Map.of("active", false));

        TestResponse refused = refresh(login.path("refresh_token").asText());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.problemCode()).isEqualTo("auth.invalid_grant");
    }

    @Test
    void refreshAnswersTheCurrentRoles() {
        JsonNode login = login("refresh-roles");
        long id = host.get("/me", login.path("access_token").asText()).json().path("id").asLong();
        host.patch("/admin/users/" + id, host.loginAsAdmin(), Map.of("roles", List.of("job-read")));

        TestResponse refreshed = refresh(login.path("refresh_token").asText());

        assertThat(refreshed.json().path("roles")).extracting(JsonNode::asText).containsExactly("job-read");
    }

    @Test
    void passwordChangeRevokesTheAccountsRefreshTokens() {
        JsonNode login = login("refresh-repass");
        long id = host.get("/me", login.path("access_token").asText()).json().path("id").asLong();

        host.patch("/admin/users/" + id, host.loginAsAdmin(), Map.of("password", "a-brand-new-password"));

        assertThat(refresh(login.path("refresh_token").asText()).status()).isEqualTo(400);
    }

    @Test
    void logoutRevokesTheCallersRefreshToken() {
        JsonNode login = login("logout-own");
        String access = login.path("access_token").asText();
        String refreshToken = login.path("refresh_token").asText();

        TestResponse logout = host.post("/logout", access, Map.of("refresh_token", refreshToken));

        assertThat(logout.status()).isEqualTo(204);
        assertThat(refresh(refreshToken).status()).isEqualTo(400);
    }

    @Test
    void logoutCannotRevokeAnotherAccountsRefreshToken() {
        String victimRefresh = login("logout-victim").path("refresh_token").asText();
        String attacker = login("logout-attacker").path("access_token").asText();

        TestResponse logout = host.post("/logout", attacker, Map.of("refresh_token", victimRefresh));

        assertThat(logout.status()).isEqualTo(204);
        assertThat(refresh(victimRefresh).status()).isEqualTo(200);
    }

    @Test
    void logoutNeedsAnAccessTokenAndARefreshToken() {
        JsonNode login = login("logout-needs");

        TestResponse anonymous = host.post("/logout", null, Map.of("refresh_token", login.path("refresh_token").asText()));
        TestResponse noToken = host.post("/logout", login.path("access_token").asText(), Map.of());

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(noToken.status()).isEqualTo(400);
        assertThat(noToken.problemCode()).isEqualTo("auth.invalid_request");
        assertThat(refresh(login.path("refresh_token").asText()).status()).isEqualTo(200);
    }

    @Test
    void refreshTokensAreStoredOnlyAsTheirSha256() throws Exception {
        String refreshToken = login("refresh-stored").path("refresh_token").asText();
        byte[] expectedHash = MessageDigest.getInstance("SHA-256").digest(refreshToken.getBytes(StandardCharsets.UTF_8));

        List<byte[]> stored = new ArrayList<>();
        host.context().getBean(Database.class).inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT t.token_hash FROM platform.refresh_token t JOIN platform.account a ON a.id = t.account_id
                    WHERE a.username = 'refresh-stored'""");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stored.add(rows.getBytes(1));
                }
            }
            return null;
        });

        // Two logins: the one creating the user and ours.
        assertThat(stored).hasSize(2);
        assertThat(stored).anyMatch(hash -> Arrays.equals(hash, expectedHash));
        assertThat(stored).noneMatch(hash -> new String(hash, StandardCharsets.ISO_8859_1).contains(refreshToken));
    }

    private static JsonNode login(String username) {
        host.createUserAndLogin(username);
        TestResponse response = host.post("/login", null, Map.of("username", username, "password", "password-of-" + username));
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    private static TestResponse refresh(String refreshToken) {
        return form("grant_type=refresh_token&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8));
    }

    private static TestResponse form(String body) {
        return host.send(host.request("/oauth/access_token", null)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/x-www-form-urlencoded"));
    }
}
