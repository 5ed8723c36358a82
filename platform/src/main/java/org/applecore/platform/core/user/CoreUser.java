package org.applecore.platform.core.user;

import java.util.UUID;

/**
 * A core user: every platform account is one, with the same id.
 *
 * @param tokenTypeId the user's own token type, which inherits the system {@code user} type
 * @param personalGroupId the group made with the user, whose members may read the user's private data
 * @param tokenId the user's own token (type: the user's token type, owner: the user), which holds their data
 * @param personalSetId the user's personal token set (their token and their groups' tokens); null once deleted
 */
public record CoreUser(long id, UUID guid, long tokenTypeId, long personalGroupId, long tokenId, Long personalSetId) {
}
