package org.applecore.platform.core.user;

import java.util.UUID;

/** A user's public identity in the core, which any core caller may see. */
public record CoreUserView(long id, UUID guid, long tokenTypeId, long personalGroupId, long tokenId) {

    public static CoreUserView of(CoreUser user) {
        return new CoreUserView(user.id(), user.guid(), user.tokenTypeId(), user.personalGroupId(), user.tokenId());
    }
}
