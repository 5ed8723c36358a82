package org.applecore.platform.core.attribute;

import org.applecore.platform.problem.ApiException;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * User-supplied regular expressions, made safe to run: the pattern's length is bounded, and a match that
 * backtracks for too long (a "catastrophic" pattern such as {@code (a+)+$}) is stopped and refused rather
 * than holding a request thread.
 */
public final class BoundedRegex {

    public static final int MAX_PATTERN_LENGTH = 500;
    /** How many character reads a single match may take before it is refused. */
    static final long MAX_STEPS = 5_000_000;

    private BoundedRegex() {
    }

    /** @throws ApiException 400 {@code core.invalid_regex} when too long or not a valid Java regex */
    public static Pattern compile(String regex) {
        if (regex.length() > MAX_PATTERN_LENGTH) {
            throw ApiException.badRequest("core.invalid_regex",
                    "regex is longer than " + MAX_PATTERN_LENGTH + " characters.");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw ApiException.badRequest("core.invalid_regex",
                    "regex is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex() + ".");
        }
    }

    /**
     * Whether the whole input matches.
     *
     * @throws TooSlow when the match takes too many steps
     */
    public static boolean matches(Pattern pattern, String input) {
        return pattern.matcher(new CountingSequence(input, new long[] {0})).matches();
    }

    static final class TooSlow extends RuntimeException {
        TooSlow() {
            super("regular expression match took too long", null, false, false);
        }
    }

    /** Counts every character read; the regex engine reads through this, so a runaway match ends here. */
    private record CountingSequence(String text, long[] steps) implements CharSequence {

        @Override
        public char charAt(int index) {
            if (++steps[0] > MAX_STEPS) {
                throw new TooSlow();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new CountingSequence(text.substring(start, end), steps);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
