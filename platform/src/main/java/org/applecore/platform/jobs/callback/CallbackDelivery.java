package org.applecore.platform.jobs.callback;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.applecore.platform.database.Database;
import org.applecore.platform.database.DatabaseReadyEvent;
import org.applecore.platform.jobs.JobSettings;
import org.applecore.platform.jobs.JobViews;
import org.applecore.platform.problem.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Delivers job callbacks: a sweep (every {@code applecore.jobs.callbacks.sweep-interval}, and at once when a job
 * ends here) claims due callbacks with {@code FOR UPDATE SKIP LOCKED} (so several hosts never deliver the same
 * attempt), POSTs each signed per Standard Webhooks (with the caller's previous secret too while it is in its
 * rotation grace), and records every attempt. A non-2xx answer, a timeout or
 * a network error schedules the next attempt after the next delay of {@code retry-delays}; when they are used
 * up the callback is marked failed. The job's core token is never part of a callback.
 */
@Singleton
public class CallbackDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackDelivery.class);
    private static final int BATCH = 32;

    private final Database database;
    private final JobSettings settings;
    private final CallbackUrlGuard guard;
    private final WebhookSecrets secrets;
    private final JobViews views;
    private final HttpClient http;
    private final Semaphore wakeUp = new Semaphore(0);
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running;
    private Thread sweeper;

    CallbackDelivery(Database database, JobSettings settings, CallbackUrlGuard guard, WebhookSecrets secrets, JobViews views) {
        this.database = database;
        this.settings = settings;
        this.guard = guard;
        this.secrets = secrets;
        this.views = views;
        this.http = HttpClient.newBuilder().connectTimeout(settings.callbackTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @EventListener
    synchronized void onDatabaseReady(DatabaseReadyEvent event) {
        if (running || !settings.workerEnabled()) {
            return;
        }
        running = true;
        sweeper = Thread.ofPlatform().name("job-callbacks").daemon().start(this::loop);
    }

    /** Makes the sweep run now (a job with a callback may have ended). */
    public void wake() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    private void loop() {
        while (running) {
            try {
                int delivered = sweep();
                if (delivered < BATCH) {
                    wakeUp.drainPermits();
                    wakeUp.tryAcquire(settings.callbackSweepInterval().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.debug("Callback sweep failed: {}", e.getMessage());
                try {
                    Thread.sleep(settings.callbackSweepInterval().toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** Delivers every due callback once; returns how many were attempted. */
    public int sweep() throws InterruptedException {
        List<Due> due = database.inTransaction(this::claimDue);
        List<Future<?>> sending = new ArrayList<>();
        for (Due callback : due) {
            sending.add(senders.submit(() -> deliver(callback)));
        }
        for (Future<?> future : sending) {
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.warn("Callback delivery failed unexpectedly", e.getCause());
            }
        }
        return due.size();
    }

    private List<Due> claimDue(Connection connection) throws SQLException {
        List<Due> due = new ArrayList<>();
        try (PreparedStatement claim = connection.prepareStatement("""
                UPDATE platform.job j SET callback_next_at = now() + make_interval(secs => ?)
                WHERE j.id IN (SELECT id FROM platform.job WHERE callback_status = 'pending' AND callback_next_at <= now()
                               ORDER BY callback_next_at LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING j.id, j.ref, j.callback_url, j.callback_attempts, j.caller_id""")) {
            claim.setDouble(1, settings.callbackTimeout().multipliedBy(3).toMillis() / 1000.0);
            claim.setInt(2, BATCH);
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    due.add(new Due(rows.getLong("id"), rows.getString("ref"), rows.getString("callback_url"),
                            rows.getInt("callback_attempts"), rows.getLong("caller_id")));
                }
            }
        }
        return due;
    }

    private void deliver(Due callback) {
        int attempt = callback.previousAttempts() + 1;
        long started = System.nanoTime();
        Outcome outcome;
        try {
            Payload payload = database.inTransaction(connection -> payload(connection, callback));
            URI uri = guard.check(callback.url());
            long timestamp = Instant.now().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(settings.callbackTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "applecore-jobs")
                    .header("webhook-id", callback.ref())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", WebhookSignature.header(payload.secrets(), callback.ref(), timestamp, payload.body()))
                    .POST(HttpRequest.BodyPublishers.ofString(payload.body()))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            outcome = status >= 200 && status < 300 ? new Outcome(status, "delivered", null)
                    : new Outcome(status, "http_error", "The receiver answered " + status + ".");
        } catch (ApiException refused) {
            outcome = new Outcome(null, "refused", refused.getMessage());
        } catch (HttpTimeoutException e) {
            outcome = new Outcome(null, "timeout", "No answer within " + settings.callbackTimeout() + ".");
        } catch (IOException e) {
            outcome = new Outcome(null, "network_error", e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
        Outcome recorded = outcome;
        try {
            database.inTransaction(connection -> {
                record(connection, callback, attempt, recorded, millis);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("Could not record callback attempt {} of job {}: {}", attempt, callback.ref(), e.getMessage());
        }
    }

    private Payload payload(Connection connection, Due callback) throws SQLException {
        ObjectNode job = views.findById(connection, callback.id(), false).orElseThrow();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", "job." + job.path("status").asText());
        body.put("timestamp", Instant.now().toString());
        job.remove("callback");
        body.set("data", job);
        return new Payload(body.toString(), secrets.get(connection, callback.callerId()).signing());
    }

    private void record(Connection connection, Due callback, int attempt, Outcome outcome, int millis) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO platform.job_callback_attempt (job_id, attempt, status_code, outcome, detail, duration_ms)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            insert.setLong(1, callback.id());
            insert.setInt(2, attempt);
            insert.setObject(3, outcome.statusCode());
            insert.setString(4, outcome.outcome());
            insert.setString(5, outcome.detail());
            insert.setInt(6, millis);
            insert.executeUpdate();
        }
        List<Duration> delays = settings.callbackRetryDelays();
        String status;
        Timestamp next = null;
        if (outcome.outcome().equals("delivered")) {
            status = "delivered";
        } else if (outcome.outcome().equals("refused") || attempt >= delays.size()) {
            status = "failed";
        } else {
            status = "pending";
            next = Timestamp.from(Instant.now().plus(delays.get(attempt)));
        }
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE platform.job SET callback_attempts = ?, callback_status = ?, callback_next_at = ?, updated_at = now()
                WHERE id = ?""")) {
            update.setInt(1, attempt);
            update.setString(2, status);
            update.setTimestamp(3, next);
            update.setLong(4, callback.id());
            update.executeUpdate();
        }
        if (!status.equals("pending")) {
            LOG.debug("Callback of job {} {} after {} attempt(s)", callback.ref(), status, attempt);
        }
    }

    @PreDestroy
    synchronized void stop() {
        running = false;
        if (sweeper != null) {
            sweeper.interrupt();
        }
        senders.shutdownNow();
    }

    private record Due(long id, String ref, String url, int previousAttempts, long callerId) {
    }

    /** @param secrets the caller's current secret, and the previous one during its rotation grace */
    private record Payload(String body, List<String> secrets) {
        @Override
        public String toString() {
            return "Payload[" + body.length() + " chars]";
        }
    }

    private record Outcome(Integer statusCode, String outcome, String detail) {
    }
}
