package org.applecore.platform.account;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * Slow salted password hashes: PBKDF2 with HMAC-SHA256 from the JDK. The encoding
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (base64) names the algorithm and the work factor, so
 * a hash made with fewer iterations than configured still verifies and is replaced at the next login.
 */
@Singleton
public class PasswordHasher {

    static final String SCHEME = "pbkdf2-sha256";
    private static final String JCA_ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    // Iteration counts read back from the database are bounded so that a corrupt row cannot stall a login.
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder BASE64_DECODER = Base64.getDecoder();

    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    private final String dummyHash;

    public PasswordHasher(@Value("${applecore.accounts.password-hash-iterations:210000}") int iterations) {
        if (iterations < 1000 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("applecore.accounts.password-hash-iterations must be between 1000 and "
                    + MAX_ITERATIONS + ", was " + iterations);
        }
        this.iterations = iterations;
        byte[] unguessable = new byte[32];
        random.nextBytes(unguessable);
        this.dummyHash = hash(BASE64.encodeToString(unguessable));
    }

    /** A new encoded hash of the password, with a fresh random salt and the configured iterations. */
    public String hash(String password) {
        Objects.requireNonNull(password, "password is null");
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, iterations);
        return SCHEME + "$" + iterations + "$" + BASE64.encodeToString(salt) + "$" + BASE64.encodeToString(hash);
    }

    /** Whether the password matches the encoded hash; false for an encoding this class cannot read. */
    public boolean verify(String password, String encoded) {
        Objects.requireNonNull(password, "password is null");
        Objects.requireNonNull(encoded, "encoded is null");
        String[] parts = encoded.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        try {
            int storedIterations = Integer.parseInt(parts[1]);
            if (storedIterations < 1 || storedIterations > MAX_ITERATIONS) {
                return false;
            }
            byte[] salt = BASE64_DECODER.decode(parts[2]);
            byte[] expected = BASE64_DECODER.decode(parts[3]);
            return MessageDigest.isEqual(expected, pbkdf2(password, salt, storedIterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Spends the time of one verification on a hash no password matches, so that a login for an unknown
     * username takes as long as one with a wrong password.
     */
    public void verifyAgainstNothing(String password) {
        verify(Objects.requireNonNull(password, "password is null"), dummyHash);
    }

    /** Whether the hash was made with another scheme or fewer iterations than configured now. */
    public boolean needsRehash(String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return true;
        }
        try {
            return Integer.parseInt(parts[1]) < iterations;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(JCA_ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(JCA_ALGORITHM + " is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
