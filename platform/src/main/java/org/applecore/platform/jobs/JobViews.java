package org.applecore.platform.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import org.applecore.platform.core.paging.IdCursor;
import org.applecore.platform.jobs.queue.JobStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads stored jobs as the JSON clients see ({@code GET /jobs/{ref}}, callbacks, the internal API). Never
 * includes the job's core token.
 */
@Singleton
public class JobViews {

    private static final String COLUMNS = """
            j.id, j.ref, j.status, j.caller_id, j.operational_user_id, j.operations::text AS operations,
            j.results::text AS results, j.error::text AS error, j.attempts, j.max_attempts, j.callback_url,
            j.callback_status, j.callback_attempts, j.callback_next_at, j.created_at, j.started_at, j.finished_at,
            j.updated_at, j.idempotency_key,
            (SELECT username FROM platform.account WHERE id = j.caller_id) AS caller_name,
            (SELECT username FROM platform.account WHERE id = j.operational_user_id) AS user_name""";

    /** The job, with its callback attempts. */
    public Optional<ObjectNode> find(Connection connection, String ref) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM platform.job j WHERE j.ref = ?")) {
            select.setString(1, ref);
            return one(connection, select, true);
        }
    }

    public Optional<ObjectNode> findById(Connection connection, long id, boolean withAttempts) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM platform.job j WHERE j.id = ?")) {
            select.setLong(1, id);
            return one(connection, select, withAttempts);
        }
    }

    /** The jobs the user submitted or runs as, oldest first, one page (without callback attempts). */
    public IdCursor.Page<ObjectNode> listOf(Connection connection, long userId, long afterId, int limit) throws SQLException {
        List<ObjectNode> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + """
                 FROM platform.job j WHERE (j.caller_id = ? OR j.operational_user_id = ?) AND j.id > ?
                ORDER BY j.id LIMIT ?""")) {
            select.setLong(1, userId);
            select.setLong(2, userId);
            select.setLong(3, afterId);
            select.setInt(4, limit + 1);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(view(result));
                }
            }
        }
        return IdCursor.page(rows, limit, node -> node.path("id").asLong());
    }

    private Optional<ObjectNode> one(Connection connection, PreparedStatement select, boolean withAttempts) throws SQLException {
        ObjectNode view;
        try (ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            view = view(rows);
        }
        if (withAttempts) {
            ((ObjectNode) view.get("callback")).set("attempts", attempts(connection, view.path("id").asLong()));
        }
        return Optional.of(view);
    }

    private static ArrayNode attempts(Connection connection, long jobId) throws SQLException {
        ArrayNode attempts = JsonNodeFactory.instance.arrayNode();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT attempt, attempted_at, status_code, outcome, detail, duration_ms
                FROM platform.job_callback_attempt WHERE job_id = ? ORDER BY attempt""")) {
            select.setLong(1, jobId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ObjectNode attempt = attempts.addObject();
                    attempt.put("attempt", rows.getInt("attempt"));
                    attempt.put("attempted_at", rows.getTimestamp("attempted_at").toInstant().toString());
                    if (rows.getObject("status_code") == null) {
                        attempt.putNull("status_code");
                    } else {
                        attempt.put("status_code", rows.getInt("status_code"));
                    }
                    attempt.put("outcome", rows.getString("outcome"));
                    attempt.put("detail", rows.getString("detail"));
                    attempt.put("duration_ms", rows.getInt("duration_ms"));
                }
            }
        }
        return attempts;
    }

    /** The columns {@link #view(ResultSet)} reads, from a row source named {@code j} (a table or a CTE). */
    public static String columns() {
        return COLUMNS;
    }

    /** The job in the current row of a result selecting {@link #columns()} (callback attempts not included). */
    public static ObjectNode view(ResultSet rows) throws SQLException {
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        String ref = rows.getString("ref");
        view.put("id", rows.getLong("id"));
        view.put("ref", ref);
        view.put("url", "/jobs/" + ref);
        view.put("status", rows.getString("status"));
        ObjectNode caller = view.putObject("caller");
        caller.put("id", rows.getLong("caller_id"));
        caller.put("username", rows.getString("caller_name"));
        ObjectNode user = view.putObject("operational_user");
        user.put("id", rows.getLong("operational_user_id"));
        user.put("username", rows.getString("user_name"));
        view.set("operations", JobStore.readJson(rows.getString("operations")));
        JsonNode results = JobStore.readJson(rows.getString("results"));
        view.set("results", results == null ? JsonNodeFactory.instance.nullNode() : results);
        JsonNode error = JobStore.readJson(rows.getString("error"));
        view.set("error", error == null ? JsonNodeFactory.instance.nullNode() : error);
        view.put("attempts", rows.getInt("attempts"));
        view.put("max_attempts", rows.getInt("max_attempts"));
        view.put("idempotency_key", rows.getString("idempotency_key"));
        ObjectNode callback = view.putObject("callback");
        callback.put("url", rows.getString("callback_url"));
        callback.put("status", rows.getString("callback_status"));
        callback.put("attempt_count", rows.getInt("callback_attempts"));
        callback.put("next_attempt_at", instant(rows.getTimestamp("callback_next_at")));
        view.put("created_at", instant(rows.getTimestamp("created_at")));
        view.put("started_at", instant(rows.getTimestamp("started_at")));
        view.put("finished_at", instant(rows.getTimestamp("finished_at")));
        view.put("updated_at", instant(rows.getTimestamp("updated_at")));
        return view;
    }

    private static String instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant().toString();
    }
}
