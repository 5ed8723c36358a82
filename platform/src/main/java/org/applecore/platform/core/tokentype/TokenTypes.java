package org.applecore.platform.core.tokentype;

import org.applecore.platform.core.attribute.Attribute;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/** Token type ancestry and inherited attributes, read inside the caller's transaction. */
public interface TokenTypes {

    /** @throws org.applecore.platform.problem.ApiException 404 {@code core.token_type_not_found} */
    TokenTypeRef require(Connection connection, long typeId) throws SQLException;

    /**
     * The type and all its ancestors, farthest ancestor first and the type itself last (the order actions
     * of an inheritance chain run in); each type once.
     */
    List<Long> lineage(Connection connection, long typeId) throws SQLException;

    /** The type and every type that descends from it. */
    Set<Long> selfAndDescendants(Connection connection, long typeId) throws SQLException;

    /**
     * Every attribute a token of this type has: its own, its ancestors', and the management flags every
     * token has ({@code created}, {@code allows_set}, {@code allows_set_operation}, {@code attribute_filter}).
     */
    List<Attribute> effectiveAttributes(Connection connection, long typeId) throws SQLException;

    /**
     * A token type's identity.
     *
     * @param ownerId null for a system type
     */
    record TokenTypeRef(long id, Long ownerId, String name, String kind, boolean system) {
    }
}
