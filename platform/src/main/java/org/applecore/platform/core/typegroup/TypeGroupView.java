package org.applecore.platform.core.typegroup;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.applecore.platform.core.token.ValueView;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A type group on the wire. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TypeGroupView(long id, UUID guid, Long ownerId, String name, Instant createdAt, List<TypeGroup.Member> members,
                            List<ValueView> values) {

    static TypeGroupView of(TypeGroup group, List<ValueView> values) {
        return new TypeGroupView(group.id(), group.guid(), group.ownerId(), group.name(), group.createdAt(), group.members(), values);
    }
}
