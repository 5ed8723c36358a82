package org.applecore.sdk.jobs;

import java.util.Objects;

/**
 * A submitted job: its reference and the path clients poll, {@code /jobs/{ref}}.
 *
 * @param ref the job's reference, such as {@code job_3kT...}
 * @param url the polling path on this platform, {@code /jobs/{ref}}
 */
public record JobReference(String ref, String url) {

    public JobReference {
        Objects.requireNonNull(ref, "ref is null");
        Objects.requireNonNull(url, "url is null");
    }
}
