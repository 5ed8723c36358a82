package org.applecore.sdk.jobs;

import org.applecore.sdk.http.ActingUser;

/**
 * The host's job engine as one plugin sees it. A plugin route that changes core data submits a job and
 * answers with its {@link JobReference} (typically {@code 202 Accepted}); the client polls
 * {@code GET /jobs/{ref}} or receives the job's callback.
 *
 * <p>Lifecycle: {@link #registerOperationType} may only be called while
 * {@link org.applecore.sdk.ApplecorePlugin#start} runs; the types are withdrawn when the plugin stops, and a
 * queued job that still needs one then fails with the code {@code jobs.operation_type_unavailable}.
 * {@link #submit} may be called at any time while the plugin is started. Threading: thread-safe.
 */
public interface Jobs {

    /**
     * Queues a job submitted by the user (usually the route's {@link org.applecore.sdk.http.PluginRequest}
     * user). With {@link JobRequest#onBehalfOf()} set, the job runs as that user, which the submitter must be
     * allowed to do (same rules as {@code POST /jobs}).
     *
     * @param submitter the logged-in user submitting the job
     * @return the job's reference and polling URL
     * @throws org.applecore.sdk.errors.PluginException {@code INVALID_INPUT} for an unknown operation type, a bad
     *     value reference or a refused callback URL, {@code FORBIDDEN} when acting on behalf is not allowed
     */
    JobReference submit(ActingUser submitter, JobRequest request);

    /**
     * Registers an operation type that jobs may use as {@code {pluginId}.{name}}, for example
     * {@code wallet.transfer} for the plugin {@code wallet} and the name {@code transfer}.
     *
     * @param name lower-case letters, digits and underscores, starting with a letter
     * @throws IllegalArgumentException for a malformed or duplicate name
     * @throws IllegalStateException after {@code start} returned
     */
    void registerOperationType(String name, JobOperationHandler handler);
}
