package org.applecore.platform.jobs.operation;

import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.coretoken.CoreTokenHolder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The core callers (with their effective groups) resolved during one worker run (one job, or one batch of jobs
 * in one transaction), so that a user's groups are read once per run instead of once per core call. The job
 * runner clears it whenever groups may have changed in the run: after a {@code core.group.*} or plugin
 * operation, and when a job is rolled back to its savepoint. Not thread-safe: one per run.
 */
public final class CallerCache {

    private final Map<List<Object>, CoreCaller> callers = new HashMap<>();

    CoreCaller find(CoreTokenHolder holder) {
        return callers.get(key(holder));
    }

    void put(CoreTokenHolder holder, CoreCaller caller) {
        callers.put(key(holder), caller);
    }

    public void clear() {
        callers.clear();
    }

    private static List<Object> key(CoreTokenHolder holder) {
        return List.of(holder.userId(), holder.username(), List.copyOf(holder.roles()));
    }
}
