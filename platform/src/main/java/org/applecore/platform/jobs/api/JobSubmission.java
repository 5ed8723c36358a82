package org.applecore.platform.jobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import org.applecore.platform.core.coretoken.CoreTokens;
import org.applecore.platform.core.coretoken.IssuedCoreToken;
import org.applecore.platform.core.access.CoreCallers;
import org.applecore.platform.database.Database;
import org.applecore.platform.jobs.JobSettings;
import org.applecore.platform.jobs.JobViews;
import org.applecore.platform.jobs.callback.CallbackUrlGuard;
import org.applecore.platform.jobs.operation.OperationTypes;
import org.applecore.platform.jobs.operation.ValueReferences;
import org.applecore.platform.jobs.queue.ClaimedJob;
import org.applecore.platform.jobs.queue.JobRunner;
import org.applecore.platform.jobs.queue.JobStore;
import org.applecore.platform.jobs.queue.JobWorker;
import org.applecore.platform.problem.ApiException;
import org.applecore.sdk.http.ActingUser;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Accepts jobs, from {@code POST /jobs} and from plugins: checks the operations (known types, value references
 * to earlier operations only), the callback URL (SSRF guard) and acting on behalf, then stores the job and
 * wakes the workers (NOTIFY) in one transaction. An {@code Idempotency-Key} already used by the submitter
 * returns the first job. A tester's immediate job runs here, synchronously, before the answer.
 */
@Singleton
public class JobSubmission {

    private static final Set<String> OPERATION_FIELDS = Set.of("id", "type", "input");

    private final Database database;
    private final OperationTypes types;
    private final CallbackUrlGuard guard;
    private final JobSettings settings;
    private final CoreCallers callers;
    private final CoreTokens tokens;
    private final JobViews views;
    private final JobWorker worker;
    private final JobRunner runner;
    private final SecureRandom random = new SecureRandom();

    JobSubmission(Database database, OperationTypes types, CallbackUrlGuard guard, JobSettings settings,
                  CoreCallers callers, CoreTokens tokens, JobViews views, JobWorker worker, JobRunner runner) {
        this.database = database;
        this.types = types;
        this.guard = guard;
        this.settings = settings;
        this.callers = callers;
        this.tokens = tokens;
        this.views = views;
        this.worker = worker;
        this.runner = runner;
    }

    /**
     * A job to submit.
     *
     * @param operations a JSON array of {@code {"id"?, "type", "input"?}}
     * @param onBehalfOf the operational user's id; null for the submitter
     * @param callbackUrl null for none
     * @param idempotencyKey null for none
     * @param immediate whether the submitter asks to run it at once (honoured for testers only)
     */
    public record Request(JsonNode operations, Long onBehalfOf, String callbackUrl, String idempotencyKey,
                          boolean immediate) {
    }

    /**
     * The stored job.
     *
     * @param replayed whether the idempotency key returned an earlier job
     * @param ranImmediately whether the job ran before this answer
     */
    public record Submitted(ObjectNode job, boolean replayed, boolean ranImmediately) {

        public String ref() {
            return job.path("ref").asText();
        }
    }

    public Submitted submit(ActingUser submitter, Request request) {
        Objects.requireNonNull(submitter, "submitter is null");
        ArrayNode operations = checkOperations(request.operations());
        String callbackUrl = request.callbackUrl();
        if (callbackUrl != null) {
            guard.check(callbackUrl);
        }
        String key = request.idempotencyKey();
        if (key != null && (key.isBlank() || key.length() > 255)) {
            throw ApiException.badRequest("jobs.invalid_idempotency_key", "Idempotency-Key must be 1 to 255 characters.");
        }
        boolean immediate = request.immediate() && submitter.hasRole("tester");
        // Only an idempotency key needs the request's hash (to tell a replay from a reused key).
        byte[] requestHash = key == null ? null : hash(operations, request.onBehalfOf(), callbackUrl);
        Stored stored = database.inTransaction(connection -> {
            long operationalUser = operationalUser(connection, submitter, request.onBehalfOf());
            if (key != null) {
                Stored earlier = findByKey(connection, submitter.id(), key, requestHash);
                if (earlier != null) {
                    return earlier;
                }
            }
            return insert(connection, submitter.id(), operationalUser, operations, callbackUrl, key, requestHash, immediate);
        });
        if (stored.replayed()) {
            return new Submitted(view(stored.ref()), true, false);
        }
        if (stored.claimed() != null) {
            worker.runImmediately(() -> runner.run(stored.claimed(), worker.owner()));
            return new Submitted(view(stored.ref()), false, true);
        }
        worker.wake();
        return new Submitted(stored.view(), false, false);
    }

