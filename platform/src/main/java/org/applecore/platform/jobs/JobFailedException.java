package org.applecore.platform.jobs;

import java.util.Objects;

/** Ends a job's run with a classified error; the transaction of the run rolls back. */
public class JobFailedException extends RuntimeException {

    private final JobError error;

    public JobFailedException(JobError error) {
        super(Objects.requireNonNull(error, "error is null").detail(), null, false, false);
        this.error = error;
    }

    public JobError error() {
        return error;
    }
}
