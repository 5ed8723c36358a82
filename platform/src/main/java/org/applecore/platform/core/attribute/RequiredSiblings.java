package org.applecore.platform.core.attribute;

import jakarta.inject.Singleton;
import org.applecore.platform.problem.ApiException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The required-siblings rule of seed 003: an attribute with {@code required_siblings} may only sit on a
 * token type (or type group) whose attributes include each required sibling, or an attribute that descends
 * from it (through {@code parent_id}, at any depth).
 */
@Singleton
public class RequiredSiblings {

    /** One sentence per unmet requirement, empty when all are met. */
    public List<String> unmet(Connection connection, Collection<Attribute> attributes) throws SQLException {
        List<Long> ids = attributes.stream().map(Attribute::id).toList();
        Set<Long> covered = selfAndAncestors(connection, ids);
        List<String> problems = new ArrayList<>();
        for (Attribute attribute : attributes) {
            for (long sibling : attribute.requiredSiblings()) {
                if (!covered.contains(sibling)) {
                    problems.add("attribute '" + attribute.name() + "' (" + attribute.id() + ") needs attribute "
                            + sibling + " or a descendant of it alongside");
                }
            }
        }
        return problems;
    }

    /**
     * @throws ApiException {@code core.required_sibling_missing} with the given status naming what is missing
     */
    public void require(Connection connection, String subject, Collection<Attribute> attributes, int status) throws SQLException {
        List<String> problems = unmet(connection, attributes);
        if (!problems.isEmpty()) {
            throw new ApiException(status, "core.required_sibling_missing",
                    subject + ": " + String.join("; ", problems) + ".");
        }
    }

    private static Set<Long> selfAndAncestors(Connection connection, List<Long> ids) throws SQLException {
        Set<Long> result = new HashSet<>();
        if (ids.isEmpty()) {
            return result;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                WITH RECURSIVE up (id, parent_id) AS (
                    SELECT id, parent_id FROM core.attribute WHERE id = ANY (?)
                    UNION
                    SELECT a.id, a.parent_id FROM core.attribute a JOIN up ON a.id = up.parent_id)
                SELECT id FROM up""")) {
            statement.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    result.add(row.getLong(1));
                }
            }
        }
        return result;
    }
}
