package org.applecore.platform.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import org.applecore.platform.testing.TestHost;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtSigningTest {

    private static final String SECRET = "a-configured-secret-of-at-least-32-bytes";

    @Test
    void accessTokenIsHs256SignedWithTheConfiguredSecretAndExpiresIn15Minutes() throws Exception {
        try (TestHost host = TestHost.start(Map.of("applecore.accounts.jwt-secret", SECRET))) {
            SignedJWT jwt = SignedJWT.parse(host.loginAsAdmin());

            assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
            assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
            assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(TestHost.ADMIN_USERNAME);
            assertThat(jwt.getJWTClaimsSet().getLongClaim("account_id")).isEqualTo(1L);
            Duration lifetime = Duration.between(Instant.now(), jwt.getJWTClaimsSet().getExpirationTime().toInstant());
            assertThat(lifetime).isBetween(Duration.ofMinutes(14), Duration.ofMinutes(15));
            assertThat(countSigningKeys(host)).isZero();
        }
    }

    @Test
    void generatedSecretIsSharedByEveryHostOnTheDatabase() throws Exception {
        try (TestHost host = TestHost.start(); TestHost peer = host.startPeer()) {
            String token = host.loginAsAdmin();

            assertThat(peer.get("/me", token).status()).isEqualTo(200);
            assertThat(host.get("/me", peer.loginAsAdmin()).status()).isEqualTo(200);
            assertThat(countSigningKeys(host)).isEqualTo(1);
            assertThat(SignedJWT.parse(token).verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isFalse();
        }
    }

    @Test
    void tokenSignedWithAnotherSecretIsRefused() {
        String foreign;
        try (TestHost other = TestHost.start(Map.of("applecore.accounts.jwt-secret", SECRET))) {
            foreign = other.loginAsAdmin();
        }
        try (TestHost host = TestHost.start()) {
            assertThat(host.get("/me", foreign).status()).isEqualTo(401);
        }
    }

    @Test
    void tooShortConfiguredSecretStopsTheStart() {
        assertThatThrownBy(() -> TestHost.start(Map.of("applecore.accounts.jwt-secret", "only-31-bytes-long-secret-value")).close())
                .hasStackTraceContaining("at least 32 bytes")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("only-31-bytes-long-secret-value"));
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    private static long countSigningKeys(TestHost host) {
        return host.context().getBean(org.applecore.platform.database.Database.class).inTransaction(connection -> {
            try (var count = connection.prepareStatement("SELECT count(*) FROM platform.signing_key");
                 var rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }
}
