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
 */
public final class JobCoreCredentials {

    private final String token;
    private final long tokenId;
    private final CoreTokens tokens;
    private final CoreCallers callers;
    private final CallerCache cache;

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
     * The caller the token stands for, now. The token is checked on every call; the caller's groups come from
     * the run's {@link CallerCache} when it has them.
     *
     * @throws JobFailedException 401 {@code jobs.token_revoked} when the token was revoked (the job was taken
     *     over or ended) or its account deactivated
     */
    public CoreCaller caller(Connection connection) throws SQLException {
        CoreTokenHolder holder = tokens.findHolder(connection, token).orElseThrow(() -> new JobFailedException(
                JobError.of(401, "jobs.token_revoked", "The job's core token is no longer valid.")));
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
