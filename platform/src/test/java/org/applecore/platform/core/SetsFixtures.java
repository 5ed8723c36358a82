package org.applecore.platform.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.setop.SetOperation;
import org.applecore.platform.core.setop.SetOperationResult;
import org.applecore.platform.core.setop.SetOperations;
import org.applecore.platform.core.token.TokenView;
import org.applecore.platform.core.token.Tokens;
import org.applecore.platform.core.tokenset.TokenSets;
import org.applecore.platform.core.typegroup.TypeGroup;
import org.applecore.platform.core.typegroup.TypeGroups;
import org.applecore.platform.database.Database;
import org.applecore.platform.testing.TestHost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tokens, sets and type groups for core set tests, made through the services under test (not the REST
 * layer) with callers built by hand, on a {@link TestHost}'s database.
 */
public final class SetsFixtures {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final ModelFixtures model;
    private final Database database;
    private final Tokens tokens;
    private final TokenSets sets;
    private final TypeGroups typeGroups;
    private final SetOperations operations;

    public SetsFixtures(TestHost host) {
        this.model = new ModelFixtures(host);
        this.database = host.context().getBean(Database.class);
        this.tokens = host.context().getBean(Tokens.class);
        this.sets = host.context().getBean(TokenSets.class);
        this.typeGroups = host.context().getBean(TypeGroups.class);
        this.operations = host.context().getBean(SetOperations.class);
    }

    public ModelFixtures model() {
        return model;
    }

    public Database database() {
        return database;
    }

    /** A core user and an ordinary caller for it. */
    public CoreCaller user(String name) {
        return new CoreCaller(model.coreUser(name), name, false, Set.of());
    }

    public CoreCaller admin(String name) {
        return new CoreCaller(model.coreUser(name), name, true, Set.of(model.systemGroup("full_admin_user")));
    }

    public long set(CoreCaller caller) {
        return database.inTransaction(c -> sets.create(c, caller, null, null, Map.of()).id());
    }

    public long typeWith(CoreCaller owner, String name, long... attributes) {
        List<Long> ids = new ArrayList<>();
        for (long a : attributes) {
            ids.add(a);
        }
        return model.tokenType(owner.userId(), name, List.of(), ids);
    }

    public long subtype(CoreCaller owner, String name, long parent) {
        return model.tokenType(owner.userId(), name, List.of(parent), List.of());
    }

    public long token(CoreCaller caller, long type, long set) {
        return token(caller, type, set, Map.of());
    }

    public long token(CoreCaller caller, long type, long set, Map<Long, Object> values) {
        return create(caller, type, set, values).id();
    }

    public TokenView create(CoreCaller caller, long type, long set, Map<Long, Object> values) {
        Map<Long, JsonNode> json = new LinkedHashMap<>();
        values.forEach((k, v) -> json.put(k, JSON.valueToTree(v)));
        return database.inTransaction(c -> tokens.create(c, caller, type, set, null, json));
    }

    public List<Long> tokens(CoreCaller caller, long type, long set, int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(token(caller, type, set));
        }
        return ids;
    }

    public long typeGroup(CoreCaller caller, List<TypeGroup.Member> members, Map<Long, Object> values) {
        Map<Long, JsonNode> json = new LinkedHashMap<>();
        values.forEach((k, v) -> json.put(k, JSON.valueToTree(v)));
        return database.inTransaction(c -> typeGroups.create(c, caller, "tg", members, json).id());
    }

    public void setValue(CoreCaller caller, long setId, long attribute, Object value) {
        database.inTransaction(c -> {
            sets.writeValues(c, caller, sets.requireVisible(c, caller, setId), Map.of(attribute, JSON.valueToTree(value)));
            return null;
        });
    }

    /** Runs a set operation given as a JSON body (as the REST layer would). */
    public SetOperationResult op(CoreCaller caller, String body) {
        try {
            return operations.runInTransaction(database, caller, SetOperation.parse(JSON.readTree(body)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The members of a set, ascending. */
    public List<Long> members(long setId) {
        return database.inTransaction(c -> {
            List<Long> ids = new ArrayList<>();
            try (var s = c.prepareStatement("SELECT token_id FROM core.token_set_member WHERE set_id = ? ORDER BY token_id")) {
                s.setLong(1, setId);
                try (var rows = s.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                    }
                }
            }
            return ids;
        });
    }

    public long memberCount(long setId) {
        return model.count("SELECT member_count FROM core.token_set WHERE id = ?", setId);
    }

    public long count(String sql, Object... parameters) {
        return model.count(sql, parameters);
    }

    /** The stored value of a token's attribute as JSON text, or null without a row. */
    public String storedValue(long tokenId, long attributeId) {
        return database.inTransaction(c -> {
            try (var s = c.prepareStatement("SELECT value::text FROM core.token_value WHERE token_id = ? AND attribute_id = ?")) {
                s.setLong(1, tokenId);
                s.setLong(2, attributeId);
                try (var rows = s.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        });
    }
}