    private ObjectNode view(String ref) {
        return database.inTransaction(connection -> views.find(connection, ref)).orElseThrow();
    }

    private ArrayNode checkOperations(JsonNode operations) {
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ApiException.badRequest("jobs.invalid_request", "operations must be a non-empty array.");
        }
        if (operations.size() > settings.maxOperations()) {
            throw ApiException.badRequest("jobs.too_many_operations",
                    "A job has at most " + settings.maxOperations() + " operations.");
        }
        ArrayNode checked = JsonNodeFactory.instance.arrayNode();
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < operations.size(); i++) {
            JsonNode operation = operations.get(i);
            if (!operation.isObject()) {
                throw ApiException.badRequest("jobs.invalid_operation", "operations[" + i + "] is not an object.");
            }
            for (Iterator<String> names = operation.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!OPERATION_FIELDS.contains(name)) {
                    throw ApiException.badRequest("jobs.unknown_field", "operations[" + i + "] has an unknown field '" + name
                            + "'; an operation is {\"id\", \"type\", \"input\"}.");
                }
            }
            JsonNode id = operation.path("id");
            String name = null;
            if (!id.isMissingNode() && !id.isNull()) {
                if (!id.isTextual() || !ValueReferences.OPERATION_ID.matcher(id.asText()).matches()
                        || id.asText().matches("[0-9].*")) {
                    throw ApiException.badRequest("jobs.invalid_operation", "operations[" + i
                            + "].id must be 1 to 64 letters, digits, '_' or '-', starting with a letter or '_'.");
                }
                name = id.asText();
                if (!seen.add(name)) {
                    throw ApiException.badRequest("jobs.invalid_operation", "operations[" + i + "].id '" + name + "' is used twice.");
                }
            }
            JsonNode type = operation.path("type");
            if (!type.isTextual()) {
                throw ApiException.badRequest("jobs.invalid_operation", "operations[" + i + "].type must be a string.");
            }
            if (types.find(type.asText()).isEmpty()) {
                throw ApiException.badRequest("jobs.unknown_operation_type", "operations[" + i + "].type '" + type.asText()
                        + "' is not an operation type of this platform.");
            }
            JsonNode input = operation.path("input");
            if (input.isMissingNode() || input.isNull()) {
                input = JsonNodeFactory.instance.objectNode();
            } else if (!input.isObject()) {
                throw ApiException.badRequest("jobs.invalid_operation", "operations[" + i + "].input must be an object.");
            }
            String problem = ValueReferences.check(input, ids);
            if (problem != null) {
                throw ApiException.badRequest("jobs.invalid_reference", "operations[" + i + "]: " + problem + ".");
            }
            ids.add(name);
            ObjectNode copy = checked.addObject();
            copy.put("id", name);
            copy.put("type", type.asText());
            copy.set("input", input);
        }
        return checked;
    }

    private long operationalUser(Connection connection, ActingUser submitter, Long onBehalfOf) throws SQLException {
        if (onBehalfOf == null || onBehalfOf == submitter.id()) {
            return submitter.id();
        }
        boolean byRole = submitter.roles().stream().anyMatch(settings.onBehalfRoles()::contains);
        // The groups the core counts for the submitter now (a bounded group only while its bounds hold), not every
        // group they are listed in.
        boolean byGroup = !byRole && !settings.onBehalfGroupIds().isEmpty()
                && callers.forUser(connection, submitter.id()).inAnyGroup(settings.onBehalfGroupIds());
        if (!byRole && !byGroup) {
            throw ApiException.forbidden("jobs.on_behalf_forbidden", "You may not submit jobs on behalf of another user.");
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM platform.account WHERE id = ? AND active")) {
            select.setLong(1, onBehalfOf);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw ApiException.notFound("jobs.user_not_found", "No active user with id " + onBehalfOf + ".");
                }
            }
        }
        return onBehalfOf;
    }

    private Stored findByKey(Connection connection, long submitterId, String key, byte[] requestHash) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT ref, request_hash FROM platform.job WHERE caller_id = ? AND idempotency_key = ?")) {
            select.setLong(1, submitterId);
            select.setString(2, key);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                if (!Arrays.equals(rows.getBytes("request_hash"), requestHash)) {
                    throw new ApiException(422, "jobs.idempotency_key_reused",
                            "This Idempotency-Key was used for a different job.");
                }
                return new Stored(rows.getString("ref"), true, null, null);
            }
        }
    }

    private Stored insert(Connection connection, long submitterId, long operationalUser, ArrayNode operations,
                          String callbackUrl, String key, byte[] requestHash, boolean immediate) throws SQLException {
        String ref = newRef();
        String status = immediate ? "running" : "queued";
        // One round trip: the insert, the NOTIFY that wakes the workers (not for an immediate run) and the
        // job's view (read from the inserted row).
        try (PreparedStatement insert = connection.prepareStatement("""
                WITH j AS (
                    INSERT INTO platform.job (ref, caller_id, operational_user_id, status, operations, max_attempts,
                                              callback_url, idempotency_key, request_hash, attempts, lease_owner,
                                              lease_expires_at, started_at)
                    VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN now() + make_interval(secs => ?) END,
                            CASE WHEN ? THEN now() END)
                    ON CONFLICT (caller_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                    RETURNING *)
                SELECT CASE WHEN ? THEN NULL ELSE pg_notify(?, '') END AS notified,
                """ + JobViews.columns() + " FROM j")) {
            insert.setString(1, ref);
            insert.setLong(2, submitterId);
            insert.setLong(3, operationalUser);
            insert.setString(4, status);
            insert.setString(5, operations.toString());
            insert.setInt(6, settings.maxAttempts());
            insert.setString(7, callbackUrl);
            insert.setString(8, key);
            insert.setBytes(9, requestHash);
            insert.setInt(10, immediate ? 1 : 0);
            insert.setString(11, immediate ? worker.owner() : null);
            insert.setBoolean(12, immediate);
            insert.setDouble(13, settings.lease().toMillis() / 1000.0);
            insert.setBoolean(14, immediate);
            insert.setBoolean(15, immediate);
            insert.setString(16, JobStore.CHANNEL);
            try (ResultSet rows = insert.executeQuery()) {
                if (!rows.next()) {
                    // A concurrent submission with the same key won: answer with its job.
                    throw new ApiException(409, "jobs.idempotency_conflict",
                            "A submission with this Idempotency-Key is being stored; retry.");
                }
                long id = rows.getLong("id");
                Instant createdAt = rows.getTimestamp("created_at").toInstant();
                if (!immediate) {
                    ObjectNode view = JobViews.view(rows);
                    ((ObjectNode) view.get("callback")).putArray("attempts");
                    return new Stored(ref, false, null, view);
                }
                IssuedCoreToken token = tokens.issue(connection, operationalUser, CoreTokens.KIND_JOB);
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE platform.job SET core_token_id = ? WHERE id = ?")) {
                    update.setLong(1, token.id());
                    update.setLong(2, id);
                    update.executeUpdate();
                }
                ClaimedJob claimed = new ClaimedJob(id, ref, user(connection, submitterId), user(connection, operationalUser),
                        operations, 1, settings.maxAttempts(), createdAt, token);
                return new Stored(ref, false, claimed, null);
            }
        }
    }

    private static ActingUser user(Connection connection, long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT a.id, a.username, ARRAY(SELECT role FROM platform.account_role WHERE account_id = a.id) AS roles
                FROM platform.account a WHERE a.id = ?""")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return new ActingUser(id, rows.getString("username"), Set.of((String[]) rows.getArray("roles").getArray()));
            }
        }
    }

    private String newRef() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return "job_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] hash(ArrayNode operations, Long onBehalfOf, String callbackUrl) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(operations.toString().getBytes(StandardCharsets.UTF_8));
            digest.update(("|" + onBehalfOf + "|" + callbackUrl).getBytes(StandardCharsets.UTF_8));
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** @param view the new queued job as read in its own transaction; null otherwise */
    private record Stored(String ref, boolean replayed, ClaimedJob claimed, ObjectNode view) {
    }
}
