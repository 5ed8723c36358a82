package org.applecore.platform.jobs.operation;

import org.applecore.platform.core.access.CoreCaller;
import org.applecore.sdk.http.ActingUser;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * One operation being run: the job's transaction, the job's core credentials, and who the job is for.
 *
 * @param submitter the user who submitted the job
 * @param user the operational user the job runs as
 */
public record OperationRun(Connection connection, JobCoreCredentials credentials, String jobReference,
                           int operationIndex, ActingUser submitter, ActingUser user) {

    public OperationRun {
        Objects.requireNonNull(connection, "connection is null");
        Objects.requireNonNull(credentials, "credentials is null");
        Objects.requireNonNull(jobReference, "jobReference is null");
        Objects.requireNonNull(submitter, "submitter is null");
        Objects.requireNonNull(user, "user is null");
    }

    /** The core caller for one core call, resolved from the job's token (fails once it is revoked). */
    public CoreCaller caller() throws SQLException {
        return credentials.caller(connection);
    }
}
