package org.applecore.plugins.boards.paging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PageTest {

    private static final PageLimit THREE = new PageLimit(3);

    @Test
    void whenMoreRowsThanTheLimitCameBackShowsTheLimitAndPointsAfterTheLastShown() {
        Page<String> page = Page.of(rows(4), THREE);

        assertThat(page.items()).containsExactly("item1", "item2", "item3");
        assertThat(PageCursor.decode(page.nextCursor(), "test")).isEqualTo(new PageCursor("test", 30, 3));
    }

    @Test
    void whenNoMoreRowsThanTheLimitCameBackIsTheLastPage() {
        Page<String> page = Page.of(rows(3), THREE);

        assertThat(page.items()).containsExactly("item1", "item2", "item3");
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void anEmptyListIsOneEmptyLastPage() {
        Page<String> page = Page.of(List.of(), THREE);

        assertThat(page.items()).isEmpty();
        assertThat(page.nextCursor()).isNull();
    }

    private static List<Positioned<String>> rows(int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> new Positioned<>("item" + i, new PageCursor("test", i * 10L, i)))
                .toList();
    }
}
