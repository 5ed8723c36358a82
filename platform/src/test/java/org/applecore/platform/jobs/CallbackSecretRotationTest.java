package org.applecore.platform.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.applecore.platform.jobs.callback.WebhookSignature;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.applecore.platform.jobs.Jobs.awaitEnd;
import static org.applecore.platform.jobs.Jobs.createAttribute;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotating the callback signing secret: during the configured grace, callbacks carry a signature with the new
 * secret and one with the previous secret (Standard Webhooks allows several in {@code webhook-signature}), so a
 * receiver still holding the old one keeps verifying; after it, only the new secret signs.
 */
class CallbackSecretRotationTest {

    // Long enough for a job and its first callback on a slow, shared CI machine; the test waits it out once.
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static TestHost host;

    @BeforeAll
    static void startHost() {
        host = TestHost.start(Map.of(
                "applecore.jobs.callbacks.allowed-hosts", List.of("localhost"),
                "applecore.jobs.callbacks.rotation-grace", GRACE.toMillis() + "ms"));
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    /** One delivery as the receiver saw it. */
    private record Delivery(String id, long timestamp, String body, String signatureHeader, Instant receivedAt) {

        boolean verifiesWith(String secret) {
            String expected = WebhookSignature.sign(secret, id, timestamp, body);
            return Arrays.asList(signatureHeader.split(" ")).contains(expected);
        }

        int signatureCount() {
            return signatureHeader.split(" ").length;
        }
    }

    @Test
    void aReceiverWithTheOldSecretVerifiesCallbacksDuringTheGraceAndOnlyTheNewSecretVerifiesAfterIt() throws Exception {
        CoreClient alice = CoreClient.create(host, "grace-alice");
        String old = host.get("/jobs/callback-secret", alice.jwt()).json().path("secret").asText();
        LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
        HttpServer receiver = receiver(deliveries);
        try {
            String url = "http://localhost:" + receiver.getAddress().getPort() + "/hook";
            Instant rotatedAt = Instant.now();
            JsonNode rotated = host.post("/jobs/callback-secret/rotate", alice.jwt(), Map.of()).json();
            String fresh = rotated.path("secret").asText();
            Instant graceEnds = Instant.parse(rotated.path("previous_secret_expires_at").asText());

            Delivery during = deliveryOfAJobWithCallback(alice, url, deliveries);

            assertThat(graceEnds).isBetween(rotatedAt.plus(GRACE).minusSeconds(1), rotatedAt.plus(GRACE).plusSeconds(1));
            assertThat(host.get("/jobs/callback-secret", alice.jwt()).json().path("previous_secret_expires_at").asText())
                    .isEqualTo(rotated.path("previous_secret_expires_at").asText());
            assertThat(during.receivedAt()).as("the first callback came within the grace").isBefore(graceEnds);
            assertThat(during.signatureCount()).isEqualTo(2);
            assertThat(during.verifiesWith(old)).isTrue();
            assertThat(during.verifiesWith(fresh)).isTrue();

            sleepUntil(graceEnds.plusMillis(200));
            JsonNode view = host.get("/jobs/callback-secret", alice.jwt()).json();
            Delivery after = deliveryOfAJobWithCallback(alice, url, deliveries);

            assertThat(view.path("secret").asText()).isEqualTo(fresh);
            assertThat(view.path("previous_secret_expires_at").isNull()).as(view.toString()).isTrue();
            assertThat(after.signatureCount()).isEqualTo(1);
            assertThat(after.verifiesWith(fresh)).isTrue();
            assertThat(after.verifiesWith(old)).isFalse();
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aSecondRotationDuringTheGraceDropsTheOldestSecret() throws Exception {
        CoreClient bob = CoreClient.create(host, "grace-bob");
        String first = host.get("/jobs/callback-secret", bob.jwt()).json().path("secret").asText();
        String second = host.post("/jobs/callback-secret/rotate", bob.jwt(), Map.of()).json().path("secret").asText();
        String third = host.post("/jobs/callback-secret/rotate", bob.jwt(), Map.of()).json().path("secret").asText();
        LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
        HttpServer receiver = receiver(deliveries);
        try {
            Delivery delivery = deliveryOfAJobWithCallback(bob, "http://localhost:" + receiver.getAddress().getPort() + "/hook", deliveries);

            assertThat(delivery.signatureCount()).isEqualTo(2);
            assertThat(delivery.verifiesWith(third)).isTrue();
            assertThat(delivery.verifiesWith(second)).isTrue();
            assertThat(delivery.verifiesWith(first)).isFalse();
        } finally {
            receiver.stop(0);
        }
    }

    /** A receiver on loopback that records each delivery at {@code /hook} and answers 204. */
    private static HttpServer receiver(LinkedBlockingQueue<Delivery> deliveries) throws java.io.IOException {
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("webhook-id"),
                    Long.parseLong(exchange.getRequestHeaders().getFirst("webhook-timestamp")),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), Instant.now()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        return receiver;
    }

    private static Delivery deliveryOfAJobWithCallback(CoreClient user, String url, LinkedBlockingQueue<Delivery> deliveries)
            throws InterruptedException {
        TestResponse submitted = host.post("/jobs", user.jwt(), Map.of("callback_url", url,
                "operations", List.of(createAttribute(null, "grace-" + System.nanoTime()))));
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
        String ref = submitted.json().path("ref").asText();
        awaitEnd(host, user.jwt(), ref);
        Delivery delivery = deliveries.poll(20, TimeUnit.SECONDS);
        assertThat(delivery).as("a callback of " + ref).isNotNull();
        assertThat(delivery.id()).isEqualTo(ref);
        return delivery;
    }

    private static void sleepUntil(Instant moment) {
        long millis = Duration.between(Instant.now(), moment).toMillis();
        if (millis > 0) {
            Jobs.sleep(millis);
        }
    }
}
