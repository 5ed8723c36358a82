package org.applecore.platform.core.permission;

import jakarta.inject.Singleton;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.group.GroupMemberships;
import org.applecore.platform.core.permission.AttributePermissions.TokenRef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link UserTokenAccess} by the personal group: members read every value of the user's token, admins write
 * every value. Membership is the caller's effective group ids (read); admins are looked up (write).
 */
@Singleton
public class PersonalGroupUserTokenAccess implements UserTokenAccess {

    private static final int MAX_CACHED_TOKENS = 100_000;

    private final GroupMemberships memberships;
    /**
     * Token id to the personal group of the user whose own token it is, or 0 when it is no user's token. Safe
     * to cache: a user's token is recorded in the transaction that makes it (so no other transaction sees the
     * token without the record), token ids are never reused, and a user's personal group never changes.
     */
    private final Map<Long, Long> personalGroups = new ConcurrentHashMap<>();

    PersonalGroupUserTokenAccess(GroupMemberships memberships) {
        this.memberships = memberships;
    }

    @Override
    public boolean readsEverything(Connection connection, CoreCaller caller, TokenRef token) throws SQLException {
        long group = personalGroup(connection, token.id());
        return group != 0 && caller.groupIds().contains(group);
    }

    @Override
    public boolean writesEverything(Connection connection, CoreCaller caller, TokenRef token) throws SQLException {
        long group = personalGroup(connection, token.id());
        return group != 0 && memberships.isAdmin(connection, group, caller.userId());
    }

    private long personalGroup(Connection connection, long tokenId) throws SQLException {
        Long known = personalGroups.get(tokenId);
        if (known != null) {
            return known;
        }
        long group = 0;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT personal_group_id FROM core.core_user WHERE token_id = ?")) {
            select.setLong(1, tokenId);
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    group = row.getLong(1);
                }
            }
        }
        if (personalGroups.size() >= MAX_CACHED_TOKENS) {
            personalGroups.clear();
        }
        personalGroups.put(tokenId, group);
        return group;
    }
}
