package org.applecore.platform.core.typegroup;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import org.applecore.platform.core.attribute.Attribute;
import org.applecore.platform.core.attribute.AttributeCatalog;
import org.applecore.platform.core.token.StoredValues;
import org.applecore.platform.core.tokenset.SetMembership;
import org.applecore.platform.core.tokenset.TokenIdArrays;
import org.applecore.platform.core.tokentype.TokenTypes;
import org.applecore.platform.problem.ApiException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which tokens of the source sets a set operation works on ("T" in seed 003).
 * <ul>
 *   <li>No type group: every token of the source sets.</li>
 *   <li>A type group: for each member, in ascending token type id, the tokens of the source sets (a token
 *       in both sources counts once) whose type is the member's type or descends from it, not already taken
 *       for an earlier member, in ascending token id. The amount taken is {@code minimum_needed} when set,
 *       else {@code maximum_needed}, else all of them. When fewer than {@code minimum_needed} are available
 *       the whole operation is refused with 409 {@code core.insufficient_tokens}.</li>
 *   <li>{@code attribute_filter}: when the type group has a non-null value of the system attribute
 *       {@code attribute_filter}, that value names an attribute by id (a JSON integer, or a string of
 *       digits); only tokens whose effective value of that attribute (the stored value, else the attribute's
 *       default) is truthy are available to any member. A filter naming no attribute is refused with
 *       422 {@code core.invalid_attribute_filter}.</li>
 * </ul>
 * The callers hold the locks of the source sets, so the selection cannot change under them.
 */
@Singleton
public class TokenSelection {

    private static final int FETCH_SIZE = 2000;

    private final TokenTypes tokenTypes;
    private final AttributeCatalog catalog;
    private final SetMembership membership;

    public TokenSelection(TokenTypes tokenTypes, AttributeCatalog catalog, SetMembership membership) {
        this.tokenTypes = tokenTypes;
        this.catalog = catalog;
        this.membership = membership;
    }

    /** The selected token ids, ascending. */
    public long[] select(Connection connection, long[] sourceSetIds, TypeGroup group) throws SQLException {
        if (group == null) {
            return membership.members(connection, sourceSetIds);
        }
        Optional<Attribute> filter = attributeFilter(connection, group);
        Set<Long> taken = new HashSet<>();
        long[] selected = new long[64];
        int size = 0;
        for (TypeGroup.Member member : group.members()) {
            Long amount = member.amount();
            if (amount != null && amount == 0) {
                continue;
            }
            Set<Long> types = tokenTypes.selfAndDescendants(connection, member.tokenType());
            long found = 0;
            try (PreparedStatement select = connection.prepareStatement(query(sourceSetIds.length, filter.isPresent(), amount != null))) {
                int index = 1;
                if (filter.isPresent()) {
                    select.setLong(index++, filter.get().id());
                }
                if (sourceSetIds.length == 1) {
                    select.setLong(index++, sourceSetIds[0]);
                } else {
                    select.setArray(index++, TokenIdArrays.sqlArray(connection, sourceSetIds));
                }
                select.setArray(index++, connection.createArrayOf("bigint", types.toArray()));
                if (filter.isPresent()) {
                    select.setString(index++, StoredValues.text(filter.get().defaultValue()));
                }
                if (amount != null) {
                    select.setLong(index, amount + taken.size());
                }
                select.setFetchSize(FETCH_SIZE);
                try (ResultSet rows = select.executeQuery()) {
                    while ((amount == null || found < amount) && rows.next()) {
                        long tokenId = rows.getLong(1);
                        if (taken.add(tokenId)) {
                            if (size == selected.length) {
                                selected = Arrays.copyOf(selected, size * 2);
                            }
                            selected[size++] = tokenId;
                            found++;
                        }
                    }
                }
            }
            if (member.minimumNeeded() != null && found < member.minimumNeeded()) {
                throw ApiException.conflict("core.insufficient_tokens", "Type group " + group.id() + " needs "
                        + member.minimumNeeded() + " tokens of token type " + member.tokenType() + " (or its descendants)"
                        + (filter.isPresent() ? " with a truthy attribute " + filter.get().id() : "")
                        + " in the source set(s); " + found + " are available.");
            }
        }
        long[] result = Arrays.copyOf(selected, size);
        Arrays.sort(result);
        return result;
    }

    private static String query(int sources, boolean filtered, boolean limited) {
        return "SELECT " + (sources == 1 ? "" : "DISTINCT ") + "m.token_id FROM core.token_set_member m"
                + " JOIN core.token t ON t.id = m.token_id"
                + (filtered ? " LEFT JOIN core.token_value f ON f.token_id = m.token_id AND f.attribute_id = ?" : "")
                + (sources == 1 ? " WHERE m.set_id = ?" : " WHERE m.set_id = ANY (?::bigint[])")
                + " AND t.type_id = ANY (?::bigint[])"
                + (filtered ? " AND core.is_truthy(COALESCE(f.value, ?::jsonb))" : "")
                + " ORDER BY m.token_id"
                + (limited ? " LIMIT ?" : "");
    }

    private Optional<Attribute> attributeFilter(Connection connection, TypeGroup group) throws SQLException {
        Attribute flag = catalog.system(connection, "attribute_filter");
        JsonNode value = StoredValues.readOne(connection, StoredValues.Holder.TYPE_GROUP, group.id(), flag.id());
        if (value == null) {
            value = flag.defaultValue();
        }
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        Long attributeId = null;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            attributeId = value.asLong();
        } else if (value.isTextual() && value.asText().matches("[0-9]{1,18}")) {
            attributeId = Long.parseLong(value.asText());
        }
        Optional<Attribute> attribute = attributeId == null ? Optional.empty() : catalog.find(connection, attributeId);
        if (attribute.isEmpty()) {
            throw new ApiException(422, "core.invalid_attribute_filter", "The attribute_filter of type group " + group.id()
                    + " must name an existing attribute by id; it is " + value + ".");
        }
        return attribute;
    }
}
