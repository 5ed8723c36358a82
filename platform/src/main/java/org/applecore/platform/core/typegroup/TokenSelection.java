package org.applecore.platform.core.typegroup;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import org.applecore.platform.core.attribute.Attribute;
import org.applecore.platform.core.attribute.AttributeCatalog;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.bounds.AttributeBounds;
import org.applecore.platform.core.bounds.BoundsService;
import org.applecore.platform.core.permission.AttributePermissions;
import org.applecore.platform.core.permission.AttributePermissions.TokenRef;
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
import java.util.List;
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
 *       422 {@code core.invalid_attribute_filter}. The filter only selects on values the caller may read
 *       ({@link AttributePermissions#canRead}): a token whose value of that attribute the caller may not read
 *       counts as not selected, whatever the value. Likewise a token for which the attribute's bounds do not
 *       hold (now, at the token's {@code location}; {@link AttributeBounds}) counts as not selected, as a token
 *       read leaves such a value out. No query for that unless the attribute has bounds.</li>
 * </ul>
 * The callers hold the locks of the source sets, so the selection cannot change under them.
 */
@Singleton
public class TokenSelection {

    private static final int FETCH_SIZE = 2000;

    private final TokenTypes tokenTypes;
    private final AttributeCatalog catalog;
    private final SetMembership membership;
    private final AttributePermissions permissions;
    private final AttributeBounds attributeBounds;

    public TokenSelection(TokenTypes tokenTypes, AttributeCatalog catalog, SetMembership membership,
                          AttributePermissions permissions, AttributeBounds attributeBounds) {
        this.tokenTypes = tokenTypes;
        this.catalog = catalog;
        this.membership = membership;
        this.permissions = permissions;
        this.attributeBounds = attributeBounds;
    }

    /** The selected token ids, ascending. */
    public long[] select(Connection connection, CoreCaller caller, long[] sourceSetIds, TypeGroup group) throws SQLException {
        if (group == null) {
            return membership.members(connection, sourceSetIds);
        }
        Optional<Attribute> filter = attributeFilter(connection, group);
        // Everyone may read the filter attribute's values (no read groups, no set requirements) and it has no map
        // bounds: filter in SQL alone. Otherwise each candidate is also checked with the read permission or at its
        // location, so no LIMIT in SQL.
        boolean readCheck = filter.isPresent() && !caller.fullAdmin()
                && (!filter.get().readUserGroups().isEmpty() || !filter.get().readSetRequirements().isEmpty());
        FilterBounds filterBounds = filter.isPresent() ? filterBounds(connection, filter.get()) : FilterBounds.UNBOUNDED;
        Set<Long> taken = new HashSet<>();
        long[] selected = new long[64];
        int size = 0;
        for (TypeGroup.Member member : group.members()) {
            Long amount = member.amount();
            if (amount != null && amount == 0) {
                continue;
            }
            if (filterBounds.holdsForNone()) {
                requireMinimum(group, member, filter, 0);
                continue;
            }
            long found = 0;
            Set<Long> types = tokenTypes.selfAndDescendants(connection, member.tokenType());
            boolean located = filterBounds.location() != null;
            boolean limited = amount != null && !readCheck && !located;
            try (PreparedStatement select = connection.prepareStatement(
                    query(sourceSetIds.length, filter.isPresent(), located, limited))) {
                int index = 1;
                if (filter.isPresent()) {
                    select.setLong(index++, filter.get().id());
                }
                if (located) {
                    select.setLong(index++, filterBounds.location().id());
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
                if (limited) {
                    select.setLong(index, amount + taken.size());
                }
                select.setFetchSize(FETCH_SIZE);
                try (ResultSet rows = select.executeQuery()) {
                    while ((amount == null || found < amount) && rows.next()) {
                        long tokenId = rows.getLong(1);
                        if (readCheck && !taken.contains(tokenId)
                                && !permissions.canRead(connection, caller, new TokenRef(tokenId, rows.getLong(2)), filter.get())) {
                            continue;
                        }
                        if (located && !filterBounds.holdsAt(filter.get(), rows.getString(3))) {
                            continue;
                        }
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
            requireMinimum(group, member, filter, found);
        }
        long[] result = Arrays.copyOf(selected, size);
        Arrays.sort(result);
        return result;
    }

    /** @throws ApiException 409 {@code core.insufficient_tokens} when fewer than the member's minimum were found */
    private static void requireMinimum(TypeGroup group, TypeGroup.Member member, Optional<Attribute> filter, long found) {
        if (member.minimumNeeded() != null && found < member.minimumNeeded()) {
            throw ApiException.conflict("core.insufficient_tokens", "Type group " + group.id() + " needs "
                    + member.minimumNeeded() + " tokens of token type " + member.tokenType() + " (or its descendants)"
                    + (filter.isPresent() ? " with a truthy attribute " + filter.get().id() : "")
                    + (filter.isPresent() && AttributeBounds.bounded(filter.get()) ? " within its bounds" : "")
                    + " in the source set(s); " + found + " are available.");
        }
    }

    private static String query(int sources, boolean filtered, boolean located, boolean limited) {
        return "SELECT " + (sources == 1 ? "" : "DISTINCT ") + "m.token_id, t.owner_id"
                + (located ? ", l.value::text" : "") + " FROM core.token_set_member m"
                + " JOIN core.token t ON t.id = m.token_id"
                + (filtered ? " LEFT JOIN core.token_value f ON f.token_id = m.token_id AND f.attribute_id = ?" : "")
                + (located ? " LEFT JOIN core.token_value l ON l.token_id = m.token_id AND l.attribute_id = ?" : "")
                + (sources == 1 ? " WHERE m.set_id = ?" : " WHERE m.set_id = ANY (?::bigint[])")
                + " AND t.type_id = ANY (?::bigint[])"
                + (filtered ? " AND core.is_truthy(COALESCE(f.value, ?::jsonb))" : "")
                + " ORDER BY m.token_id"
                + (limited ? " LIMIT ?" : "");
    }

    /**
     * How the filter attribute's bounds hold: for every token alike when it has only time bounds (judged once),
     * else per token at its location (then {@code location} is the location attribute to read).
     */
    private record FilterBounds(AttributeBounds.Applicability applicability, Attribute location, boolean holdsForNone) {

        static final FilterBounds UNBOUNDED = new FilterBounds(AttributeBounds.Applicability.NONE, null, false);

        /** Whether the filter's bounds hold for a token whose stored location is this JSON text (null: the default). */
        boolean holdsAt(Attribute filter, String storedLocation) {
            JsonNode value = storedLocation == null ? location.defaultValue() : StoredValues.parse(storedLocation);
            return applicability.applies(filter, BoundsService.Location.of(value));
        }
    }

    private FilterBounds filterBounds(Connection connection, Attribute filter) throws SQLException {
        if (!AttributeBounds.bounded(filter)) {
            return FilterBounds.UNBOUNDED;
        }
        AttributeBounds.Applicability applicability = attributeBounds.of(connection, List.of(filter));
        if (applicability.needsLocation()) {
            return new FilterBounds(applicability, catalog.system(connection, "location"), false);
        }
        return new FilterBounds(applicability, null, !applicability.applies(filter, null));
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
