package org.applecore.platform.core.user;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** The core side of platform accounts. */
public interface CoreUsers {

    /**
     * The core user of an account, made on first use together with the user's token type, personal group
     * (whose token type inherits the system group type and the user's type), membership of
     * {@code regular_user}, a personal token set ("&lt;username&gt;'s tokens") and in it the user's own token
     * and the personal group's token. Safe when two transactions ask at once.
     *
     * @throws org.applecore.platform.problem.ApiException 404 {@code core.user_not_found} when no account has that id
     */
    CoreUser ensure(Connection connection, long accountId) throws SQLException;

    Optional<CoreUser> find(Connection connection, long userId) throws SQLException;

    /**
     * The user's personal token set; when the user deleted it, a new one is made and recorded (the user's row
     * is locked, so two transactions make one).
     */
    long personalSet(Connection connection, long userId) throws SQLException;

    /** Makes a group's token (type: the group's token type, owner: the group's owner) in the owner's personal set. */
    long createGroupToken(Connection connection, long groupId, long typeId, long ownerId) throws SQLException;
}
