package org.applecore.platform.jobs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import org.applecore.platform.account.RoleCatalog;
import org.applecore.platform.database.Database;
import org.applecore.platform.jobs.JobError;
import org.applecore.platform.jobs.JobStatus;
import org.applecore.platform.jobs.JobViews;
import org.applecore.platform.jobs.callback.CallbackDelivery;
import org.applecore.platform.jobs.queue.JobStore;
import org.applecore.platform.jobs.queue.JobWorker;
import org.applecore.platform.problem.ApiException;

import java.util.Iterator;
import java.util.Set;

/**
 * {@code /internal/jobs}: not for the public. {@code PATCH /internal/jobs/{ref}} sets a job's status (role
 * {@code job-write}); {@code GET /internal/jobs/metrics} and {@code /metrics/prometheus} report the engine's
 * figures (role {@code job-read}).
 */
@Controller("/internal/jobs")
@ExecuteOn(TaskExecutors.BLOCKING)
public class InternalJobController {

    private static final Set<String> FIELDS = Set.of("status", "error", "results");

    private final Database database;
    private final JobStore store;
    private final JobViews views;
    private final JobMetrics metrics;
    private final PrometheusMeterRegistry prometheus;
    private final CallbackDelivery callbacks;
    private final JobWorker worker;

    InternalJobController(Database database, JobStore store, JobViews views, JobMetrics metrics,
                          @Nullable PrometheusMeterRegistry prometheus, CallbackDelivery callbacks, JobWorker worker) {
        this.database = database;
        this.store = store;
        this.views = views;
        this.metrics = metrics;
        this.prometheus = prometheus;
        this.callbacks = callbacks;
        this.worker = worker;
    }

    /** Body: {@code {"status", "error"?: {"code", "detail"}, "results"?}}. */
    @Patch("/{ref}")
    @Secured(RoleCatalog.JOB_WRITE)
    public JsonNode update(@PathVariable String ref, @Body @Nullable JsonNode body) {
        if (body == null || !body.isObject() || !body.path("status").isTextual()) {
            throw ApiException.badRequest("jobs.invalid_request", "The body must be {\"status\", \"error\"?, \"results\"?}.");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiException.badRequest("jobs.unknown_field", "Unknown field '" + name + "'.");
            }
        }
        JobStatus target;
        try {
            target = JobStatus.fromWire(body.path("status").asText());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("jobs.invalid_status", "status is one of queued, succeeded, failed, cancelled.");
        }
        JsonNode errorJson = body.path("error");
        JobError error = null;
        if (errorJson.isObject()) {
            error = JobError.of(errorJson.path("status").asInt(500), errorJson.path("code").asText("jobs.failed_externally"),
                    errorJson.path("detail").asText("Marked failed through the internal API."));
        } else if (target == JobStatus.FAILED) {
            error = JobError.of(500, "jobs.failed_externally", "Marked failed through the internal API.");
        }
        JobError recorded = error;
        JsonNode results = body.path("results").isMissingNode() || body.path("results").isNull() ? null : body.get("results");
        JsonNode job = database.inTransaction(c -> {
            if (store.setStatus(c, ref, target.wire(), recorded, results).isEmpty()) {
                throw ApiException.notFound("jobs.job_not_found", "No job " + ref + ".");
            }
            return views.find(c, ref).orElseThrow();
        });
        if (target.terminal()) {
            callbacks.wake();
        } else {
            worker.wake();
        }
        return job;
    }

    @Get("/metrics")
    @Secured(RoleCatalog.JOB_READ)
    public JsonNode metrics() {
        return metrics.json();
    }

    /** The same figures (and the host's other meters) in the Prometheus text format. */
    @Get(value = "/metrics/prometheus", produces = "text/plain; version=0.0.4; charset=utf-8")
    @Secured(RoleCatalog.JOB_READ)
    public HttpResponse<String> prometheus() {
        if (prometheus == null) {
            throw new ApiException(404, "jobs.prometheus_disabled", "The Prometheus registry is disabled on this host.");
        }
        metrics.json();
        return HttpResponse.ok(prometheus.scrape()).contentType(MediaType.of("text/plain; version=0.0.4; charset=utf-8"));
    }
}
