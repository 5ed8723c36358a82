package org.applecore.platform.core.tokenset;

import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.attribute.Attribute;
import org.applecore.platform.core.attribute.AttributeCatalog;
import org.applecore.platform.core.token.StoredValues;
import org.applecore.platform.problem.ApiException;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The rules for adding tokens to a set (seed 003, "Permissions for a token to be added to a set"; the
 * choices are in docs/design/core.md):
 * <ol>
 *   <li>the caller owns the destination set, or is a full admin (checked where the set is locked);</li>
 *   <li>when a token's {@code allows_set} value is not null, it must be truthy, whoever adds it, the token's
 *       owner and full admins included;</li>
 *   <li>when it is null (no value and no default), the token's owner must be the set's owner; full admins,
 *       who may assign anything to anyone, pass this rule.</li>
 * </ol>
 * The check is one query over all the tokens, so adding 10,000 tokens costs one statement.
 */
@Singleton
public class SetAdmission {

    private final AttributeCatalog catalog;

    public SetAdmission(AttributeCatalog catalog) {
        this.catalog = catalog;
    }

    /** @throws ApiException 403 {@code core.set_addition_refused} naming the first token refused */
    public void check(Connection connection, CoreCaller caller, TokenSet destination, long[] tokenIds) throws SQLException {
        if (tokenIds.length == 0) {
            return;
        }
        Attribute allowsSet = catalog.system(connection, "allows_set");
        Long refused = firstRefused(connection, allowsSet, destination.ownerId(), caller.fullAdmin(), tokenIds);
        if (refused != null) {
            throw ApiException.forbidden("core.set_addition_refused", "Token " + refused + " may not be added to set "
                    + destination.id() + ": its allows_set value is falsy, or it has none and its owner is not the set's owner.");
        }
    }

    /** The lowest id among the tokens that may not be added to a set of {@code setOwnerId}, or null. */
    static Long firstRefused(Connection connection, Attribute allowsSet, long setOwnerId, boolean fullAdmin,
                             long[] tokenIds) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT t.id FROM core.token t
                LEFT JOIN core.token_value v ON v.token_id = t.id AND v.attribute_id = ?
                CROSS JOIN LATERAL (SELECT COALESCE(v.value, ?::jsonb) AS value) effective
                WHERE t.id = ANY (?::bigint[])
                  AND CASE WHEN effective.value IS NULL OR effective.value = 'null'::jsonb
                           THEN t.owner_id <> ? AND NOT ?
                           ELSE NOT core.is_truthy(effective.value) END
                ORDER BY t.id LIMIT 1""")) {
            select.setLong(1, allowsSet.id());
            select.setString(2, StoredValues.text(allowsSet.defaultValue()));
            select.setArray(3, TokenIdArrays.sqlArray(connection, tokenIds));
            select.setLong(4, setOwnerId);
            select.setBoolean(5, fullAdmin);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        }
    }
}
