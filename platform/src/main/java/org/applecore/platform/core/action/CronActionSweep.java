package org.applecore.platform.core.action;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.bounds.BoundsService;
import org.applecore.platform.core.bounds.TimeBound;
import org.applecore.platform.core.lifecycle.LifecycleEvent;
import org.applecore.platform.core.tokentype.TokenTypes;
import org.applecore.platform.database.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs actions listening to {@code cron} at the fire times of their target attribute's time bounds. Every
 * {@code applecore.actions.cron-sweep-interval} each host looks for the latest fire time of each such bound
 * (no older than {@code cron-catch-up}, and inside the bound's start..stop); the host that inserts the claim
 * row for (action, bound, fire time) runs it, in its own transaction, for the tokens of the types the action
 * is applied to and their descendants (at most {@code cron-max-tokens}). A claim is committed before the run:
 * a fire time runs at most once, and a failing run is logged, not retried.
 */
@Singleton
public class CronActionSweep {

    private static final Logger LOG = LoggerFactory.getLogger(CronActionSweep.class);

    private final Database database;
    private final BoundsService bounds;
    private final TokenTypes tokenTypes;
    private final ActionRunner runner;
    private final Duration catchUp;
    private final int maxTokens;

    public CronActionSweep(Database database, BoundsService bounds, TokenTypes tokenTypes, ActionRunner runner,
                           @Value("${applecore.actions.cron-catch-up:5m}") Duration catchUp,
                           @Value("${applecore.actions.cron-max-tokens:10000}") int maxTokens) {
        this.database = database;
        this.bounds = bounds;
        this.tokenTypes = tokenTypes;
        this.runner = runner;
        this.catchUp = catchUp;
        this.maxTokens = maxTokens;
    }

    @Scheduled(fixedDelay = "${applecore.actions.cron-sweep-interval:30s}", initialDelay = "${applecore.actions.cron-sweep-interval:30s}")
    void scheduled() {
        try {
            sweep(Instant.now());
        } catch (RuntimeException e) {
            LOG.warn("The cron sweep of actions failed: {}", e.getMessage());
        }
    }

    private record Candidate(long actionId, String actionName, Long ownerId, long boundId) {
    }

    /** @return how many fire times this call ran */
    public int sweep(Instant now) {
        List<Candidate> candidates = database.inTransaction(connection -> {
            List<Candidate> found = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT a.id, a.name, a.owner_id, l.bound_id "
                    + "FROM core.action a JOIN core.attribute_time_bound l ON l.attribute_id = a.target_attribute_id "
                    + "JOIN core.time_bound b ON b.id = l.bound_id WHERE 'cron' = ANY (a.triggers) AND b.cron IS NOT NULL "
                    + "AND b.start_at <= ? AND b.stop_at >= ? ORDER BY a.id, l.bound_id")) {
                statement.setTimestamp(1, Timestamp.from(now));
                statement.setTimestamp(2, Timestamp.from(now.minus(catchUp)));
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        found.add(new Candidate(row.getLong(1), row.getString(2), ActionService.nullableLong(row, "owner_id"),
                                row.getLong(4)));
                    }
                }
            }
            return found;
        });
        int ran = 0;
        for (Candidate candidate : candidates) {
            TimeBound bound = database.inTransaction(connection -> bounds.requireTime(connection, candidate.boundId()));
            Instant fire = bound.cron().latestFireAtOrBefore(now, bound.zone(), catchUp);
            if (fire == null || fire.isBefore(bound.start()) || fire.isAfter(bound.stop()) || !claim(candidate, fire)) {
                continue;
            }
            try {
                database.inTransaction(connection -> {
                    Set<Long> types = new LinkedHashSet<>();
                    try (PreparedStatement statement = connection.prepareStatement(
                            "SELECT token_type_id FROM core.action_instance WHERE action_id = ?")) {
                        statement.setLong(1, candidate.actionId());
                        try (ResultSet row = statement.executeQuery()) {
                            while (row.next()) {
                                types.addAll(tokenTypes.selfAndDescendants(connection, row.getLong(1)));
                            }
                        }
                    }
                    List<Long> tokens = new ArrayList<>();
                    try (PreparedStatement statement = connection.prepareStatement(
                            "SELECT id FROM core.token WHERE type_id = ANY (?) ORDER BY id LIMIT ?")) {
                        statement.setArray(1, connection.createArrayOf("bigint", types.toArray()));
                        statement.setInt(2, maxTokens);
                        try (ResultSet row = statement.executeQuery()) {
                            while (row.next()) {
                                tokens.add(row.getLong(1));
                            }
                        }
                    }
                    CoreCaller caller = new CoreCaller(candidate.ownerId() == null ? 0 : candidate.ownerId(), "cron",
                            candidate.ownerId() == null, Set.of());
                    runner.fireCron(connection, new LifecycleEvent(null, caller, tokens, null, "cron"), candidate.actionId(),
                            fire);
                    return null;
                });
                ran++;
            } catch (RuntimeException e) {
                LOG.warn("Action '{}' failed at its cron time {}: {}", candidate.actionName(), fire, e.getMessage());
            }
        }
        return ran;
    }

    private boolean claim(Candidate candidate, Instant fire) {
        return database.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("INSERT INTO core.action_cron_fire (action_id, "
                    + "time_bound_id, fire_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                statement.setLong(1, candidate.actionId());
                statement.setLong(2, candidate.boundId());
                statement.setTimestamp(3, Timestamp.from(fire));
                return statement.executeUpdate() == 1;
            }
        });
    }
}
