package org.applecore.platform.core.permission;

import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.permission.AttributePermissions.TokenRef;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Seed 003, "User": "Anyone added to the user group will be able to read the user's private data. An admin on
 * the user's group will be able to also write all private and public data." On a user's own token (the one
 * {@code core.core_user.token_id} names), these rules come on top of the attribute permissions.
 */
public interface UserTokenAccess {

    /** No token is a user's token: nothing beyond the attribute permissions. */
    UserTokenAccess NONE = new UserTokenAccess() {
        @Override
        public boolean readsEverything(Connection connection, CoreCaller caller, TokenRef token) {
            return false;
        }

        @Override
        public boolean writesEverything(Connection connection, CoreCaller caller, TokenRef token) {
            return false;
        }
    };

    /** Whether the token is a user's own token and the caller an effective member of that user's personal group. */
    boolean readsEverything(Connection connection, CoreCaller caller, TokenRef token) throws SQLException;

    /** Whether the token is a user's own token and the caller an effective admin of that user's personal group. */
    boolean writesEverything(Connection connection, CoreCaller caller, TokenRef token) throws SQLException;
}
