package org.applecore.platform.auth;

import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password guessing on {@code POST /login} is throttled per username and client, per client and per username,
 * counted in the database, with 429 {@code auth.too_many_attempts} and {@code Retry-After}; the refusal comes
 * before the password is checked and ends when the failures leave the window. Tight limits here (the defaults
 * are in docs/operators.md); clients are told apart by a header, as behind a trusted proxy.
 */
class LoginThrottleTest {

    private static final String CLIENT_HEADER = "X-Test-Client";
    private static TestHost host;

    @BeforeAll
    static void startHost() {
        host = TestHost.start(Map.of(
                // Long enough that a slow machine's failures (a password hash each) all fall in one window.
                "applecore.accounts.login-throttle.window", "60s",
                "applecore.accounts.login-throttle.max-failures-per-user-and-client", 3,
                "applecore.accounts.login-throttle.max-failures-per-client", 6,
                "applecore.accounts.login-throttle.max-failures-per-user", 8,
                "applecore.accounts.login-throttle.client-address-header", CLIENT_HEADER));
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void afterTooManyFailuresEvenTheRightPasswordIsRefusedUntilTheWindowPasses() throws Exception {
        createUser("throttled-alice");
        for (int i = 0; i < 3; i++) {
            assertThat(login("throttled-alice", "wrong", "10.0.0.1").status()).isEqualTo(401);
        }

        TestResponse refused = login("throttled-alice", password("throttled-alice"), "10.0.0.1");
        TestResponse elsewhere = login("throttled-alice", password("throttled-alice"), "10.0.0.2");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.problemCode()).isEqualTo("auth.too_many_attempts");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(elsewhere.status()).as("the same user from another client").isEqualTo(200);
    }

    @Test
    void theRefusalEndsWhenTheFailuresLeaveTheWindow() throws Exception {
        // One failure is the limit here, so no timing but the window's own decides the outcome.
        try (TestHost quick = host.startPeer(Map.of("applecore.accounts.login-throttle.window", "2s",
                "applecore.accounts.login-throttle.max-failures-per-user-and-client", 1))) {
            createUser("throttled-frank");
            assertThat(login(quick, "throttled-frank", "wrong", "10.0.4.1").status()).isEqualTo(401);

            TestResponse refused = login(quick, "throttled-frank", password("throttled-frank"), "10.0.4.1");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
            long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 2L);

            Thread.sleep(retryAfter * 1000 + 200);
            assertThat(login(quick, "throttled-frank", password("throttled-frank"), "10.0.4.1").status()).isEqualTo(200);
        }
    }

    @Test
    void refusedAttemptsAreNotCountedAndASuccessClearsTheFailures() throws Exception {
        createUser("throttled-bob");
        login("throttled-bob", "wrong", "10.0.1.1");
        login("throttled-bob", "wrong", "10.0.1.1");
        assertThat(login("throttled-bob", password("throttled-bob"), "10.0.1.1").status()).isEqualTo(200);
        // The success cleared both failures: three more are allowed before the fourth attempt is refused.
        for (int i = 0; i < 3; i++) {
            assertThat(login("throttled-bob", "wrong", "10.0.1.1").status()).isEqualTo(401);
        }
        assertThat(login("throttled-bob", "wrong", "10.0.1.1").status()).isEqualTo(429);
    }

    @Test
    void oneClientSprayingManyUsernamesIsRefusedForAnyUsername() {
        createUser("throttled-carol");
        for (int i = 0; i < 6; i++) {
            assertThat(login("nobody-" + i, "wrong", "10.0.2.1").status()).isEqualTo(401);
        }

        TestResponse refused = login("throttled-carol", password("throttled-carol"), "10.0.2.1");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(login("throttled-carol", password("throttled-carol"), "10.0.2.2").status()).isEqualTo(200);
    }

    @Test
    void manyClientsGuessingOneUsernameAreRefusedFromAnyClient() {
        createUser("throttled-dave");
        for (int i = 0; i < 8; i++) {
            assertThat(login("throttled-dave", "wrong", "10.0.3." + i).status()).isEqualTo(401);
        }

        assertThat(login("throttled-dave", password("throttled-dave"), "10.0.3.200").status()).isEqualTo(429);
        assertThat(login("Throttled-Dave", "wrong", "10.0.3.201").status()).as("names match regardless of case").isEqualTo(429);
    }

    @Test
    void withoutAConfiguredHeaderAForgedForwardedForDoesNotChangeTheClient() {
        try (TestHost plain = host.startPeer(Map.of("applecore.accounts.login-throttle.client-address-header", ""))) {
            String user = "throttled-erin";
            assertThat(plain.post("/admin/users", plain.loginAsAdmin(), Map.of("username", user, "password",
                    password(user), "roles", List.of())).status()).isEqualTo(201);
            for (int i = 0; i < 3; i++) {
                TestResponse failed = plain.send(plain.request("/login", null).header("X-Forwarded-For", "192.0.2." + i)
                        .header("Content-Type", "application/json")
                        .POST(TestHost.jsonBody(Map.of("username", user, "password", "wrong"))));
                assertThat(failed.status()).isEqualTo(401);
            }
            TestResponse forged = plain.send(plain.request("/login", null).header("X-Forwarded-For", "192.0.2.99")
                    .header("Content-Type", "application/json")
                    .POST(TestHost.jsonBody(Map.of("username", user, "password", password(user)))));

            assertThat(forged.status()).as(forged.toString()).isEqualTo(429);
        }
    }

    private static void createUser(String username) {
        TestResponse created = host.post("/admin/users", host.loginAsAdmin(),
                Map.of("username", username, "password", password(username), "roles", List.of()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    private static String password(String username) {
        return "password-of-" + username;
    }

    private static TestResponse login(String username, String password, String client) {
        return login(host, username, password, client);
    }

    private static TestResponse login(TestHost on, String username, String password, String client) {
        return on.send(on.request("/login", null).header(CLIENT_HEADER, client)
                .header("Content-Type", "application/json")
                .POST(TestHost.jsonBody(Map.of("username", username, "password", password))));
    }
}
