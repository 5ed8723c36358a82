package org.applecore.platform.core.attribute;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Reads attribute definitions inside the caller's transaction. */
public interface AttributeCatalog {

    Optional<Attribute> find(Connection connection, long id) throws SQLException;

    /** @throws org.applecore.platform.problem.ApiException 404 {@code core.attribute_not_found} */
    Attribute require(Connection connection, long id) throws SQLException;

    /** A system attribute by name, such as {@code created} or {@code allows_set}. */
    Attribute system(Connection connection, String name) throws SQLException;

    Map<Long, Attribute> findAll(Connection connection, Collection<Long> ids) throws SQLException;
}
