package org.applecore.platform.core.group;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/** Effective membership of user groups, inherited groups included (their additions and exclusions applied). */
public interface GroupMemberships {

    Set<Long> effectiveGroupIds(Connection connection, long userId) throws SQLException;

    boolean isMember(Connection connection, long groupId, long userId) throws SQLException;

    boolean isAdmin(Connection connection, long groupId, long userId) throws SQLException;
}
