package org.applecore.platform.core.group;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;

/**
 * Which of a user's groups are in effect where and when they call: a group with bounds counts only while its
 * bounds hold, and so do the groups inheriting from it (implemented by {@code core.bounds}).
 */
public interface GroupBoundsCheck {

    /**
     * @param lon the caller's longitude, or null when unknown (map-bounded groups are then not in effect)
     * @param lat the caller's latitude, or null
     * @return the groups among {@code groupIds} that are in effect
     */
    Set<Long> inEffect(Connection connection, Set<Long> groupIds, Double lon, Double lat, Instant at) throws SQLException;
}
