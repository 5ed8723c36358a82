package org.applecore.platform.core.permission;

import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.attribute.Attribute;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Who may read and write an attribute's value on a token (seed 003, "attribute permissions" and "set
 * requirements"). Full admins may do everything.
 */
public interface AttributePermissions {

    boolean canRead(Connection connection, CoreCaller caller, TokenRef token, Attribute attribute) throws SQLException;

    boolean canWrite(Connection connection, CoreCaller caller, TokenRef token, Attribute attribute) throws SQLException;

    /** Whether the caller may attach the attribute to a token type or set (its {@code owner_user_groups}). */
    boolean canUse(CoreCaller caller, Attribute attribute);

    /** The token a permission is asked about. */
    record TokenRef(long id, long ownerId) {
    }
}
