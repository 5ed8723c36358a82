package org.applecore.platform.core.tokenset;

import org.applecore.platform.core.permission.SetRequirements;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * {@link SetRequirements} over the membership tables: the token must be in at least one set in which every
 * required attribute is present. Present means some member of that set has a stored value for it that is
 * not null, or has it through its type (own, inherited, or a management flag every token has) with no
 * stored value and a non-null default.
 * <p>
 * Cost: one statement. For each of the token's sets and each required attribute it probes the partial index
 * {@code token_value_present} (tokens holding a value of that attribute) against the membership primary key,
 * or the membership of the set, whichever the planner finds smaller; the default case only runs for
 * attributes that have a non-null default.
 */
@Singleton
public class SetRequirementsByMembership implements SetRequirements {

    private static final String MANAGEMENT_FLAGS = "('created', 'allows_set', 'allows_set_operation', 'attribute_filter')";

    @Override
    public boolean satisfied(Connection connection, long tokenId, List<Long> requiredAttributeIds) throws SQLException {
        if (requiredAttributeIds.isEmpty()) {
            return true;
        }
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT EXISTS (
                  SELECT 1 FROM core.token_set_member mine
                  WHERE mine.token_id = ?
                    AND NOT EXISTS (
                      SELECT 1 FROM core.attribute a
                      WHERE a.id = ANY (?::bigint[])
                        AND NOT EXISTS (
                          SELECT 1 FROM core.token_value v
                          JOIN core.token_set_member m ON m.set_id = mine.set_id AND m.token_id = v.token_id
                          WHERE v.attribute_id = a.id AND v.value IS NOT NULL AND v.value <> 'null'::jsonb)
                        AND NOT (a.default_value IS NOT NULL AND a.default_value <> 'null'::jsonb AND EXISTS (
                          WITH RECURSIVE carriers (type_id) AS (
                              SELECT type_id FROM core.token_type_attribute WHERE attribute_id = a.id
                              UNION ALL
                              SELECT id FROM core.token_type WHERE a.system AND a.name IN %s
                              UNION
                              SELECT p.type_id FROM core.token_type_parent p JOIN carriers c ON p.parent_id = c.type_id)
                          SELECT 1 FROM core.token_set_member m JOIN core.token t ON t.id = m.token_id
                          WHERE m.set_id = mine.set_id AND t.type_id IN (SELECT type_id FROM carriers)
                            AND NOT EXISTS (SELECT 1 FROM core.token_value n
                                            WHERE n.token_id = t.id AND n.attribute_id = a.id)))))
                """.formatted(MANAGEMENT_FLAGS))) {
            select.setLong(1, tokenId);
            select.setArray(2, connection.createArrayOf("bigint", requiredAttributeIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }
}
