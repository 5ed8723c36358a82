package org.applecore.platform.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.applecore.platform.database.Database;
import org.applecore.platform.problem.ApiException;
import org.applecore.sdk.errors.PluginException;

import java.sql.SQLException;
import java.util.Objects;

/**
 * Why a job (or one of its operations) failed: an HTTP-like status, a stable code, a detail for people, and
 * whether running the job again later may succeed. The engine retries a job only when this says so.
 *
 * @param operationIndex the failing operation's position, or -1 when the job failed as a whole
 */
public record JobError(int status, String code, String detail, boolean retriable, int operationIndex) {

    public JobError {
        Objects.requireNonNull(code, "code is null");
        Objects.requireNonNull(detail, "detail is null");
    }

    public static JobError of(int status, String code, String detail) {
        return new JobError(status, code, detail, false, -1);
    }

    /** Classifies anything an operation threw; only database outages, serialization conflicts and retriable plugin errors are retriable. */
    public static JobError from(Throwable failure) {
        return switch (failure) {
            case JobFailedException failed -> failed.error();
            case ApiException api -> new JobError(api.status(), api.code(), api.getMessage(), api.status() == 503, -1);
            case PluginException plugin -> new JobError(plugin.httpStatus(), plugin.code(), plugin.getMessage(),
                    plugin.retriable(), -1);
            case SQLException sql when Database.isConnectionFailure(sql) ->
                    new JobError(503, "jobs.database_unavailable", "The database could not be reached.", true, -1);
            case SQLException sql when "40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()) ->
                    new JobError(503, "jobs.conflict_retry", "The job collided with a concurrent change.", true, -1);
            default -> failure.getCause() instanceof SQLException sql && failure != sql ? from(sql)
                    : new JobError(500, "jobs.internal_error", "The operation failed unexpectedly ("
                    + failure.getClass().getSimpleName() + ").", false, -1);
        };
    }

    public JobError at(int index) {
        return new JobError(status, code, detail, retriable, index);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("status", status);
        json.put("code", code);
        json.put("detail", detail);
        json.put("retriable", retriable);
        if (operationIndex >= 0) {
            json.put("operation_index", operationIndex);
        } else {
            json.putNull("operation_index");
        }
        return json;
    }

    public static JobError fromJson(JsonNode json) {
        return new JobError(json.path("status").asInt(500), json.path("code").asText("jobs.internal_error"),
                json.path("detail").asText(""), json.path("retriable").asBoolean(false),
                json.path("operation_index").isNumber() ? json.path("operation_index").asInt() : -1);
    }
}
