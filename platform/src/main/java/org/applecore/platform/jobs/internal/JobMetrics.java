package org.applecore.platform.jobs.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import org.applecore.platform.database.Database;
import org.applecore.platform.jobs.JobStatus;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Job figures for operators. Cluster-wide ones come from the database (counts by status, queue depth,
 * throughput and submit-to-end latency percentiles over the last five minutes) and are served both by
 * {@code GET /internal/jobs/metrics} and as Micrometer gauges (read at most once per two seconds);
 * this host's own completions are a Micrometer counter and timer. All export in Prometheus format.
 */
@Singleton
public class JobMetrics {

    private static final Duration SNAPSHOT_TTL = Duration.ofSeconds(2);

    private final Database database;
    private final Map<JobStatus, Counter> finished = new EnumMap<>(JobStatus.class);
    private final Timer latency;
    private volatile Snapshot cached;

    JobMetrics(Database database, MeterRegistry registry) {
        this.database = database;
        for (JobStatus status : JobStatus.values()) {
            if (status.terminal()) {
                finished.put(status, Counter.builder("applecore.jobs.finished").tag("status", status.wire())
                        .description("Jobs this host finished").register(registry));
            }
            gauge(registry, "applecore.jobs", s -> s.counts().getOrDefault(status, 0L), "status", status.wire(),
                    "Jobs stored, by status (cluster-wide)");
        }
        gauge(registry, "applecore.jobs.queue.depth", s -> s.readyQueued(), "state", "ready", "Queued jobs (cluster-wide)");
        gauge(registry, "applecore.jobs.queue.depth", s -> s.delayedQueued(), "state", "delayed", "Queued jobs (cluster-wide)");
        gauge(registry, "applecore.jobs.throughput", Snapshot::perSecondLastMinute, "window", "1m",
                "Jobs finished per second (cluster-wide)");
        for (String quantile : new String[]{"0.5", "0.9", "0.99"}) {
            gauge(registry, "applecore.jobs.latency.seconds", s -> s.latencyQuantile(quantile), "quantile", quantile,
                    "Submit-to-end latency over the last 5 minutes (cluster-wide)");
        }
        this.latency = Timer.builder("applecore.jobs.completion.latency")
                .description("Submit-to-end latency of jobs this host finished")
                .publishPercentiles(0.5, 0.9, 0.99)
                .register(registry);
    }

    private void gauge(MeterRegistry registry, String name, ToDoubleFunction<Snapshot> value, String tagKey,
                       String tagValue, String description) {
        Gauge.builder(name, this, metrics -> {
                    Snapshot snapshot = metrics.snapshotOrNull();
                    return snapshot == null ? Double.NaN : value.applyAsDouble(snapshot);
                })
                .tag(tagKey, tagValue).description(description).register(registry);
    }

    /** Called by the runner when a job ends on this host. */
    public void recordFinished(JobStatus status, Duration sinceSubmission) {
        Counter counter = finished.get(status);
        if (counter != null) {
            counter.increment();
        }
        latency.record(sinceSubmission.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The current figures as {@code GET /internal/jobs/metrics} answers them. */
    public ObjectNode json() {
        Snapshot s = database.inTransaction(JobMetrics::measure);
        cached = s;
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ObjectNode counts = json.putObject("counts");
        for (JobStatus status : JobStatus.values()) {
            counts.put(status.wire(), s.counts().getOrDefault(status, 0L));
        }
        ObjectNode depth = json.putObject("queue_depth");
        depth.put("ready", s.readyQueued());
        depth.put("delayed", s.delayedQueued());
        depth.put("total", s.readyQueued() + s.delayedQueued());
        ObjectNode throughput = json.putObject("throughput");
        throughput.put("finished_last_minute", s.finishedLastMinute());
        throughput.put("per_second_last_minute", s.perSecondLastMinute());
        throughput.put("finished_last_5_minutes", s.finishedLast5Minutes());
        throughput.put("per_second_last_5_minutes", s.finishedLast5Minutes() / 300.0);
        ObjectNode latencyJson = json.putObject("latency_ms");
        latencyJson.put("window", "5m");
        latencyJson.put("p50", s.p50() * 1000);
        latencyJson.put("p90", s.p90() * 1000);
        latencyJson.put("p99", s.p99() * 1000);
        json.put("measured_at", s.measuredAt().toString());
        return json;
    }

    private Snapshot snapshotOrNull() {
        Snapshot current = cached;
        if (current != null && current.measuredAt().plus(SNAPSHOT_TTL).isAfter(Instant.now())) {
            return current;
        }
        try {
            cached = database.inTransaction(JobMetrics::measure);
        } catch (RuntimeException e) {
            return null;
        }
        return cached;
    }

    private static Snapshot measure(Connection connection) throws SQLException {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        try (PreparedStatement select = connection.prepareStatement("SELECT status, count(*) FROM platform.job GROUP BY status");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                counts.put(JobStatus.fromWire(rows.getString(1)), rows.getLong(2));
            }
        }
        long ready;
        long delayed;
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT count(*) FILTER (WHERE run_after <= now()), count(*) FILTER (WHERE run_after > now())
                FROM platform.job WHERE status = 'queued'""");
             ResultSet rows = select.executeQuery()) {
            rows.next();
            ready = rows.getLong(1);
            delayed = rows.getLong(2);
        }
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT count(*) FILTER (WHERE finished_at >= now() - interval '1 minute'), count(*),
                       percentile_cont(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - created_at))
                FROM platform.job WHERE finished_at >= now() - interval '5 minutes'""");
             ResultSet rows = select.executeQuery()) {
            rows.next();
            Array percentiles = rows.getArray(3);
            Double[] values = percentiles == null ? new Double[]{0.0, 0.0, 0.0} : (Double[]) percentiles.getArray();
            return new Snapshot(counts, ready, delayed, rows.getLong(1), rows.getLong(2),
                    orZero(values[0]), orZero(values[1]), orZero(values[2]), Instant.now());
        }
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    private record Snapshot(Map<JobStatus, Long> counts, long readyQueued, long delayedQueued, long finishedLastMinute,
                            long finishedLast5Minutes, double p50, double p90, double p99, Instant measuredAt) {

        double perSecondLastMinute() {
            return finishedLastMinute / 60.0;
        }

        double latencyQuantile(String quantile) {
            return switch (quantile) {
                case "0.5" -> p50;
                case "0.9" -> p90;
                default -> p99;
            };
        }
    }
}
