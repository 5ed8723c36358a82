package org.applecore.plugins.boards.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.applecore.sdk.errors.ErrorKind;
import org.applecore.sdk.errors.PluginException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageCursorTest {

    @Test
    void decodesWhatItEncodes() {
        PageCursor cursor = new PageCursor("entries.top", 42, 1234567890123L);

        assertThat(PageCursor.decode(cursor.encode(), "entries.top")).isEqualTo(cursor);
    }

    @Test
    void keepsNegativeSortKeysSuchAsTimesBefore1970() {
        PageCursor cursor = new PageCursor("entries.new", -1_500_000L, 7);

        assertThat(PageCursor.decode(cursor.encode(), "entries.new")).isEqualTo(cursor);
    }

    @Test
    void encodesWithoutCharactersThatNeedEscapingInAQueryString() {
        String encoded = new PageCursor("entries.new", Long.MAX_VALUE, Long.MAX_VALUE).encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void refusesACursorIssuedForAnotherOrder() {
        String topCursor = new PageCursor("entries.top", 3, 9).encode();

        assertInvalid(() -> PageCursor.decode(topCursor, "entries.new"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "entries.new:1:2", "%%%"})
    void refusesTextThatIsNotBase64(String text) {
        assertInvalid(() -> PageCursor.decode(text, "entries.new"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"entries.new:1", "entries.new:1:2:3", "entries.new:x:2", "entries.new:1:y",
            "entries.new:1:-2", "entries.new::", "entries.new:99999999999999999999:1"})
    void refusesBase64OfAnythingButOrderKeyAndId(String plain) {
        String encoded = Base64.getUrlEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));

        assertInvalid(() -> PageCursor.decode(encoded, "entries.new"));
    }

    @Test
    void refusesOverlongText() {
        assertInvalid(() -> PageCursor.decode("A".repeat(201), "entries.new"));
    }

    @Test
    void absentOrEmptyParameterMeansTheFirstPage() {
        assertThat(PageCursor.parse(Optional.empty(), "entries.new")).isEmpty();
        assertThat(PageCursor.parse(Optional.of(""), "entries.new")).isEmpty();
    }

    @Test
    void parsesAPresentParameter() {
        PageCursor cursor = new PageCursor("replies.oldest", 10, 11);

        assertThat(PageCursor.parse(Optional.of(cursor.encode()), "replies.oldest")).contains(cursor);
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(PluginException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
                    assertThat(e.code()).isEqualTo("boards.invalid_cursor");
                });
    }
}
