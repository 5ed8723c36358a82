package org.applecore.platform.core.access;

import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import org.applecore.platform.account.RoleCatalog;
import org.applecore.platform.core.group.GroupBoundsCheck;
import org.applecore.platform.core.group.GroupMemberships;
import org.applecore.platform.core.user.CoreUsers;
import org.applecore.platform.core.user.SystemItems;
import org.applecore.platform.database.Database;
import org.applecore.platform.problem.ApiException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Resolves callers from the core's own credentials and the database. {@link #fromRequest} runs in a short
 * transaction of its own (it has no caller's connection); it makes the core user on the first call.
 */
@Singleton
public class SqlCoreCallers implements CoreCallers {

    public static final String LOCATION_HEADER = "X-Applecore-Location";

    private final Database database;
    private final CoreUsers coreUsers;
    private final GroupMemberships memberships;
    private final SystemItems systemItems;
    private final GroupBoundsCheck groupBounds;

    SqlCoreCallers(Database database, CoreUsers coreUsers, GroupMemberships memberships, SystemItems systemItems,
                   GroupBoundsCheck groupBounds) {
        this.groupBounds = groupBounds;
        this.database = database;
        this.coreUsers = coreUsers;
        this.memberships = memberships;
        this.systemItems = systemItems;
    }

    @Override
    public CoreCaller fromRequest(Authentication authentication) {
        if (authentication == null
                || !(authentication.getAttributes().get(CoreCredentials.CREDENTIAL) instanceof String credential)
                || !(credential.equals(CoreCredentials.CORE_TOKEN) || credential.equals(CoreCredentials.BASIC))
                || !(authentication.getAttributes().get(CoreCredentials.CORE_USER_ID) instanceof Number userId)) {
            throw new ApiException(401, "core.credentials_required",
                    "The core API takes a core bearer token (Bearer ac_...) or HTTP Basic of a core-service account.");
        }
        long id = userId.longValue();
        double[] location = requestLocation();
        return database.inTransaction(connection -> {
            coreUsers.ensure(connection, id);
            return caller(connection, id, authentication.getName(), authentication.getRoles(), location);
        });
    }

    @Override
    public CoreCaller forUser(Connection connection, long userId) throws SQLException {
        Objects.requireNonNull(connection, "connection is null");
        coreUsers.ensure(connection, userId);
        String username;
        Set<String> roles = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT a.username, r.role FROM platform.account a
                LEFT JOIN platform.account_role r ON r.account_id = a.id WHERE a.id = ?""")) {
            select.setLong(1, userId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw ApiException.notFound("core.user_not_found", "No user with id " + userId + ".");
                }
                username = rows.getString("username");
                do {
                    if (rows.getString("role") != null) {
                        roles.add(rows.getString("role"));
                    }
                } while (rows.next());
            }
        }
        return caller(connection, userId, username, roles, null);
    }

    @Override
    public CoreCaller forAccount(Connection connection, long userId, String username, Collection<String> roles)
            throws SQLException {
        Objects.requireNonNull(connection, "connection is null");
        return caller(connection, userId, username, roles, null);
    }

    /**
     * Where the caller is, as the calling service says in {@code X-Applecore-Location: <lat>,<lon>}; null when
     * absent or malformed. Groups bounded to an area count only with a location inside it.
     */
    private static double[] requestLocation() {
        String header = ServerRequestContext.currentRequest().map(r -> r.getHeaders().get(LOCATION_HEADER)).orElse(null);
        if (header == null) {
            return null;
        }
        String[] parts = header.split(",");
        try {
            double lat = Double.parseDouble(parts[0].strip());
            double lon = Double.parseDouble(parts[1].strip());
            return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? new double[] {lon, lat} : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private CoreCaller caller(Connection connection, long userId, String username, Collection<String> roles,
                              double[] location) throws SQLException {
        Set<Long> groups = groupBounds.inEffect(connection, memberships.effectiveGroupIds(connection, userId),
                location == null ? null : location[0], location == null ? null : location[1], Instant.now());
        boolean fullAdmin = roles.contains(RoleCatalog.ADMIN)
                || groups.contains(systemItems.ids(connection).fullAdminGroupId());
        return new CoreCaller(userId, username, fullAdmin, groups);
    }
}
