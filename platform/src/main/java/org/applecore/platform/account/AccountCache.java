package org.applecore.platform.account;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.applecore.platform.database.Database;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The current state of accounts for per-request authentication, kept for at most
 * {@code applecore.accounts.cache-ttl} (default 2s). Changes made through this host evict the entry at once
 * ({@link #invalidate}); changes made through another host sharing the database are seen once the entry
 * expires. A TTL of zero turns caching off.
 */
@Singleton
public class AccountCache {

    // Expired entries are only swept once the map grows past this, which bounds memory without a timer.
    private static final int SWEEP_THRESHOLD = 10_000;

    private record Entry(Optional<Account> account, long loadedAt) {
    }

    private final Database database;
    private final AccountStore store;
    private final long ttlNanos;
    private final ConcurrentMap<Long, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong invalidations = new AtomicLong();

    AccountCache(Database database, AccountStore store,
                 @Value("${applecore.accounts.cache-ttl:2s}") Duration ttl) {
        this.database = database;
        this.store = store;
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("applecore.accounts.cache-ttl must not be negative, was " + ttl);
        }
        this.ttlNanos = ttl.toNanos();
    }

    /** The account as it was at most one TTL ago; empty when there is no such account. Blocks on the database. */
    public Optional<Account> find(long id) {
        long now = System.nanoTime();
        Entry cached = entries.get(id);
        if (cached != null && now - cached.loadedAt() < ttlNanos) {
            return cached.account();
        }
        long invalidationsBefore = invalidations.get();
        Optional<Account> account = database.inTransaction(connection -> store.find(connection, id));
        if (ttlNanos > 0) {
            Entry loaded = new Entry(account, now);
            entries.put(id, loaded);
            // A change committed while this load ran may not be in what it read: drop the entry rather than
            // serve it for a whole TTL. Invalidation counts before it removes, so no interleaving slips by.
            if (invalidations.get() != invalidationsBefore) {
                entries.remove(id, loaded);
            }
            sweepIfLarge(now);
        }
        return account;
    }

    /** Forgets the account's entry; call after the change is committed. */
    public void invalidate(long id) {
        invalidations.incrementAndGet();
        entries.remove(id);
    }

    private void sweepIfLarge(long now) {
        if (entries.size() > SWEEP_THRESHOLD) {
            entries.values().removeIf(entry -> now - entry.loadedAt() >= ttlNanos);
        }
    }
}
