package org.applecore.platform.jobs;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The job engine's configuration, keys under {@code applecore.jobs} (docs/jobs.md lists them). Read once at
 * start.
 */
@Singleton
public class JobSettings {

    private final boolean workerEnabled;
    private final int concurrency;
    private final int batchSize;
    private final int jobsPerTransaction;
    private final Duration pollInterval;
    private final Duration lease;
    private final int maxAttempts;
    private final Duration retryBaseDelay;
    private final Duration retryMaxDelay;
    private final Duration retention;
    private final Duration pruneInterval;
    private final int maxOperations;
    private final Set<String> onBehalfRoles;
    private final Set<Long> onBehalfGroupIds;
    private final List<String> callbackAllowedHosts;
    private final List<Duration> callbackRetryDelays;
    private final Duration callbackTimeout;
    private final Duration callbackSweepInterval;
    private final Duration callbackRotationGrace;

    JobSettings(@Value("${applecore.jobs.worker.enabled:true}") boolean workerEnabled,
                @Value("${applecore.jobs.worker.concurrency:16}") int concurrency,
                @Value("${applecore.jobs.worker.batch-size:32}") int batchSize,
                @Value("${applecore.jobs.worker.jobs-per-transaction:8}") int jobsPerTransaction,
                @Value("${applecore.jobs.worker.poll-interval:1s}") Duration pollInterval,
                @Value("${applecore.jobs.worker.lease:30s}") Duration lease,
                @Value("${applecore.jobs.max-attempts:5}") int maxAttempts,
                @Value("${applecore.jobs.retry.base-delay:1s}") Duration retryBaseDelay,
                @Value("${applecore.jobs.retry.max-delay:5m}") Duration retryMaxDelay,
                @Value("${applecore.jobs.retention:7d}") Duration retention,
                @Value("${applecore.jobs.prune-interval:10m}") Duration pruneInterval,
                @Value("${applecore.jobs.max-operations:100}") int maxOperations,
                @Value("${applecore.jobs.on-behalf.roles:act-on-behalf}") List<String> onBehalfRoles,
                @Value("${applecore.jobs.on-behalf.group-ids:}") List<Long> onBehalfGroupIds,
                @Value("${applecore.jobs.callbacks.allowed-hosts:}") List<String> callbackAllowedHosts,
                @Value("${applecore.jobs.callbacks.retry-delays:0s,5s,5m,30m,2h,5h,10h,10h}") List<Duration> callbackRetryDelays,
                @Value("${applecore.jobs.callbacks.timeout:5s}") Duration callbackTimeout,
                @Value("${applecore.jobs.callbacks.sweep-interval:1s}") Duration callbackSweepInterval,
                @Value("${applecore.jobs.callbacks.rotation-grace:24h}") Duration callbackRotationGrace) {
        if (concurrency < 1 || batchSize < 1 || jobsPerTransaction < 1 || maxAttempts < 1 || maxOperations < 1) {
            throw new IllegalArgumentException("applecore.jobs: concurrency, batch-size, jobs-per-transaction, max-attempts and max-operations must be positive");
        }
        if (Objects.requireNonNull(callbackRetryDelays).isEmpty()) {
            throw new IllegalArgumentException("applecore.jobs.callbacks.retry-delays needs at least one delay");
        }
        if (callbackRotationGrace.isNegative()) {
            throw new IllegalArgumentException("applecore.jobs.callbacks.rotation-grace must not be negative");
        }
        this.workerEnabled = workerEnabled;
        this.concurrency = concurrency;
        this.batchSize = batchSize;
        this.jobsPerTransaction = jobsPerTransaction;
        this.pollInterval = pollInterval;
        this.lease = lease;
        this.maxAttempts = maxAttempts;
        this.retryBaseDelay = retryBaseDelay;
        this.retryMaxDelay = retryMaxDelay;
        this.retention = retention;
        this.pruneInterval = pruneInterval;
        this.maxOperations = maxOperations;
        this.onBehalfRoles = Set.copyOf(nonBlank(onBehalfRoles));
        this.onBehalfGroupIds = onBehalfGroupIds == null ? Set.of() : Set.copyOf(onBehalfGroupIds);
        this.callbackAllowedHosts = nonBlank(callbackAllowedHosts);
        this.callbackRetryDelays = List.copyOf(callbackRetryDelays);
        this.callbackTimeout = callbackTimeout;
        this.callbackSweepInterval = callbackSweepInterval;
        this.callbackRotationGrace = callbackRotationGrace;
    }

    private static List<String> nonBlank(List<String> values) {
        return values == null ? List.of() : values.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    public boolean workerEnabled() { return workerEnabled; }

    public int concurrency() { return concurrency; }

    public int batchSize() { return batchSize; }

    /** At most this many claimed jobs run in one transaction (a savepoint each, one commit). */
    public int jobsPerTransaction() { return jobsPerTransaction; }

    public Duration pollInterval() { return pollInterval; }

    public Duration lease() { return lease; }

    public int maxAttempts() { return maxAttempts; }

    /** The delay before retry number {@code attempt} (1-based): base * 2^(attempt-1), capped. */
    public Duration retryDelay(int attempt) {
        long factor = 1L << Math.min(Math.max(attempt - 1, 0), 20);
        Duration delay = retryBaseDelay.multipliedBy(factor);
        return delay.compareTo(retryMaxDelay) > 0 ? retryMaxDelay : delay;
    }

    public Duration retention() { return retention; }

    public Duration pruneInterval() { return pruneInterval; }

    public int maxOperations() { return maxOperations; }

    public Set<String> onBehalfRoles() { return onBehalfRoles; }

    public Set<Long> onBehalfGroupIds() { return onBehalfGroupIds; }

    public List<String> callbackAllowedHosts() { return callbackAllowedHosts; }

    public List<Duration> callbackRetryDelays() { return callbackRetryDelays; }

    public Duration callbackTimeout() { return callbackTimeout; }

    public Duration callbackSweepInterval() { return callbackSweepInterval; }

    /** How long a rotated-out webhook secret still signs callbacks next to the new one; zero for not at all. */
    public Duration callbackRotationGrace() { return callbackRotationGrace; }
}
