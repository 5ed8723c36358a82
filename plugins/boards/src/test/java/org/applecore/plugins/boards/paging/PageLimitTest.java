package org.applecore.plugins.boards.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.applecore.sdk.errors.PluginException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageLimitTest {

    @Test
    void defaultsToTwentyWhenAbsentOrEmpty() {
        assertThat(PageLimit.parse(Optional.empty()).value()).isEqualTo(20);
        assertThat(PageLimit.parse(Optional.of("")).value()).isEqualTo(20);
    }

    @Test
    void acceptsTheBoundsOfItsRange() {
        assertThat(PageLimit.parse(Optional.of("1")).value()).isEqualTo(1);
        assertThat(PageLimit.parse(Optional.of("100")).value()).isEqualTo(100);
    }

    @Test
    void fetchesOneRowMoreThanItShowsToDetectANextPage() {
        assertThat(PageLimit.parse(Optional.of("5")).rowsToFetch()).isEqualTo(6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "101", "abc", "2.5", "99999999999"})
    void refusesAnythingButAWholeNumberFromOneToAHundred(String text) {
        assertThatThrownBy(() -> PageLimit.parse(Optional.of(text)))
                .isInstanceOfSatisfying(PluginException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("boards.invalid_limit");
                });
    }
}
