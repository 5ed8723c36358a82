package org.applecore.platform.core.token;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.UUID;

/**
 * A token on the wire.
 *
 * @param sets the sets holding the token that the caller may see (own sets; every set for full admins), at
 *     most {@link Tokens#SETS_SHOWN}
 * @param values the effective values (the default where none was stored) the caller may read
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TokenView(long id, UUID guid, long tokenType, long ownerId, List<Long> sets, List<ValueView> values) {
}
