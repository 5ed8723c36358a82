package org.applecore.sdk.jobs;

import java.util.List;
import java.util.Objects;

/**
 * A job to submit: operations run in order, in one transaction (all happen or none).
 *
 * @param operations at least one
 * @param onBehalfOf the id of the user the job should run as; null to run as the submitter
 * @param callbackUrl an http(s) URL called when the job ends (Standard Webhooks signature); null for none
 * @param idempotencyKey a key that makes a repeated submission return the first job; null for none
 */
public record JobRequest(List<JobOperation> operations, Long onBehalfOf, String callbackUrl, String idempotencyKey) {

    public JobRequest {
        operations = List.copyOf(Objects.requireNonNull(operations, "operations is null"));
        if (operations.isEmpty()) {
            throw new IllegalArgumentException("a job needs at least one operation");
        }
    }

    /** A job that runs as the submitter, without callback or idempotency key. */
    public static JobRequest of(JobOperation... operations) {
        return new JobRequest(List.of(operations), null, null, null);
    }

    public JobRequest onBehalfOf(long userId) {
        return new JobRequest(operations, userId, callbackUrl, idempotencyKey);
    }

    public JobRequest withCallback(String url) {
        return new JobRequest(operations, onBehalfOf, url, idempotencyKey);
    }

    public JobRequest withIdempotencyKey(String key) {
        return new JobRequest(operations, onBehalfOf, callbackUrl, key);
    }
}
