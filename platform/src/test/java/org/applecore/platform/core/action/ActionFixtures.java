package org.applecore.platform.core.action;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.lifecycle.LifecycleEvent;
import org.applecore.platform.core.lifecycle.LifecycleHooks;
import org.applecore.platform.core.lifecycle.TokenLifecycle;
import org.applecore.platform.database.Database;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens, sets and type groups written straight into a {@link TestHost}'s database, and operations that fire
 * the core's {@link LifecycleHooks} in their transaction as the token and set services do.
 */
final class ActionFixtures {

    private final TestHost host;
    private final Database database;
    private final LifecycleHooks hooks;

    ActionFixtures(TestHost host) {
        this.host = host;
        this.database = host.context().getBean(Database.class);
        this.hooks = host.context().getBean(LifecycleHooks.class);
    }

    Database database() {
        return database;
    }

    static JsonNode created(TestResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    static long attribute(CoreClient owner, String name, String valueType, Object defaultValue) {
        Map<String, Object> value = defaultValue == null ? Map.of("value_type", valueType)
                : Map.of("value_type", valueType, "default", defaultValue);
        return created(owner.post("/core/attributes", Map.of("name", name, "value", value))).path("id").asLong();
    }

    static long type(CoreClient owner, String name, List<Long> attributes, List<Long> parents) {
        return created(owner.post("/core/token-types", Map.of("name", name, "attributes", attributes, "parents", parents)))
                .path("id").asLong();
    }

    static long systemAttribute(CoreClient client, String name) {
        for (JsonNode item : client.get("/core/attributes?owner=system&limit=500").json().path("items")) {
            if (item.path("name").asText().equals(name)) {
                return item.path("id").asLong();
            }
        }
        throw new AssertionError("no system attribute " + name);
    }

    static CoreCaller caller(CoreClient client) {
        return new CoreCaller(client.userId(), client.username(), false, Set.of());
    }

    long set(long ownerId) {
        return database.inTransaction(c -> queryLong(c, "INSERT INTO core.token_set (owner_id) VALUES (?) RETURNING id", ownerId));
    }

    /** Tokens put straight into a set, firing nothing (setting the scene). */
    List<Long> tokens(long typeId, long ownerId, long setId, int count) {
        return database.inTransaction(c -> {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ids.add(insertToken(c, typeId, ownerId, setId, null));
            }
            return ids;
        });
    }

    long typeGroup(long typeId, Long minimum) {
        return database.inTransaction(c -> {
            long group = queryLong(c, "INSERT INTO core.type_group (name) VALUES ('charge') RETURNING id");
            try (PreparedStatement statement = c.prepareStatement(
                    "INSERT INTO core.type_group_member (group_id, type_id, minimum_needed) VALUES (?, ?, ?)")) {
                statement.setLong(1, group);
                statement.setLong(2, typeId);
                statement.setObject(3, minimum);
                statement.executeUpdate();
            }
            return group;
        });
    }

    /** Creates a token in a set as the token service does: insert, then fire {@code creation} in the same transaction. */
    long create(CoreClient creator, long typeId, long setId, Map<Long, String> values) {
        return database.inTransaction(c -> {
            long id = insertToken(c, typeId, creator.userId(), setId, values);
            hooks.fire(c, new LifecycleEvent(TokenLifecycle.CREATION, caller(creator), List.of(id), setId, "create"));
            return id;
        });
    }

    /** Fires a lifecycle event for existing tokens in one transaction. */
    void fire(CoreClient caller, TokenLifecycle lifecycle, List<Long> tokenIds, Long setId) {
        database.inTransaction(c -> {
            hooks.fire(c, new LifecycleEvent(lifecycle, caller(caller), tokenIds, setId, lifecycle.name().toLowerCase()));
            return null;
        });
    }

    long count(String sql, Object... parameters) {
        return database.inTransaction(c -> queryLong(c, sql, parameters));
    }

    String text(String sql, Object... parameters) {
        return database.inTransaction(c -> {
            try (PreparedStatement statement = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? row.getString(1) : null;
                }
            }
        });
    }

    private static long insertToken(Connection c, long typeId, long ownerId, long setId, Map<Long, String> values)
            throws SQLException {
        long id = queryLong(c, "INSERT INTO core.token (type_id, owner_id) VALUES (?, ?) RETURNING id", typeId, ownerId);
        queryLong(c, "WITH m AS (INSERT INTO core.token_set_member (set_id, token_id) VALUES (?, ?) RETURNING 1) "
                + "UPDATE core.token_set SET member_count = member_count + 1 WHERE id = ? RETURNING id", setId, id, setId);
        if (values != null) {
            for (Map.Entry<Long, String> value : values.entrySet()) {
                queryLong(c, "INSERT INTO core.token_value (token_id, attribute_id, value) VALUES (?, ?, ?::jsonb) "
                        + "RETURNING token_id", id, value.getKey(), value.getValue());
            }
        }
        return id;
    }

    static long queryLong(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
