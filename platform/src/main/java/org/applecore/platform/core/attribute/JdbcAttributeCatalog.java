package org.applecore.platform.core.attribute;

import jakarta.inject.Singleton;
import org.applecore.platform.problem.ApiException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads definitions straight from {@code core.attribute} on the caller's connection. There is no cache:
 * another host may change a definition at any time, and a read by primary key is cheap.
 */
@Singleton
public class JdbcAttributeCatalog implements AttributeCatalog {

    @Override
    public Optional<Attribute> find(Connection connection, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + AttributeRows.COLUMNS + " FROM core.attribute WHERE id = ?")) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(AttributeRows.read(row)) : Optional.empty();
            }
        }
    }

    @Override
    public Attribute require(Connection connection, long id) throws SQLException {
        return find(connection, id).orElseThrow(() -> notFound(id));
    }

    @Override
    public Attribute system(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + AttributeRows.COLUMNS + " FROM core.attribute WHERE system AND name = ?")) {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery()) {
                if (row.next()) {
                    return AttributeRows.read(row);
                }
            }
        }
        throw ApiException.notFound("core.attribute_not_found", "There is no system attribute named '" + name + "'.");
    }

    /** The attributes that exist among the ids, in ascending id order; missing ids are simply absent. */
    @Override
    public Map<Long, Attribute> findAll(Connection connection, Collection<Long> ids) throws SQLException {
        Map<Long, Attribute> found = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + AttributeRows.COLUMNS + " FROM core.attribute WHERE id = ANY (?) ORDER BY id")) {
            statement.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    Attribute attribute = AttributeRows.read(row);
                    found.put(attribute.id(), attribute);
                }
            }
        }
        return found;
    }

    static ApiException notFound(long id) {
        return ApiException.notFound("core.attribute_not_found", "There is no attribute " + id + ".");
    }
}
