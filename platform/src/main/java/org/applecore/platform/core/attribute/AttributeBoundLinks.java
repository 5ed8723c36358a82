package org.applecore.platform.core.attribute;

import org.applecore.platform.core.access.CoreCaller;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The map and time bounds put on attributes (implemented by {@code core.bounds}). */
public interface AttributeBoundLinks {

    /**
     * Makes these the attribute's bounds, replacing the previous ones.
     *
     * @throws org.applecore.platform.problem.ApiException 400 {@code core.unknown_map_bound} /
     *         {@code core.unknown_time_bound}, 403 {@code core.bound_not_usable} (someone else's bound)
     */
    void replace(Connection connection, CoreCaller caller, long attributeId, List<Long> mapIds, List<Long> timeIds)
            throws SQLException;

    Links of(Connection connection, long attributeId) throws SQLException;

    /** Bound ids of each kind, ascending. */
    record Links(List<Long> map, List<Long> time) {

        public static final Links NONE = new Links(List.of(), List.of());

        public Links {
            map = List.copyOf(map);
            time = List.copyOf(time);
        }

        public boolean isEmpty() {
            return map.isEmpty() && time.isEmpty();
        }
    }
}
