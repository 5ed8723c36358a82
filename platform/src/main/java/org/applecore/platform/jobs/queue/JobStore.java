package org.applecore.platform.jobs.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import org.applecore.platform.core.coretoken.CoreTokens;
import org.applecore.platform.core.coretoken.FreshTokens;
import org.applecore.platform.core.coretoken.IssuedCoreToken;
import org.applecore.platform.jobs.JobError;
import org.applecore.sdk.http.ActingUser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The queue's SQL: claiming with {@code FOR UPDATE SKIP LOCKED}, leases fenced on the owner, terminal
 * updates, lease expiry. Every method runs in the caller's transaction.
 */
@Singleton
public class JobStore {

    /** The channel workers LISTEN on; a submission NOTIFYs it in its transaction. */
    public static final String CHANNEL = "applecore_jobs";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_COLUMNS = """
            (SELECT username FROM platform.account WHERE id = j.caller_id) AS caller_name,
            ARRAY(SELECT role FROM platform.account_role WHERE account_id = j.caller_id) AS caller_roles,
            (SELECT username FROM platform.account WHERE id = j.operational_user_id) AS user_name,
            ARRAY(SELECT role FROM platform.account_role WHERE account_id = j.operational_user_id) AS user_roles""";

    private final CoreTokens tokens;

    JobStore(CoreTokens tokens) {
        this.tokens = tokens;
    }

