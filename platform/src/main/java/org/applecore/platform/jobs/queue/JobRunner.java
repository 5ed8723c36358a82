package org.applecore.platform.jobs.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import org.applecore.platform.core.access.CoreCallers;
import org.applecore.platform.core.coretoken.CoreTokens;
import org.applecore.platform.database.Database;
import org.applecore.platform.jobs.JobError;
import org.applecore.platform.jobs.JobFailedException;
import org.applecore.platform.jobs.JobSettings;
import org.applecore.platform.jobs.JobStatus;
import org.applecore.platform.jobs.callback.CallbackDelivery;
import org.applecore.platform.jobs.internal.JobMetrics;
import org.applecore.platform.jobs.operation.JobCoreCredentials;
import org.applecore.platform.jobs.operation.OperationRun;
import org.applecore.platform.jobs.operation.OperationType;
import org.applecore.platform.jobs.operation.OperationTypes;
import org.applecore.platform.jobs.operation.ValueReferences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs one leased job: all its operations, then its terminal update, in ONE transaction fenced on the lease
 * owner. If the worker dies or loses its lease, nothing of the run commits, so the run that finally commits
 * is the job's only effect. A failure rolls everything back and is recorded in a second transaction: retried
 * later with backoff when retriable and attempts remain, failed at once otherwise.
 */
@Singleton
public class JobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final Database database;
    private final JobStore store;
    private final OperationTypes types;
    private final CoreTokens tokens;
    private final CoreCallers callers;
    private final JobSettings settings;
    private final JobMetrics metrics;
    private final CallbackDelivery callbacks;

    JobRunner(Database database, JobStore store, OperationTypes types, CoreTokens tokens, CoreCallers callers,
              JobSettings settings, JobMetrics metrics, CallbackDelivery callbacks) {
        this.database = database;
        this.store = store;
        this.types = types;
        this.tokens = tokens;
        this.callers = callers;
        this.settings = settings;
        this.metrics = metrics;
        this.callbacks = callbacks;
    }

    /**
     * Runs the job to its end or to its next retry.
     *
     * @return the status the job has afterwards; empty when the lease was lost (another worker owns it now)
     */
    public Optional<JobStatus> run(ClaimedJob job, String owner) {
        try {
            boolean finished = database.inRawTransaction(null, connection -> {
                JsonNode results = runOperations(connection, job);
                if (!store.finish(connection, job.id(), owner, JobStatus.SUCCEEDED.wire(), results, null)) {
                    throw new LeaseLostException();
                }
                return true;
            });
            if (finished) {
                ended(job, JobStatus.SUCCEEDED);
            }
            return Optional.of(JobStatus.SUCCEEDED);
        } catch (LeaseLostException e) {
            LOG.info("Job {} was taken from this worker before it finished; its run was rolled back", job.ref());
            return Optional.empty();
        } catch (Exception e) {
            return recordFailure(job, owner, e);
        }
    }

    private JsonNode runOperations(java.sql.Connection connection, ClaimedJob job) throws java.sql.SQLException {
        JobCoreCredentials credentials = new JobCoreCredentials(job.token().token(), job.token().id(), tokens, callers);
        List<String> ids = new ArrayList<>();
        for (JsonNode operation : job.operations()) {
            ids.add(operation.path("id").isTextual() ? operation.path("id").asText() : null);
        }
        List<JsonNode> values = new ArrayList<>();
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < job.operations().size(); i++) {
            JsonNode operation = job.operations().get(i);
            String typeName = operation.path("type").asText();
            int index = i;
            OperationType type = types.find(typeName).orElseThrow(() -> new JobFailedException(new JobError(409,
                    "jobs.operation_type_unavailable", "The operation type " + typeName
                    + " is not available on this host (its plugin is stopped or removed).", false, index)));
            JsonNode result;
            try {
                JsonNode input = ValueReferences.resolve(operation.path("input"), ids, values);
                result = type.execute(new OperationRun(connection, credentials, job.ref(), i, job.submitter(), job.user()),
                        input);
            } catch (LeaseLostException e) {
                throw e;
            } catch (Exception e) {
                throw new JobFailedException(JobError.from(e).at(i));
            }
            values.add(result);
            ObjectNode entry = results.addObject();
            entry.put("id", ids.get(i));
            entry.put("type", typeName);
            entry.set("result", result);
        }
        return results;
    }

    private Optional<JobStatus> recordFailure(ClaimedJob job, String owner, Exception failure) {
        JobError error = JobError.from(failure);
        if (error.code().equals("jobs.internal_error")) {
            LOG.warn("Job {} failed unexpectedly", job.ref(), failure);
        }
        boolean retry = error.retriable() && job.attempts() < job.maxAttempts();
        try {
            Optional<JobStatus> after = database.inTransaction(connection -> {
                if (retry) {
                    Duration delay = settings.retryDelay(job.attempts());
                    return store.retryLater(connection, job.id(), owner, delay, error)
                            ? Optional.of(JobStatus.QUEUED) : Optional.<JobStatus>empty();
                }
                return store.finish(connection, job.id(), owner, JobStatus.FAILED.wire(), null, error)
                        ? Optional.of(JobStatus.FAILED) : Optional.<JobStatus>empty();
            });
            after.filter(JobStatus::terminal).ifPresent(status -> ended(job, status));
            return after;
        } catch (RuntimeException e) {
            // The lease will expire and the job will be taken up again.
            LOG.warn("Could not record the failure of job {} ({}); it will be retried after its lease expires",
                    job.ref(), error.code(), e);
            return Optional.empty();
        }
    }

    private void ended(ClaimedJob job, JobStatus status) {
        metrics.recordFinished(status, Duration.between(job.createdAt(), Instant.now()));
        callbacks.wake();
    }

    /** The run's lease was taken by someone else: roll back and walk away. */
    static final class LeaseLostException extends RuntimeException {
        LeaseLostException() {
            super("lease lost", null, false, false);
        }
    }
}
