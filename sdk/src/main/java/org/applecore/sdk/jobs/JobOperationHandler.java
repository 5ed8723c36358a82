package org.applecore.sdk.jobs;

/**
 * Runs one operation of a plugin-defined type inside a job. The host calls it on a job worker thread, in the
 * job's database transaction: every core write made through {@link JobOperationContext#core()} commits
 * together with the job's other operations, or not at all.
 *
 * <p>Errors: throw {@link org.applecore.sdk.errors.PluginException}; one that is
 * {@link org.applecore.sdk.errors.PluginException#retriable() retriable} (kind {@code UNAVAILABLE}) makes
 * the engine run the whole job again later with backoff, anything else fails the job at once with the error
 * recorded. A handler may run more than once for one job (a retry, or a worker that died), but only one run's
 * core writes ever commit, so keep side effects outside the core idempotent.
 */
@FunctionalInterface
public interface JobOperationHandler {

    /**
     * @return the operation's result, written as JSON with the plugin's codec (a {@code Map}, a record,
     *     ...); later operations of the job may refer to its fields; null for none
     */
    Object execute(JobOperationContext context);
}
