package org.applecore.platform.core.bounds;

import com.fasterxml.jackson.databind.node.NullNode;
import org.applecore.platform.core.attribute.Attribute;
import org.applecore.platform.core.attribute.ValueType;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class AttributeBoundsTest {

    private static Attribute attribute(long id, List<Long> maps, List<Long> times) {
        return new Attribute(id, UUID.randomUUID(), 1L, null, "a" + id, ValueType.STRING, null, null, null, List.of(),
                null, NullNode.getInstance(), true, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                false, maps, times);
    }

    @Test
    void attributesWithoutBoundsNeedNoQuery() throws Exception {
        // No bounds service and no connection: any query would fail.
        AttributeBounds none = new AttributeBounds(null, Clock.systemUTC());
        AttributeBounds.Applicability applicability = none.of(null, List.of(attribute(1, List.of(), List.of()),
                attribute(2, List.of(), List.of())));
        assertThat(applicability).isSameAs(AttributeBounds.Applicability.NONE);
        assertThat(applicability.needsLocation()).isFalse();
        assertThat(applicability.applies(attribute(1, List.of(), List.of()), null)).isTrue();
        assertThat(AttributeBounds.bounded(attribute(3, List.of(), List.of(4L)))).isTrue();
        assertThat(AttributeBounds.bounded(attribute(3, List.of(5L), List.of()))).isTrue();
    }
}
