package org.applecore.plugins.boards.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.applecore.sdk.errors.PluginException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathIdTest {

    @Test
    void readsDigitsAsAnId() {
        assertThat(PathId.parse("boardId", "42")).isEqualTo(42);
        assertThat(PathId.parse("boardId", String.valueOf(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "-1", "+1", "1.0", "1e3", " 1", "0x10", "9223372036854775808", "99999999999999999999"})
    void refusesAnythingButANonNegativeLong(String text) {
        assertThatThrownBy(() -> PathId.parse("boardId", text))
                .isInstanceOfSatisfying(PluginException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("boards.invalid_id");
                    assertThat(e.getMessage()).contains("boardId");
                });
    }
}
