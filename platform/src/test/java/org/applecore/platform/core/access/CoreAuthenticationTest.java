package org.applecore.platform.core.access;

import com.fasterxml.jackson.databind.JsonNode;
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

class CoreAuthenticationTest {

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
    void aCoreTokenAuthenticatesTheCoreApiAsItsUser() {
        CoreClient alice = CoreClient.create(host, "auth-alice");

        TestResponse me = alice.get("/core/me");

        assertThat(alice.token()).matches("ac_[A-Za-z0-9_-]{43}");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("id").asLong()).isEqualTo(alice.userId());
        assertThat(me.json().path("username").asText()).isEqualTo("auth-alice");
        assertThat(me.json().path("credential").asText()).isEqualTo("core_token");
        assertThat(me.json().path("full_admin").asBoolean()).isFalse();
        assertThat(me.json().path("personal_group_id").asLong()).isPositive();
    }

    @Test
    void regeneratingATokenStopsTheOldOneAtOnce() {
        CoreClient bob = CoreClient.create(host, "auth-bob");
        String old = bob.token();
        assertThat(bob.get("/core/me").status()).isEqualTo(200);

        String fresh = bob.regenerateToken();

        assertThat(fresh).isNotEqualTo(old);
        assertThat(host.get("/core/me", old).status()).isEqualTo(401);
        assertThat(host.get("/core/me", old).contentType()).startsWith("application/problem+json");
        assertThat(host.get("/core/me", fresh).status()).isEqualTo(200);
    }

    @Test
    void aRevokedTokenFailsOnTheNextRequestOnEveryHost() {
        CoreClient carol = CoreClient.create(host, "auth-carol");
        try (TestHost peer = host.startPeer()) {
            assertThat(peer.get("/core/me", carol.token()).status()).isEqualTo(200);

            TestResponse revoked = host.delete("/admin/core-tokens/" + carol.tokenId(), admin);

            assertThat(revoked.status()).isEqualTo(204);
            assertThat(carol.get("/core/me").status()).isEqualTo(401);
            assertThat(peer.get("/core/me", carol.token()).status()).isEqualTo(401);
        }
    }

    @Test
    void revokingAnUnknownTokenIsNotFoundAndRevokingTwiceIsFine() {
        CoreClient dave = CoreClient.create(host, "auth-dave");

        assertThat(host.delete("/admin/core-tokens/987654321", admin).problemCode()).isEqualTo("core.token_not_found");
        assertThat(host.delete("/admin/core-tokens/" + dave.tokenId(), admin).status()).isEqualTo(204);
        assertThat(host.delete("/admin/core-tokens/" + dave.tokenId(), admin).status()).isEqualTo(204);
        assertThat(dave.get("/core/me").status()).isEqualTo(401);
    }

    @Test
    void theTokenListShowsMetadataButNeverTheTokens() {
        CoreClient erin = CoreClient.create(host, "auth-erin");
        String first = erin.token();
        long firstId = erin.tokenId();
        String second = erin.regenerateToken();

        TestResponse list = host.get("/admin/users/" + erin.userId() + "/core-tokens", admin);

        assertThat(list.status()).isEqualTo(200);
        JsonNode items = list.json().path("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).path("id").asLong()).isEqualTo(firstId);
        assertThat(items.get(0).path("kind").asText()).isEqualTo("user");
        assertThat(items.get(0).path("revoked_at").isNull()).isFalse();
        assertThat(items.get(1).path("id").asLong()).isEqualTo(erin.tokenId());
        assertThat(items.get(1).path("revoked_at").isNull()).isTrue();
        assertThat(list.rawBody()).doesNotContain(first).doesNotContain(second).doesNotContain("hash");
    }

    @Test
    void theTokenApiIsForOperatorsOnly() {
        CoreClient frank = CoreClient.create(host, "auth-frank");
        String jwt = frank.jwt();

        assertThat(host.post("/admin/users/" + frank.userId() + "/core-token", jwt, Map.of()).status()).isEqualTo(403);
        assertThat(host.get("/admin/users/" + frank.userId() + "/core-tokens", jwt).status()).isEqualTo(403);
        assertThat(host.delete("/admin/core-tokens/" + frank.tokenId(), jwt).status()).isEqualTo(403);
        assertThat(host.post("/admin/users/" + frank.userId() + "/core-token", frank.token(), Map.of()).status())
                .isEqualTo(401);
        assertThat(frank.get("/core/me").status()).isEqualTo(200);
        assertThat(host.post("/admin/users/99999999/core-token", admin, Map.of()).problemCode())
                .isEqualTo("core.user_not_found");
    }

    @Test
    void aCoreTokenAuthenticatesNothingOutsideTheCore() {
        CoreClient operator = CoreClient.operator(host);

        assertThat(operator.get("/core/me").status()).isEqualTo(200);
        assertThat(host.get("/admin/users", operator.token()).status()).isEqualTo(401);
        assertThat(host.get("/me", operator.token()).status()).isEqualTo(401);
    }

    @Test
    void aDeactivatedAccountsCoreTokenIsRefused() {
        CoreClient gina = CoreClient.create(host, "auth-gina");
        assertThat(gina.get("/core/me").status()).isEqualTo(200);

        assertThat(host.patch("/admin/users/" + gina.userId(), admin, Map.of("active", false)).status()).isEqualTo(200);

        assertThat(gina.get("/core/me").status()).isEqualTo(401);
        assertThat(host.patch("/admin/users/" + gina.userId(), admin, Map.of("active", true)).status()).isEqualTo(200);
        assertThat(gina.get("/core/me").status()).isEqualTo(200);
    }

    @Test
    void anOuterApiJwtIsRefusedByTheCore() {
        CoreClient hank = CoreClient.create(host, "auth-hank");

        TestResponse withJwt = host.get("/core/me", hank.jwt());
        TestResponse operatorJwt = host.get("/core/users/" + hank.userId(), admin);

        assertThat(withJwt.status()).isEqualTo(401);
        assertThat(withJwt.contentType()).startsWith("application/problem+json");
        assertThat(withJwt.problemCode()).isEqualTo("core.credentials_required");
        assertThat(operatorJwt.problemCode()).isEqualTo("core.credentials_required");
        assertThat(host.get("/core/me", null).status()).isEqualTo(401);
        assertThat(host.get("/core/me", "ac_" + "A".repeat(43)).status()).isEqualTo(401);
    }

    @Test
    void basicWorksForCoreServiceAccountsOnTheCoreOnly() {
        CoreClient service = CoreClient.createBasic(host, "auth-service");

        TestResponse me = service.get("/core/me");
        TestResponse adminPath = host.send(host.request("/admin/users", null)
                .header("Authorization", CoreClient.basicHeader(service.username(), service.password())).GET());
        TestResponse plainMe = host.send(host.request("/me", null)
                .header("Authorization", CoreClient.basicHeader(service.username(), service.password())).GET());

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("credential").asText()).isEqualTo("basic");
        assertThat(me.json().path("id").asLong()).isEqualTo(service.userId());
        assertThat(adminPath.status()).isEqualTo(401);
        assertThat(plainMe.status()).isEqualTo(401);
    }

    @Test
    void basicIsRefusedForOperatorsOutsideTheCoreAndForAccountsWithoutTheRole() {
        CoreClient.create(host, "auth-no-role");

        TestResponse operatorOnAdmin = host.send(host.request("/admin/users", null)
                .header("Authorization", CoreClient.basicHeader(TestHost.ADMIN_USERNAME, TestHost.ADMIN_PASSWORD)).GET());
        TestResponse operatorOnCore = host.send(host.request("/core/me", null)
                .header("Authorization", CoreClient.basicHeader(TestHost.ADMIN_USERNAME, TestHost.ADMIN_PASSWORD)).GET());
        TestResponse withoutRole = host.send(host.request("/core/me", null)
                .header("Authorization", CoreClient.basicHeader("auth-no-role", CoreClient.passwordOf("auth-no-role"))).GET());

        assertThat(operatorOnAdmin.status()).isEqualTo(401);
        assertThat(operatorOnCore.status()).isEqualTo(401);
        assertThat(withoutRole.status()).isEqualTo(401);
    }

    @Test
    void wrongBasicCredentialsAreAProblem401() {
        CoreClient service = CoreClient.createBasic(host, "auth-service-wrong");
        List<TestResponse> answers = new ArrayList<>();

        answers.add(host.send(host.request("/core/me", null)
                .header("Authorization", CoreClient.basicHeader(service.username(), "not-the-password")).GET()));
        answers.add(host.send(host.request("/core/me", null)
                .header("Authorization", CoreClient.basicHeader("nobody-at-all", "whatever-password")).GET()));
        answers.add(host.send(host.request("/core/me", null).header("Authorization", "Basic !!!notbase64").GET()));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        });
        assertThat(service.get("/core/me").status()).isEqualTo(200);
    }

    @Test
    void operatorsAreFullAdminsInTheCore() {
        CoreClient operator = CoreClient.operator(host);

        assertThat(operator.get("/core/me").json().path("full_admin").asBoolean()).isTrue();
    }
}
