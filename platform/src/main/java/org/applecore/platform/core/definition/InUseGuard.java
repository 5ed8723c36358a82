package org.applecore.platform.core.definition;

import org.applecore.platform.problem.ApiException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes a definition (an attribute, a token type) only when nothing refers to it, and says what does
 * when something does: 409 with the counts. A reference made by a concurrent transaction after the counts
 * were taken is caught by the foreign key and refused with the same code.
 */
public final class InUseGuard {

    private final Connection connection;
    private final long id;
    private final List<String> uses = new ArrayList<>();

    private InUseGuard(Connection connection, long id) {
        this.connection = connection;
        this.id = id;
    }

    public static InUseGuard of(Connection connection, long id) {
        return new InUseGuard(connection, id);
    }

    /**
     * Counts one kind of reference.
     *
     * @param what how the refusal names it, such as {@code "token types"}
     * @param countSql a {@code SELECT count(*)} whose only parameter is the definition's id
     */
    public InUseGuard count(String what, String countSql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(countSql)) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                long count = row.getLong(1);
                if (count > 0) {
                    uses.add(count + " " + what);
                }
            }
        }
        return this;
    }

    /**
     * Runs the delete, or refuses with 409 {@code code} when anything counted refers to the definition.
     *
     * @param deleteSql a {@code DELETE} whose only parameter is the definition's id
     * @param subject how the refusal names the definition, such as {@code "Attribute 12"}
     */
    public void deleteOrRefuse(String deleteSql, String code, String subject) throws SQLException {
        if (!uses.isEmpty()) {
            throw ApiException.conflict(code, subject + " is in use by " + String.join(", ", uses) + ".");
        }
        try (PreparedStatement statement = connection.prepareStatement(deleteSql)) {
            statement.setLong(1, id);
            statement.executeUpdate();
        } catch (SQLException e) {
            if ("23503".equals(e.getSQLState())) {
                throw ApiException.conflict(code, subject + " came into use meanwhile.");
            }
            throw e;
        }
    }
}
