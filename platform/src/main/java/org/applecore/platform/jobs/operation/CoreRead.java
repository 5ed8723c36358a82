package org.applecore.platform.jobs.operation;

import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.paging.IdCursor;
import org.applecore.platform.core.web.CoreConversionErrorHandler;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;

/**
 * A core REST read ({@code GET /core/...}) as code that runs on a given connection: the same service calls as its
 * endpoint, answering the same JSON, refusals and problem codes. A plugin's job operation reads through it on
 * the job's own connection, so it sees what earlier operations of the job wrote.
 *
 * @param pathTemplate the endpoint's path, such as {@code /core/tokens/{id}}
 */
public record CoreRead(String pathTemplate, Action action) {

    /** What the read does, in the connection's transaction, as the caller. */
    @FunctionalInterface
    public interface Action {
        /** @return the REST answer's body, written as JSON as the REST API writes it */
        Object run(Connection connection, CoreCaller caller, Request request) throws SQLException;
    }

    /**
     * The path variables and query parameters of one read, converted and refused as the REST API does.
     *
     * @param query each parameter's first value, decoded
     */
    public record Request(Map<String, String> variables, Map<String, String> query) {

        /** @throws org.applecore.platform.problem.ApiException 400 {@code core.invalid_id} when not a 64-bit number */
        public long id(String name) {
            String value = variables.get(name);
            if (value == null) {
                throw new IllegalStateException("no path variable " + name);
            }
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw CoreConversionErrorHandler.invalidId(name);
            }
        }

        /** {@code ?limit=}, the page size: default or checked as every core list checks it. */
        public int limit() {
            String value = query.get("limit");
            if (value == null || value.isEmpty()) {
                return IdCursor.limit(null);
            }
            try {
                return IdCursor.limit(Integer.parseInt(value));
            } catch (NumberFormatException e) {
                throw CoreConversionErrorHandler.invalidLimit();
            }
        }

        /** {@code ?cursor=}: the id to continue after. */
        public long after() {
            return IdCursor.after(query.get("cursor"));
        }

        /** A query parameter, or null when absent. */
        public String parameter(String name) {
            return query.get(name);
        }
    }

    public CoreRead {
        Objects.requireNonNull(pathTemplate, "pathTemplate is null");
        Objects.requireNonNull(action, "action is null");
    }
}
