package org.applecore.platform.jobs;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.applecore.platform.database.Database;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Webhook signing secrets at rest: encrypted with AES-256-GCM, with the operator's key or a generated one. */
class WebhookSecretStorageTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aSecretIsStoredEncryptedWithTheConfiguredKeyAndAFreshNonce() throws Exception {
        try (TestHost host = TestHost.start(Map.of("applecore.secrets.key", Base64.getEncoder().encodeToString(KEY)))) {
            CoreClient alice = CoreClient.create(host, "stored-alice");
            CoreClient bob = CoreClient.create(host, "stored-bob");
            String aliceSecret = secretOf(host, alice);
            String bobSecret = secretOf(host, bob);

            Row aliceRow = row(host, alice.userId());
            Row bobRow = row(host, bob.userId());

            assertThat(aliceRow.plaintext()).isNull();
            assertThat(new String(aliceRow.encrypted(), StandardCharsets.ISO_8859_1)).doesNotContain(aliceSecret)
                    .doesNotContain(aliceSecret.substring("whsec_".length()));
            assertThat(decrypt(KEY, aliceRow.encrypted(), "platform.webhook_secret:" + alice.userId())).isEqualTo(aliceSecret);
            assertThat(decrypt(KEY, bobRow.encrypted(), "platform.webhook_secret:" + bob.userId())).isEqualTo(bobSecret);
            assertThat(Arrays.copyOfRange(aliceRow.encrypted(), 1, 13)).isNotEqualTo(Arrays.copyOfRange(bobRow.encrypted(), 1, 13));
            assertThat(signingKeyNames(host)).doesNotContain("secrets-aes256-gcm");
        }
    }

    @Test
    void aSecretCopiedIntoAnotherUsersRowDoesNotDecrypt() {
        try (TestHost host = TestHost.start()) {
            CoreClient alice = CoreClient.create(host, "copied-alice");
            CoreClient mallory = CoreClient.create(host, "copied-mallory");
            secretOf(host, alice);
            secretOf(host, mallory);
            database(host).inTransaction(connection -> {
                try (var copy = connection.prepareStatement("""
                        UPDATE platform.webhook_secret SET secret_encrypted =
                            (SELECT secret_encrypted FROM platform.webhook_secret WHERE account_id = ?)
                        WHERE account_id = ?""")) {
                    copy.setLong(1, alice.userId());
                    copy.setLong(2, mallory.userId());
                    return copy.executeUpdate();
                }
            });

            TestResponse refused = host.get("/jobs/callback-secret", mallory.jwt());
            TestResponse rotated = host.post("/jobs/callback-secret/rotate", mallory.jwt(), Map.of());

            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.problemCode()).isEqualTo("jobs.callback_secret_unreadable");
            assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
            assertThat(host.get("/jobs/callback-secret", mallory.jwt()).json().path("secret").asText())
                    .isEqualTo(rotated.json().path("secret").asText());
        }
    }

    @Test
    void withoutAConfiguredKeyOneKeyIsGeneratedIntoTheDatabaseAndSharedByEveryHost() throws Exception {
        try (TestHost host = TestHost.start(); TestHost peer = host.startPeer()) {
            CoreClient alice = CoreClient.create(host, "generated-alice");
            String secret = secretOf(host, alice);

            assertThat(peer.get("/jobs/callback-secret", alice.jwt()).json().path("secret").asText()).isEqualTo(secret);
            assertThat(signingKeyNames(host)).containsOnlyOnce("secrets-aes256-gcm");
            byte[] generated = database(host).inTransaction(connection -> {
                try (var select = connection.prepareStatement("SELECT secret FROM platform.signing_key WHERE name = 'secrets-aes256-gcm'");
                     var rows = select.executeQuery()) {
                    rows.next();
                    return rows.getBytes(1);
                }
            });
            assertThat(generated).hasSize(32);
            assertThat(decrypt(generated, row(host, alice.userId()).encrypted(), "platform.webhook_secret:" + alice.userId()))
                    .isEqualTo(secret);
        }
    }

    @Test
    void plainTextRowsFromBeforeEncryptionAreEncryptedWhenReadAndAtTheNextStartWithoutBeingLogged() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        try (TestHost host = TestHost.start()) {
            CoreClient alice = CoreClient.create(host, "legacy-alice");
            CoreClient bob = CoreClient.create(host, "legacy-bob");
            String alicePlain = "whsec_" + Base64.getEncoder().encodeToString("alice's old 32-byte secret value".getBytes(StandardCharsets.UTF_8));
            String bobPlain = "whsec_" + Base64.getEncoder().encodeToString("bob's old secret of thirty-two b".getBytes(StandardCharsets.UTF_8));
            storePlaintext(host, alice.userId(), alicePlain);
            storePlaintext(host, bob.userId(), bobPlain);

            assertThat(secretOf(host, alice)).isEqualTo(alicePlain);
            assertThat(row(host, alice.userId()).plaintext()).isNull();
            assertThat(row(host, bob.userId()).plaintext()).isEqualTo(bobPlain);

            host.restart();

            assertThat(row(host, bob.userId()).plaintext()).isNull();
            assertThat(row(host, bob.userId()).encrypted()).isNotNull();
            assertThat(secretOf(host, bob)).isEqualTo(bobPlain);
            assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(message -> message.contains("Encrypted 1 webhook signing secret(s)"))
                    .noneMatch(message -> message.contains(alicePlain) || message.contains(bobPlain));
        } finally {
            root.detachAppender(log);
        }
    }

    @Test
    void aConfiguredKeyThatIsNot32BytesOfBase64StopsTheStartWithoutShowingIt() {
        String tooShort = Base64.getEncoder().encodeToString("only sixteen byte".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> TestHost.start(Map.of("applecore.secrets.key", tooShort)).close())
                .hasStackTraceContaining("APPLECORE_SECRETS_KEY must be the base64 of exactly 32 bytes")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(tooShort));
    }

    private static String secretOf(TestHost host, CoreClient user) {
        TestResponse response = host.get("/jobs/callback-secret", user.jwt());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().path("secret").asText();
    }

    private record Row(String plaintext, byte[] encrypted) {
    }

    private static Row row(TestHost host, long accountId) {
        return database(host).inTransaction(connection -> {
            try (var select = connection.prepareStatement(
                    "SELECT plaintext_secret, secret_encrypted FROM platform.webhook_secret WHERE account_id = ?")) {
                select.setLong(1, accountId);
                try (var rows = select.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    return new Row(rows.getString(1), rows.getBytes(2));
                }
            }
        });
    }

    /** A row as a host before encryption wrote it. */
    private static void storePlaintext(TestHost host, long accountId, String secret) {
        database(host).inTransaction(connection -> {
            try (var insert = connection.prepareStatement(
                    "INSERT INTO platform.webhook_secret (account_id, plaintext_secret) VALUES (?, ?)")) {
                insert.setLong(1, accountId);
                insert.setString(2, secret);
                return insert.executeUpdate();
            }
        });
    }

    private static java.util.List<String> signingKeyNames(TestHost host) {
        return database(host).inTransaction(connection -> {
            java.util.List<String> names = new java.util.ArrayList<>();
            try (var select = connection.prepareStatement("SELECT name FROM platform.signing_key");
                 var rows = select.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            return names;
        });
    }

    /** Decrypts as any AES-GCM implementation would: format byte, 12-byte nonce, ciphertext with its tag. */
    private static String decrypt(byte[] key, byte[] stored, String associatedData) throws Exception {
        assertThat(stored[0]).isEqualTo((byte) 1);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, stored, 1, 12));
        cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        return new String(cipher.doFinal(stored, 13, stored.length - 13), StandardCharsets.UTF_8);
    }

    private static Database database(TestHost host) {
        return host.context().getBean(Database.class);
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
