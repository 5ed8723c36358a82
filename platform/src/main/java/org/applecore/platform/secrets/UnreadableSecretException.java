package org.applecore.platform.secrets;

/**
 * A stored secret that this host cannot decrypt: it was encrypted with another key (the configured
 * {@code APPLECORE_SECRETS_KEY} changed or differs between hosts), for another row, or altered. The message
 * never contains the secret.
 */
public class UnreadableSecretException extends RuntimeException {

    public UnreadableSecretException(String message) {
        super(message);
    }
}
