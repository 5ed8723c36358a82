package org.applecore.platform.jobs.callback;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): {@code v1,} + base64 of
 * HMAC-SHA256(key, {@code "<webhook-id>.<webhook-timestamp>.<body>"}), the key being the base64 after
 * {@code whsec_}.
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    public static String sign(String secret, String id, long timestampSeconds, String body) {
        String encoded = secret.startsWith(WebhookSecrets.PREFIX) ? secret.substring(WebhookSecrets.PREFIX.length()) : secret;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(encoded), "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
