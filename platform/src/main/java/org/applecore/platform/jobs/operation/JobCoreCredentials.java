package org.applecore.platform.jobs.operation;

import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.access.CoreCallers;
import org.applecore.platform.core.coretoken.CoreTokenHolder;
import org.applecore.platform.core.coretoken.CoreTokens;
import org.applecore.platform.jobs.JobError;
import org.applecore.platform.jobs.JobFailedException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The core token of one job run (kind {@code job}, issued when the run started, revoked when it ends).
 * Every core call of the job authenticates with it: each in-process call resolves its caller from it. The plain
 * token is held here only; {@link #toString()} never shows it.
 *
 * <p>The token is looked up once per run, at the first call, not at every call: whatever revokes it later (the
 * job cancelled or taken over) also changes the job row the run's terminal update is fenced on, so such a run
 * can never commit, whether or not its later calls notice.
 */
public final class JobCoreCredentials {

    private final String token;
    private final long tokenId;
    private final CoreTokens tokens;
    private final CoreCallers callers;
    private final CallerCache cache;
    private CoreTokenHolder holder;

    public JobCoreCredentials(String token, long tokenId, CoreTokens tokens, CoreCallers callers) {
        this(token, tokenId, tokens, callers, null);
    }

    /** @param cache the run's resolved callers (their groups), or null to resolve them on every call */
    public JobCoreCredentials(String token, long tokenId, CoreTokens tokens, CoreCallers callers, CallerCache cache) {
        this.token = Objects.requireNonNull(token, "token is null");
        this.tokenId = tokenId;
        this.tokens = Objects.requireNonNull(tokens, "tokens is null");
        this.callers = Objects.requireNonNull(callers, "callers is null");
        this.cache = cache;
    }

    /**
     * The caller the token stands for. The token is checked at the run's first call (see above); the caller's
     * groups come from the run's {@link CallerCache} when it has them.
     *
     * @throws JobFailedException 401 {@code jobs.token_revoked} when the token was revoked (the job was taken
     *     over or ended) or its account deactivated before the run's first core call
     */
    public CoreCaller caller(Connection connection) throws SQLException {
        if (holder == null) {
            holder = tokens.findHolder(connection, token).orElseThrow(() -> new JobFailedException(
                    JobError.of(401, "jobs.token_revoked", "The job's core token is no longer valid.")));
        }
        if (cache == null) {
            return callers.forAccount(connection, holder.userId(), holder.username(), holder.roles());
        }
        CoreCaller known = cache.find(holder);
        if (known != null) {
            return known;
        }
        CoreCaller caller = callers.forAccount(connection, holder.userId(), holder.username(), holder.roles());
        cache.put(holder, caller);
        return caller;
    }

    /**
     * Drops the run's resolved callers, after a change that may have changed someone's groups, so that the next
     * call sees them as the core now does.
     */
    void forgetResolvedCallers() {
        if (cache != null) {
            cache.clear();
        }
    }

    public long tokenId() {
        return tokenId;
    }

    @Override
    public String toString() {
        return "JobCoreCredentials[tokenId=" + tokenId + "]";
    }
}
