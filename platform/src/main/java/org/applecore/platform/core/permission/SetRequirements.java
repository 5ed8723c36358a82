package org.applecore.platform.core.permission;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Whether, in at least one token set that holds the token, every required attribute is present: some
 * token of that set (not necessarily this one) has the attribute with a non-null value.
 */
public interface SetRequirements {

    boolean satisfied(Connection connection, long tokenId, List<Long> requiredAttributeIds) throws SQLException;
}
