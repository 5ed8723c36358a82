package org.applecore.platform.core.tokenset;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.applecore.platform.core.token.ValueView;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A token set on the wire. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TokenSetView(long id, UUID guid, long ownerId, Long tokenType, String name, long memberCount,
                           Instant createdAt, List<ValueView> values) {

    public static TokenSetView of(TokenSet set, List<ValueView> values) {
        return new TokenSetView(set.id(), set.guid(), set.ownerId(), set.tokenTypeId(), set.name(), set.memberCount(),
                set.createdAt(), values);
    }
}
