package org.applecore.platform.core.user;

import java.util.UUID;

/**
 * A core user: every platform account is one, with the same id.
 *
 * @param tokenTypeId the user's own token type, which inherits the system {@code user} type
 * @param personalGroupId the group made with the user, whose members may read the user's private data
 */
public record CoreUser(long id, UUID guid, long tokenTypeId, long personalGroupId) {
}
