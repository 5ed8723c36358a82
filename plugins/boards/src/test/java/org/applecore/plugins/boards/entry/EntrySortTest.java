package org.applecore.plugins.boards.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.applecore.sdk.errors.PluginException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntrySortTest {

    @Test
    void newestFirstUnlessAskedOtherwise() {
        assertThat(EntrySort.parse(Optional.empty())).isEqualTo(EntrySort.NEW);
        assertThat(EntrySort.parse(Optional.of(""))).isEqualTo(EntrySort.NEW);
    }

    @Test
    void readsNewAndTop() {
        assertThat(EntrySort.parse(Optional.of("new"))).isEqualTo(EntrySort.NEW);
        assertThat(EntrySort.parse(Optional.of("top"))).isEqualTo(EntrySort.TOP);
    }

    @Test
    void eachSortIssuesCursorsOfItsOwnOrder() {
        assertThat(EntrySort.NEW.cursorOrder()).isNotEqualTo(EntrySort.TOP.cursorOrder());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hot", "NEW", "Top", "oldest", " new"})
    void refusesAnyOtherSort(String text) {
        assertThatThrownBy(() -> EntrySort.parse(Optional.of(text)))
                .isInstanceOfSatisfying(PluginException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("boards.invalid_sort");
                });
    }
}
