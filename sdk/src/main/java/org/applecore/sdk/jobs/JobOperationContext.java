package org.applecore.sdk.jobs;

import org.applecore.sdk.core.CoreSession;
import org.applecore.sdk.http.ActingUser;

/**
 * What one running operation of a plugin-defined type gets. Valid only during
 * {@link JobOperationHandler#execute}; do not keep it.
 */
public interface JobOperationContext {

    /** The job's reference, such as {@code job_3kT...}; the same on every run of the job. */
    String jobReference();

    /** The operation's position in the job, from 0. */
    int operationIndex();

    /** The user who submitted the job. */
    ActingUser submitter();

    /** The user the job runs as: the submitter, or the user they act on behalf of. */
    ActingUser user();

    /** The operation's input as JSON text, with every value reference already replaced. */
    String inputJson();

    /**
     * The operation's input read with the plugin's codec.
     *
     * @throws IllegalArgumentException when the input is not JSON of that type
     */
    <T> T input(Class<T> type);

    /**
     * The core, as {@link #user()}, authenticated by the job's own core token. Every call runs inside the job's
     * transaction (a refused call is rolled back alone and answered as a 4xx {@code CoreResponse}): reads
     * ({@code GET}) see what earlier operations of the job, and this one, wrote; writes ({@code POST},
     * {@code PUT}, {@code PATCH}, {@code DELETE}) that map to a core job operation run as that operation. A write
     * that has no job operation answers 400 {@code jobs.core_call_not_supported}.
     */
    CoreSession core();
}
