package org.applecore.platform.jobs;

import java.util.Locale;

/** A job's state. Terminal states never change again except through the internal API's re-queue. */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** @throws IllegalArgumentException for anything but the five wire names */
    public static JobStatus fromWire(String value) {
        for (JobStatus status : values()) {
            if (status.wire().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown job status: " + value);
    }
}
