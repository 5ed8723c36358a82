package org.applecore.platform.jobs.queue;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.core.coretoken.IssuedCoreToken;
import org.applecore.sdk.http.ActingUser;

import java.time.Instant;

/**
 * A job a worker holds the lease of, with the core token issued for this run (never logged: the record's
 * {@code toString} shows the token's id only, see {@link IssuedCoreToken}).
 *
 * @param operations the job's operations as submitted: {@code [{"id", "type", "input"}]}
 */
public record ClaimedJob(long id, String ref, ActingUser submitter, ActingUser user, JsonNode operations,
                         int attempts, int maxAttempts, Instant createdAt, IssuedCoreToken token) {
}