    public static void notifyWorkers(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("NOTIFY " + CHANNEL);
        }
    }

    /**
     * Leases up to {@code limit} ready jobs to the owner and issues each run's core token, in the caller's
     * transaction (so a job is never running without its token being recorded). One statement claims the jobs,
     * stores their tokens and links them; only a job whose operational user has no core user yet (its first
     * run) takes a second round trip, to make that core user and issue its token.
     */
    public List<ClaimedJob> claim(Connection connection, String owner, Duration lease, int limit) throws SQLException {
        FreshTokens fresh = tokens.fresh(limit);
        List<ClaimedJob> claimed = new ArrayList<>();
        List<ClaimedJob> withoutToken = new ArrayList<>();
        try (PreparedStatement update = connection.prepareStatement("""
                WITH picked AS (
                    SELECT id, operational_user_id FROM platform.job WHERE status = 'queued' AND run_after <= now()
                    ORDER BY run_after, id LIMIT ? FOR UPDATE SKIP LOCKED),
                numbered AS (
                    SELECT p.id, p.operational_user_id, h.hash, h.position
                    FROM (SELECT id, operational_user_id, row_number() OVER (ORDER BY id) AS position FROM picked) p
                    JOIN unnest(?::bytea[]) WITH ORDINALITY AS h(hash, position) ON h.position = p.position),
                issued AS (
                    INSERT INTO core.core_token (user_id, token_hash, kind)
                    SELECT n.operational_user_id, n.hash, ? FROM numbered n
                    WHERE EXISTS (SELECT 1 FROM core.core_user u WHERE u.id = n.operational_user_id)
                    RETURNING id, token_hash, created_at)
                UPDATE platform.job j SET status = 'running', lease_owner = ?,
                       lease_expires_at = now() + make_interval(secs => ?), attempts = j.attempts + 1,
                       started_at = COALESCE(j.started_at, now()), updated_at = now(), core_token_id = i.id
                FROM numbered n LEFT JOIN issued i ON i.token_hash = n.hash
                WHERE j.id = n.id
                RETURNING j.id, j.ref, j.caller_id, j.operational_user_id, j.operations::text AS operations,
                          j.attempts, j.max_attempts, j.created_at, n.position, i.id AS token_id,
                          i.created_at AS token_created_at,
                """ + USER_COLUMNS)) {
            update.setInt(1, limit);
            update.setArray(2, connection.createArrayOf("bytea", fresh.hashes()));
            update.setString(3, CoreTokens.KIND_JOB);
            update.setString(4, owner);
            update.setDouble(5, lease.toMillis() / 1000.0);
            try (ResultSet rows = update.executeQuery()) {
                while (rows.next()) {
                    long userId = rows.getLong("operational_user_id");
                    long tokenId = rows.getLong("token_id");
                    IssuedCoreToken token = rows.wasNull() ? null : fresh.issued(rows.getInt("position"), tokenId,
                            userId, CoreTokens.KIND_JOB, rows.getTimestamp("token_created_at").toInstant());
                    ClaimedJob job = new ClaimedJob(rows.getLong("id"), rows.getString("ref"),
                            user(rows, "caller_id", "caller_name", "caller_roles"),
                            user(rows, "operational_user_id", "user_name", "user_roles"),
                            readJson(rows.getString("operations")), rows.getInt("attempts"), rows.getInt("max_attempts"),
                            rows.getTimestamp("created_at").toInstant(), token);
                    (token == null ? withoutToken : claimed).add(job);
                }
            }
        }
        for (ClaimedJob job : withoutToken) {
            claimed.add(withToken(connection, job));
        }
        claimed.sort(Comparator.comparingLong(ClaimedJob::id));
        return claimed;
    }

    /** Issues the run's token of a claimed job whose operational user had no core user yet. */
    private ClaimedJob withToken(Connection connection, ClaimedJob job) throws SQLException {
        IssuedCoreToken token = tokens.issue(connection, job.user().id(), CoreTokens.KIND_JOB);
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE platform.job SET core_token_id = ? WHERE id = ?")) {
            update.setLong(1, token.id());
            update.setLong(2, job.id());
            update.executeUpdate();
        }
        return new ClaimedJob(job.id(), job.ref(), job.submitter(), job.user(), job.operations(), job.attempts(),
                job.maxAttempts(), job.createdAt(), token);
    }

    /**
     * Ends a run the owner still leases: the terminal state, results or error, lease released, the run's core
     * token revoked, the callback scheduled. False (and nothing changed) when the lease was lost.
     */
    public boolean finish(Connection connection, long jobId, String owner, String status, JsonNode results,
                          JobError error) throws SQLException {
        return finishAll(connection, List.of(new Ending(jobId, status, results, error)), owner) == 1;
    }

    /** How a run ends: its terminal status with its results or its error. */
    public record Ending(long jobId, String status, JsonNode results, JobError error) {
    }

    /**
     * Locks the rows of the given jobs that the owner still leases, until the caller's transaction ends: while
     * locked, no one can take them over, cancel them or expire their lease. (Only a running job has a lease
     * owner, a constraint makes sure, so the fence tests the owner alone and the lookup uses the primary key;
     * see V63.)
     *
     * @return the ids of the jobs locked; the others were taken from the owner
     */
    public Set<Long> lockLeased(Connection connection, List<Long> jobIds, String owner) throws SQLException {
        Set<Long> held = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT id FROM platform.job WHERE id = ANY (?) AND lease_owner = ?
                ORDER BY id FOR UPDATE""")) {
            select.setArray(1, connection.createArrayOf("bigint", jobIds.toArray()));
            select.setString(2, owner);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    held.add(rows.getLong(1));
                }
            }
        }
        return held;
    }

    /**
     * {@link #finish} for many runs in one statement (one round trip: the fenced terminal updates and the
     * revocation of the runs' tokens).
     *
     * @return how many runs were ended (fewer than given when leases were lost)
     */
    public int finishAll(Connection connection, List<Ending> endings, String owner) throws SQLException {
        if (endings.isEmpty()) {
            return 0;
        }
        Long[] ids = new Long[endings.size()];
        String[] statuses = new String[ids.length];
        String[] results = new String[ids.length];
        String[] errors = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            Ending ending = endings.get(i);
            ids[i] = ending.jobId();
            statuses[i] = ending.status();
            results[i] = ending.results() == null ? null : ending.results().toString();
            errors[i] = ending.error() == null ? null : ending.error().toJson().toString();
        }
        try (PreparedStatement update = connection.prepareStatement("""
                WITH ended AS (
                    UPDATE platform.job j SET status = e.status, results = e.results::jsonb, error = e.error::jsonb,
                           finished_at = now(), updated_at = now(), lease_owner = NULL, lease_expires_at = NULL,
                           callback_status = CASE WHEN j.callback_url IS NULL THEN NULL ELSE 'pending' END,
                           callback_next_at = CASE WHEN j.callback_url IS NULL THEN NULL ELSE now() END
                    FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[]) AS e(id, status, results, error)
                    WHERE j.id = e.id AND j.lease_owner = ?
                    RETURNING j.core_token_id),
                revoked AS (
                    UPDATE core.core_token SET revoked_at = COALESCE(revoked_at, now())
                    WHERE id IN (SELECT core_token_id FROM ended))
                SELECT count(*) FROM ended""")) {
            update.setArray(1, connection.createArrayOf("bigint", ids));
            update.setArray(2, connection.createArrayOf("text", statuses));
            update.setArray(3, connection.createArrayOf("text", results));
            update.setArray(4, connection.createArrayOf("text", errors));
            update.setString(5, owner);
            try (ResultSet rows = update.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** Puts a run the owner leases back in the queue to try again after the delay; revokes its token. */
    public boolean retryLater(Connection connection, long jobId, String owner, Duration delay, JobError error)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE platform.job SET status = 'queued', error = ?::jsonb, updated_at = now(),
                       run_after = now() + make_interval(secs => ?), lease_owner = NULL, lease_expires_at = NULL
                WHERE id = ? AND lease_owner = ? AND status = 'running'
                RETURNING core_token_id""")) {
            update.setString(1, error.toJson().toString());
            update.setDouble(2, delay.toMillis() / 1000.0);
            update.setLong(3, jobId);
            update.setString(4, owner);
            try (ResultSet rows = update.executeQuery()) {
                if (!rows.next()) {
                    return false;
                }
                Long tokenId = (Long) rows.getObject("core_token_id");
                if (tokenId != null) {
                    tokens.revoke(connection, tokenId);
                }
            }
        }
        return true;
    }

    /**
     * Extends the leases of every job the owner runs. Rows locked right now are skipped rather than waited for:
     * they are held by this owner's own batches (about to end them) or by someone ending them, and waiting would
     * stall the heartbeat and every claim behind it; the next beat, a third of a lease later, extends them.
     */
    public int heartbeat(Connection connection, String owner, Duration lease) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE platform.job SET lease_expires_at = now() + make_interval(secs => ?)
                WHERE id IN (SELECT id FROM platform.job WHERE lease_owner = ? AND status = 'running'
                             FOR UPDATE SKIP LOCKED)""")) {
            update.setDouble(1, lease.toMillis() / 1000.0);
            update.setString(2, owner);
            return update.executeUpdate();
        }
    }

    /**
     * Takes back the jobs whose lease expired (their worker died or stalled): queued again, or failed with
     * {@code jobs.lease_expired} when out of attempts; their run's core token is revoked either way. Returns
     * how many were re-queued.
     */
    public int expireLeases(Connection connection) throws SQLException {
        String error = JobError.of(500, "jobs.lease_expired",
                "The worker running the job stopped answering, and the job has no attempts left.").toJson().toString();
        int requeued = 0;
        List<Long> tokensToRevoke = new ArrayList<>();
        try (PreparedStatement update = connection.prepareStatement("""
                WITH expired AS (
                    SELECT id, core_token_id FROM platform.job
                    WHERE status = 'running' AND lease_expires_at < now() FOR UPDATE SKIP LOCKED)
                UPDATE platform.job j SET
                       status = CASE WHEN j.attempts >= j.max_attempts THEN 'failed' ELSE 'queued' END,
                       error = CASE WHEN j.attempts >= j.max_attempts THEN ?::jsonb ELSE j.error END,
                       finished_at = CASE WHEN j.attempts >= j.max_attempts THEN now() END,
                       callback_status = CASE WHEN j.attempts >= j.max_attempts AND j.callback_url IS NOT NULL
                                              THEN 'pending' ELSE j.callback_status END,
                       callback_next_at = CASE WHEN j.attempts >= j.max_attempts AND j.callback_url IS NOT NULL
                                               THEN now() ELSE j.callback_next_at END,
                       run_after = now(), lease_owner = NULL, lease_expires_at = NULL, core_token_id = NULL,
                       updated_at = now()
                FROM expired WHERE j.id = expired.id
                RETURNING j.status, expired.core_token_id""")) {
            update.setString(1, error);
            try (ResultSet rows = update.executeQuery()) {
                while (rows.next()) {
                    if (rows.getString("status").equals("queued")) {
                        requeued++;
                    }
                    Long tokenId = (Long) rows.getObject("core_token_id");
                    if (tokenId != null) {
                        tokensToRevoke.add(tokenId);
                    }
                }
            }
        }
        for (long tokenId : tokensToRevoke) {
            tokens.revoke(connection, tokenId);
        }
        return requeued;
    }

    /** Deletes jobs that ended before the cutoff and whose callback is settled; returns how many. */
    public int prune(Connection connection, Duration retention) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("""
                DELETE FROM platform.job WHERE finished_at < now() - make_interval(secs => ?)
                AND (callback_status IS NULL OR callback_status <> 'pending')""")) {
            delete.setDouble(1, retention.toMillis() / 1000.0);
            return delete.executeUpdate();
        }
    }

    /**
     * Sets a job's status from outside its run (the submitter cancelling, the internal API). A terminal status
     * ends the job: lease released (a worker still running it will fail its fenced commit, so none of its work
     * stays), core token revoked, callback scheduled. {@code queued} puts a running, failed or cancelled job
     * back in the queue with fresh attempts.
     *
     * @return the previous status; empty when there is no such job
     * @throws org.applecore.platform.problem.ApiException 409 {@code jobs.invalid_transition}
     */
    public java.util.Optional<String> setStatus(Connection connection, String ref, String target, JobError error,
                                                JsonNode results) throws SQLException {
        long id;
        String current;
        Long tokenId;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, status, core_token_id FROM platform.job WHERE ref = ? FOR UPDATE")) {
            select.setString(1, ref);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return java.util.Optional.empty();
                }
                id = rows.getLong("id");
                current = rows.getString("status");
                tokenId = (Long) rows.getObject("core_token_id");
            }
        }
        boolean active = current.equals("queued") || current.equals("running");
        boolean toTerminal = target.equals("succeeded") || target.equals("failed") || target.equals("cancelled");
        if (toTerminal && !active || target.equals("queued") && current.equals("queued") || target.equals("running")
                || target.equals("queued") && current.equals("succeeded")) {
            throw org.applecore.platform.problem.ApiException.conflict("jobs.invalid_transition",
                    "A " + current + " job cannot become " + target + ".");
        }
        String sql = toTerminal ? """
                UPDATE platform.job SET status = ?, error = COALESCE(?::jsonb, error), results = COALESCE(?::jsonb, results),
                       finished_at = now(), updated_at = now(), lease_owner = NULL, lease_expires_at = NULL, core_token_id = NULL,
                       callback_status = CASE WHEN callback_url IS NULL THEN NULL ELSE 'pending' END,
                       callback_next_at = CASE WHEN callback_url IS NULL THEN NULL ELSE now() END
                WHERE id = ?""" : """
                UPDATE platform.job SET status = ?, error = COALESCE(?::jsonb, error), results = COALESCE(?::jsonb, results),
                       finished_at = NULL, updated_at = now(), lease_owner = NULL, lease_expires_at = NULL, core_token_id = NULL,
                       attempts = 0, run_after = now(), callback_status = NULL, callback_next_at = NULL
                WHERE id = ?""";
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, target);
            update.setString(2, error == null ? null : error.toJson().toString());
            update.setString(3, results == null ? null : results.toString());
            update.setLong(4, id);
            update.executeUpdate();
        }
        if (tokenId != null) {
            tokens.revoke(connection, tokenId);
        }
        if (target.equals("queued")) {
            notifyWorkers(connection);
        }
        return java.util.Optional.of(current);
    }

    static ActingUser user(ResultSet rows, String idColumn, String nameColumn, String rolesColumn) throws SQLException {
        Array roles = rows.getArray(rolesColumn);
        String name = rows.getString(nameColumn);
        return new ActingUser(rows.getLong(idColumn), name == null ? "" : name, Set.of((String[]) roles.getArray()));
    }

    public static JsonNode readJson(String text) {
        try {
            return text == null ? null : JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
