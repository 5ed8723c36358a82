package org.applecore.platform.core.user;

import org.applecore.platform.core.access.CoreCaller;

import java.util.List;
import java.util.UUID;

/**
 * {@code GET /core/me}: the caller's identity and what the core makes of them.
 *
 * @param credential how the request was authenticated: {@code core_token} or {@code basic}
 * @param groupIds the groups the caller is effectively a member of, ascending
 */
public record CoreMeView(long id, UUID guid, String username, long tokenTypeId, long personalGroupId,
                         long tokenId, @io.micronaut.core.annotation.Nullable Long personalSetId, boolean fullAdmin, String credential, List<Long> groupIds) {

    /** @param caller the core caller resolved for the same user */
    public static CoreMeView of(CoreUser user, CoreCaller caller, String credential) {
        return new CoreMeView(user.id(), user.guid(), caller.username(), user.tokenTypeId(), user.personalGroupId(),
                user.tokenId(), user.personalSetId(), caller.fullAdmin(), credential, caller.groupIds().stream().sorted().toList());
    }
}
