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
import org.applecore.platform.jobs.operation.CallerCache;
import org.applecore.platform.jobs.operation.CoreOperation;
import org.applecore.platform.jobs.operation.JobCoreCredentials;
import org.applecore.platform.jobs.operation.OperationRun;
import org.applecore.platform.jobs.operation.OperationType;
import org.applecore.platform.jobs.operation.OperationTypes;
import org.applecore.platform.jobs.operation.ValueReferences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs one leased job: all its operations, then its terminal update, in ONE transaction fenced on the lease
 * owner. If the worker dies or loses its lease, nothing of the run commits, so the run that finally commits
 * is the job's only effect. A failure rolls everything back and is recorded in a second transaction: retried
 * later with backoff when retriable and attempts remain, failed at once otherwise.
 *
 * <p>{@link #runBatch} runs several leased jobs in one transaction (one commit for all). It first locks the
 * rows of the jobs it still leases (a job whose lease was lost is left alone), so no one can take them until
 * it commits; each job then runs behind its own savepoint: a job that fails is rolled back to its savepoint
 * and its failure recorded in the same transaction, without touching the others. The succeeded jobs get their
 * terminal update in one statement at the end. Each job's operations and its terminal update still commit
 * together or not at all, so exactly-once holds per job.
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
                JsonNode results = runOperations(connection, job, new CallerCache());
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

    /**
     * Runs leased jobs in one transaction, a savepoint each. Only jobs whose operations are all core operations
     * are batched (plugin operations may be slow, and run their own code on the connection); the others, and every job of a batch
     * whose transaction could not commit (nothing of it committed), run alone with {@link #run}.
     */
    public void runBatch(List<ClaimedJob> jobs, String owner) {
        List<ClaimedJob> batch = new ArrayList<>(jobs.size());
        for (ClaimedJob job : jobs) {
            if (jobs.size() > 1 && coreOnly(job)) {
                batch.add(job);
            } else {
                run(job, owner);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        if (batch.size() == 1) {
            run(batch.getFirst(), owner);
            return;
        }
        List<Optional<JobStatus>> outcomes;
        try {
            outcomes = database.inRawTransaction(null, connection -> {
                Set<Long> held = store.lockLeased(connection, batch.stream().map(ClaimedJob::id).toList(), owner);
                List<Optional<JobStatus>> after = new ArrayList<>(batch.size());
                List<JobStore.Ending> succeeded = new ArrayList<>(batch.size());
                CallerCache callerCache = new CallerCache();
                // The jobs' savepoints nest in this one (never rolled back), so releasing it releases them all:
                // the terminal updates then run in the top transaction, which holds the rows' locks. Run in a
                // subtransaction, each update of a row its parent locked makes PostgreSQL create a multixact
                // (slow, and contended).
                Savepoint batchStart = connection.setSavepoint();
                for (ClaimedJob job : batch) {
                    after.add(held.contains(job.id())
                            ? runInSavepoint(connection, connection.setSavepoint(), job, owner, callerCache, succeeded)
                            : Optional.empty());
                }
                connection.releaseSavepoint(batchStart);
                if (store.finishAll(connection, succeeded, owner) != succeeded.size()) {
                    // Cannot happen while the rows are locked; if it does, commit nothing of the batch.
                    throw new IllegalStateException("a locked job lost its lease during its batch");
                }
                return after;
            });
        } catch (Exception e) {
            LOG.debug("A batch of {} jobs could not commit ({}); running them one by one", batch.size(), e.toString());
            for (ClaimedJob job : batch) {
                run(job, owner);
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            ClaimedJob job = batch.get(i);
            Optional<JobStatus> after = outcomes.get(i);
            if (after.isEmpty()) {
                LOG.info("Job {} was taken from this worker before it finished; its run was rolled back", job.ref());
            }
            after.filter(JobStatus::terminal).ifPresent(status -> ended(job, status));
        }
    }

    private boolean coreOnly(ClaimedJob job) {
        for (JsonNode operation : job.operations()) {
            if (!(types.find(operation.path("type").asText()).orElse(null) instanceof CoreOperation)) {
                return false;
            }
        }
        return true;
    }

    /**
     * One job of a batch, whose row the batch holds locked: its operations behind the savepoint; on success its
     * results join {@code succeeded} (their terminal update is made for the whole batch at its end). A failure
     * rolls back to the savepoint and is recorded (fenced) in the same transaction. A failure of the connection
     * itself propagates and fails the whole batch.
     *
     * @return the job's status after the batch commits; empty when the lease was lost
     */
    private Optional<JobStatus> runInSavepoint(Connection connection, Savepoint savepoint, ClaimedJob job, String owner,
                                               CallerCache callerCache, List<JobStore.Ending> succeeded)
            throws SQLException {
        try {
            succeeded.add(new JobStore.Ending(job.id(), JobStatus.SUCCEEDED.wire(), runOperations(connection, job, callerCache), null));
            // Not released (one round trip less): later jobs nest inside it, and each rolls back only its own.
            return Optional.of(JobStatus.SUCCEEDED);
        } catch (LeaseLostException e) {
            callerCache.clear();
            connection.rollback(savepoint);
            return Optional.empty();
        } catch (Exception failure) {
            callerCache.clear();
            // Throws when the connection itself failed: then the whole batch fails (nothing of it commits).
            connection.rollback(savepoint);
            if (failure instanceof SQLException sql && Database.isConnectionFailure(sql)) {
                throw sql;
            }
            JobError error = JobError.from(failure);
            if (error.code().equals("jobs.internal_error")) {
                LOG.warn("Job {} failed unexpectedly", job.ref(), failure);
            }
            return recordFailure(connection, job, owner, error);
        }
    }

    private JsonNode runOperations(Connection connection, ClaimedJob job, CallerCache callerCache) throws SQLException {
        JobCoreCredentials credentials = new JobCoreCredentials(job.token().token(), job.token().id(), tokens, callers,
                callerCache);
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
            } finally {
                if (mayChangeGroups(type)) {
                    callerCache.clear();
                }
            }
            values.add(result);
            ObjectNode entry = results.addObject();
            entry.put("id", ids.get(i));
            entry.put("type", typeName);
            entry.set("result", result);
        }
        return results;
    }

    /**
     * Whether an operation may change someone's effective groups (memberships, or a core user made on the way,
     * who joins the regular users): anything but attribute, token type and type group changes.
     */
    private static boolean mayChangeGroups(OperationType type) {
        if (!(type instanceof CoreOperation core)) {
            return true;
        }
        String name = core.name();
        return !(name.startsWith("core.attribute.") || name.startsWith("core.token_type.")
                || name.startsWith("core.type_group."));
    }

    private Optional<JobStatus> recordFailure(ClaimedJob job, String owner, Exception failure) {
        JobError error = JobError.from(failure);
        if (error.code().equals("jobs.internal_error")) {
            LOG.warn("Job {} failed unexpectedly", job.ref(), failure);
        }
        try {
            Optional<JobStatus> after = database.inTransaction(connection -> recordFailure(connection, job, owner, error));
            after.filter(JobStatus::terminal).ifPresent(status -> ended(job, status));
            return after;
        } catch (RuntimeException e) {
            // The lease will expire and the job will be taken up again.
            LOG.warn("Could not record the failure of job {} ({}); it will be retried after its lease expires",
                    job.ref(), error.code(), e);
            return Optional.empty();
        }
    }

    /** Records a run's failure, fenced on the lease: queued again for a retry, or failed. */
    private Optional<JobStatus> recordFailure(Connection connection, ClaimedJob job, String owner, JobError error)
            throws SQLException {
        if (error.retriable() && job.attempts() < job.maxAttempts()) {
            Duration delay = settings.retryDelay(job.attempts());
            return store.retryLater(connection, job.id(), owner, delay, error)
                    ? Optional.of(JobStatus.QUEUED) : Optional.empty();
        }
        return store.finish(connection, job.id(), owner, JobStatus.FAILED.wire(), null, error)
                ? Optional.of(JobStatus.FAILED) : Optional.empty();
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
