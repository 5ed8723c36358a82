package org.applecore.platform.core.user;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** The core side of platform accounts. */
public interface CoreUsers {

    /**
     * The core user of an account, made on first use together with the user's token type, personal group
     * (whose token type inherits the system group type and the user's type) and membership of
     * {@code regular_user}. Safe when two transactions ask at once.
     *
     * @throws org.applecore.platform.problem.ApiException 404 {@code core.user_not_found} when no account has that id
     */
    CoreUser ensure(Connection connection, long accountId) throws SQLException;

    Optional<CoreUser> find(Connection connection, long userId) throws SQLException;
}
