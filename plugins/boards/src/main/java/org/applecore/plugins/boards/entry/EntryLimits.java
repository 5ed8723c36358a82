package org.applecore.plugins.boards.entry;

import static java.util.Objects.requireNonNull;

import org.applecore.sdk.config.PluginConfig;

/**
 * Operator-set bounds on entry content.
 *
 * @param maxBodyChars the longest body, in characters (code points); setting {@code max-body-chars}
 * @param maxAttachments the most media per entry, 0 for none; setting {@code max-attachments}
 */
public record EntryLimits(int maxBodyChars, int maxAttachments) {

    public static final int DEFAULT_MAX_BODY_CHARS = 20_000;
    public static final int DEFAULT_MAX_ATTACHMENTS = 10;

    public EntryLimits {
        if (maxBodyChars < 1) {
            throw new IllegalArgumentException("max-body-chars must be at least 1: " + maxBodyChars);
        }
        if (maxAttachments < 0) {
            throw new IllegalArgumentException("max-attachments must not be negative: " + maxAttachments);
        }
    }

    /** @throws IllegalArgumentException when a setting is not a number in range, which fails the plugin's start */
    public static EntryLimits fromConfig(PluginConfig config) {
        requireNonNull(config, "config is null");
        return new EntryLimits(
                config.getInt("max-body-chars", DEFAULT_MAX_BODY_CHARS),
                config.getInt("max-attachments", DEFAULT_MAX_ATTACHMENTS));
    }
}
