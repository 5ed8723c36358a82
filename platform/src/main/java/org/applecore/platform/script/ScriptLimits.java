package org.applecore.platform.script;

import java.time.Duration;
import java.util.Objects;

/**
 * What one script run may use ({@code applecore.scripts.*}). The community edition of GraalVM has no
 * per-script heap cap, so memory is bounded indirectly: by what a script is given (input), what it may
 * hand back (output), how many statements it may execute and how long it may run.
 *
 * @param statementLimit JavaScript statements one run may execute
 * @param timeout wall-clock time one run may take; a watchdog closes the context when it passes
 * @param maxInputChars the largest JSON input a script is given, in characters
 * @param maxOutputChars the largest JSON result a script may return, in characters
 * @param maxSourceChars the largest script source accepted
 * @param maxStringChars the longest string (and the largest buffer) one builtin call may make
 * @param maxArrayLength the longest array builtins accept and make
 * @param threads how many scripts run at once (platform threads: Truffle does not run on virtual threads)
 * @param queueCapacity how many runs may wait for a thread before new runs are refused as busy
 */
public record ScriptLimits(long statementLimit, Duration timeout, int maxInputChars, int maxOutputChars,
                           int maxSourceChars, int maxStringChars, int maxArrayLength, int threads, int queueCapacity) {

    public ScriptLimits {
        Objects.requireNonNull(timeout, "timeout is null");
        if (statementLimit < 1 || timeout.isNegative() || timeout.isZero() || maxInputChars < 2 || maxOutputChars < 2
                || maxSourceChars < 1 || maxStringChars < 1 || maxArrayLength < 1 || threads < 1 || queueCapacity < 0) {
            throw new IllegalArgumentException("invalid script limits: " + statementLimit + ", " + timeout + ", "
                    + maxInputChars + ", " + maxOutputChars + ", " + maxSourceChars + ", " + threads + ", " + queueCapacity);
        }
    }

    /** The defaults of {@code application.yml}. */
    public static ScriptLimits defaults() {
        return new ScriptLimits(1_000_000, Duration.ofSeconds(2), 1 << 20, 256 * 1024, 100_000, 16 << 20, 1_000_000,
                Math.max(2, Runtime.getRuntime().availableProcessors()), 1_000);
    }
}
