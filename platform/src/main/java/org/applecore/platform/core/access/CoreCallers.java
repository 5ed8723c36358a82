package org.applecore.platform.core.access;

import io.micronaut.security.authentication.Authentication;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Resolves the caller of a core request. The core API accepts HTTP Basic (accounts holding the
 * {@code core-service} role) and per-user core bearer tokens, not the outer API's JWTs.
 */
public interface CoreCallers {

    /**
     * The caller of a {@code /core} request.
     *
     * @throws org.applecore.platform.problem.ApiException 401 {@code core.credentials_required} when the
     *     request was not authenticated with a core token or Basic
     */
    CoreCaller fromRequest(Authentication authentication);

    /** The caller for a known core user (plugins acting as the calling user, job steps), within a transaction. */
    CoreCaller forUser(Connection connection, long userId) throws SQLException;

    /**
     * The caller for a core user whose account (name and roles) was just read with their credential, such as
     * the holder of a job's core token: saves reading the account again.
     */
    CoreCaller forAccount(Connection connection, long userId, String username, java.util.Collection<String> roles)
            throws SQLException;
}
