package org.applecore.platform.core.bounds;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.attribute.AttributeBoundLinks;
import org.applecore.platform.core.attribute.JsonRequest;
import org.applecore.platform.core.group.GroupBoundsCheck;
import org.applecore.platform.core.group.GroupMemberships;
import org.applecore.platform.problem.ApiException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bounds on inherited user groups (seed 003: "group membership can be restricted to a boundary"): a bounded
 * group's membership is in effect only while its time bounds hold (any of them) and the caller is inside its
 * map bounds (any of them, judged by the location the caller sends in {@code X-Applecore-Location}); groups
 * inheriting from a bounded group are bounded by it too. Permissions by group follow, since callers carry
 * only the groups in effect.
 */
@Singleton
public class GroupBounds implements GroupBoundsCheck {

    private static final Set<String> FIELDS = Set.of("map", "time");

    private final BoundsService bounds;
    private final GroupMemberships memberships;

    public GroupBounds(BoundsService bounds, GroupMemberships memberships) {
        this.bounds = bounds;
        this.memberships = memberships;
    }

    @Override
    public Set<Long> inEffect(Connection connection, Set<Long> groupIds, Double lon, Double lat, Instant at)
            throws SQLException {
        if (groupIds.isEmpty()) {
            return groupIds;
        }
        // Each group with each of its ancestors (itself included) that has bounds.
        Map<Long, List<Long>> boundedAncestors = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                WITH RECURSIVE chain (group_id, ancestor_id) AS (
                    SELECT id, id FROM core.user_group WHERE id = ANY (?)
                    UNION
                    SELECT c.group_id, g.parent_group_id FROM chain c JOIN core.user_group g ON g.id = c.ancestor_id
                    WHERE g.parent_group_id IS NOT NULL
                )
                SELECT c.group_id, c.ancestor_id FROM chain c WHERE EXISTS (SELECT 1 FROM core.user_group_map_bound m
                    WHERE m.group_id = c.ancestor_id) OR EXISTS (SELECT 1 FROM core.user_group_time_bound t
                    WHERE t.group_id = c.ancestor_id)""")) {
            statement.setArray(1, connection.createArrayOf("bigint", groupIds.toArray()));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    boundedAncestors.computeIfAbsent(row.getLong(1), g -> new ArrayList<>()).add(row.getLong(2));
                }
            }
        }
        if (boundedAncestors.isEmpty()) {
            return groupIds;
        }
        BoundsService.Location location = lon == null || lat == null ? null : new BoundsService.Location(lon, lat);
        Map<Long, Boolean> holds = new HashMap<>();
        Set<Long> inEffect = new HashSet<>();
        for (Long group : groupIds) {
            boolean active = true;
            for (Long ancestor : boundedAncestors.getOrDefault(group, List.of())) {
                Boolean judged = holds.get(ancestor);
                if (judged == null) {
                    judged = judgement(connection, ancestor).holds(bounds.prepared(), location, at);
                    holds.put(ancestor, judged);
                }
                active &= judged;
            }
            if (active) {
                inEffect.add(group);
            }
        }
        return inEffect;
    }

    /** The group's bounds; the caller must be an admin of the group. */
    public AttributeBoundLinks.Links get(Connection connection, CoreCaller caller, long groupId) throws SQLException {
        requireAdmin(connection, caller, groupId);
        return new AttributeBoundLinks.Links(ids(connection, "core.user_group_map_bound", groupId),
                ids(connection, "core.user_group_time_bound", groupId));
    }

    /**
     * Replaces an inherited group's bounds ({@code {"map": [ids], "time": [ids]}}); the caller must be an admin of
     * the group and may use only their own bounds (full admins: any).
     */
    public AttributeBoundLinks.Links replace(Connection connection, CoreCaller caller, long groupId, JsonNode body)
            throws SQLException {
        JsonRequest.object(body, "The body");
        JsonRequest.allowOnly(body, FIELDS, "Group bounds");
        requireAdmin(connection, caller, groupId);
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT parent_group_id FROM core.user_group WHERE id = ? FOR UPDATE")) {
            statement.setLong(1, groupId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                row.getLong(1);
                if (row.wasNull()) {
                    throw ApiException.conflict("core.group_not_inherited", "Only inherited groups (with a parent group) "
                            + "take bounds: the parent keeps the unrestricted membership.");
                }
            }
        }
        List<Long> map = JsonRequest.ids(body, "map");
        List<Long> time = JsonRequest.ids(body, "time");
        bounds.checkUsable(connection, caller, "map", map);
        bounds.checkUsable(connection, caller, "time", time);
        BoundsService.relink(connection, "core.user_group_map_bound", "group_id", groupId, map);
        BoundsService.relink(connection, "core.user_group_time_bound", "group_id", groupId, time);
        return get(connection, caller, groupId);
    }

    private BoundsService.Judgement judgement(Connection connection, long groupId) throws SQLException {
        List<MapBound> maps = new ArrayList<>();
        for (Long id : ids(connection, "core.user_group_map_bound", groupId)) {
            maps.add(bounds.requireMap(connection, id));
        }
        List<TimeBound> times = new ArrayList<>();
        for (Long id : ids(connection, "core.user_group_time_bound", groupId)) {
            times.add(bounds.requireTime(connection, id));
        }
        return new BoundsService.Judgement(maps, times);
    }

    private void requireAdmin(Connection connection, CoreCaller caller, long groupId) throws SQLException {
        boolean exists;
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM core.user_group WHERE id = ?")) {
            statement.setLong(1, groupId);
            try (ResultSet row = statement.executeQuery()) {
                exists = row.next();
            }
        }
        if (!exists || (!caller.fullAdmin() && !memberships.isMember(connection, groupId, caller.userId()))) {
            throw ApiException.notFound("core.group_not_found", "Group " + groupId + " does not exist.");
        }
        if (!caller.fullAdmin() && !memberships.isAdmin(connection, groupId, caller.userId())) {
            throw ApiException.forbidden("core.not_group_admin", "Only admins of group " + groupId + " change its bounds.");
        }
    }

    private static List<Long> ids(Connection connection, String table, long groupId) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT bound_id FROM " + table
                + " WHERE group_id = ? ORDER BY bound_id")) {
            statement.setLong(1, groupId);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    ids.add(row.getLong(1));
                }
            }
        }
        return ids;
    }
}
