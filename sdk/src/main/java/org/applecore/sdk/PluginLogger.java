package org.applecore.sdk;

/**
 * A logger for one plugin. The host routes it to its own logging, tagged with the plugin's id.
 * Messages use {@code {}} placeholders; a trailing {@link Throwable} argument is logged with its
 * stack trace. Never log secrets: the host's logs are read by operators.
 */
public interface PluginLogger {

    void debug(String message, Object... arguments);

    void info(String message, Object... arguments);

    void warn(String message, Object... arguments);

    void error(String message, Object... arguments);
}
