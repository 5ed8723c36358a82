package org.applecore.platform.secrets;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import org.applecore.platform.database.Database;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * Encrypts the secrets the platform has to read back (such as webhook signing secrets) before they are stored:
 * AES-256-GCM with a random 96-bit nonce per value, and associated data naming where the value belongs, so that
 * a value copied into another row does not decrypt. A stored value is a format byte ({@value #FORMAT}), the
 * nonce, then the ciphertext with its 128-bit tag.
 *
 * <p>The key is {@code APPLECORE_SECRETS_KEY} (property {@code applecore.secrets.key}, the base64 of 32 bytes)
 * when set; otherwise 32 random bytes generated on first use and kept in {@code platform.signing_key}, shared by
 * every host on the database like the generated JWT signing secret. Created with the context so that a malformed
 * configured key stops the start. Neither the key nor a plaintext is ever logged or put in an exception.
 */
@Context
public class SecretEncryption {

    static final String KEY_NAME = "secrets-aes256-gcm";
    static final int KEY_BYTES = 32;
    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final byte[] configured;
    private final GeneratedKey generated;
    private final SecureRandom random = new SecureRandom();

    SecretEncryption(Database database, @Value("${applecore.secrets.key:}") String configured) {
        this.generated = new GeneratedKey(database, KEY_NAME, KEY_BYTES);
        this.configured = configured.isBlank() ? null : decodeKey(configured);
    }

    private static byte[] decodeKey(String configured) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(configured.strip());
        } catch (IllegalArgumentException e) {
            key = null;
        }
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalStateException("APPLECORE_SECRETS_KEY must be the base64 of exactly " + KEY_BYTES
                    + " bytes (for example the output of 'openssl rand -base64 32'); unset it to let the platform generate one");
        }
        return key;
    }

    /**
     * @param associatedData where the value belongs (such as {@code webhook_secret:17}); the same must be given to
     *     {@link #decrypt}
     */
    public byte[] encrypt(String plaintext, String associatedData) {
        Objects.requireNonNull(plaintext, "plaintext is null");
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, associatedData);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(FORMAT).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /**
     * @throws UnreadableSecretException when the value was encrypted with another key or for another place, or
     *     was altered
     */
    public String decrypt(byte[] stored, String associatedData) {
        Objects.requireNonNull(stored, "stored is null");
        if (stored.length < 1 + NONCE_BYTES + TAG_BITS / 8 || stored[0] != FORMAT) {
            throw new UnreadableSecretException("The stored secret is not in a format this host reads.");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOfRange(stored, 1, 1 + NONCE_BYTES), associatedData);
            byte[] plain = cipher.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new UnreadableSecretException("The stored secret does not decrypt with this host's secrets key "
                    + "(APPLECORE_SECRETS_KEY changed, or the value was altered).");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String associatedData) throws GeneralSecurityException {
        Objects.requireNonNull(associatedData, "associatedData is null");
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private byte[] key() {
        return configured != null ? configured : generated.bytes();
    }
}
