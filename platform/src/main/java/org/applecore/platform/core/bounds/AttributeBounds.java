package org.applecore.platform.core.bounds;

import jakarta.inject.Singleton;
import org.applecore.platform.core.attribute.Attribute;
import org.applecore.platform.problem.ApiException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether attribute values apply to a token (seed 003, "Boundaries"): a value of an attribute with bounds
 * applies only while one of its time bounds holds (if it has any) and while the token's {@code location} is
 * inside one of its map bounds (if it has any). Attributes without bounds cost nothing: no query is made
 * unless one of the attributes asked about has bounds, and then one query per kind for all of them.
 */
@Singleton
public class AttributeBounds {

    private final BoundsService bounds;
    private final Clock clock;

    public AttributeBounds(BoundsService bounds) {
        this(bounds, Clock.systemUTC());
    }

    AttributeBounds(BoundsService bounds, Clock clock) {
        this.bounds = bounds;
        this.clock = clock;
    }

    /** Whether the attribute has bounds (from the attribute row; no query). */
    public static boolean bounded(Attribute attribute) {
        return !attribute.mapBounds().isEmpty() || !attribute.timeBounds().isEmpty();
    }

    /** The bounds of these attributes, judged now; {@link Applicability#NONE} (no query) when none has bounds. */
    public Applicability of(Connection connection, Collection<Attribute> attributes) throws SQLException {
        return of(connection, attributes, clock.instant());
    }

    /**
     * The bounds of these attributes, judged at an instant (an action run judges at its own {@code now}, the fire
     * time for cron runs); {@link Applicability#NONE} (no query) when none has bounds.
     */
    public Applicability of(Connection connection, Collection<Attribute> attributes, Instant at) throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (Attribute attribute : attributes) {
            if (bounded(attribute)) {
                ids.add(attribute.id());
            }
        }
        if (ids.isEmpty()) {
            return Applicability.NONE;
        }
        Map<Long, List<MapBound>> maps = new HashMap<>();
        Map<Long, List<TimeBound>> times = new HashMap<>();
        for (Long id : ids) {
            maps.put(id, new ArrayList<>());
            times.put(id, new ArrayList<>());
        }
        for (MapBound map : bounds.mapBoundsOf(connection, ids)) {
            for (Long use : map.attributeIds()) {
                List<MapBound> of = maps.get(use);
                if (of != null) {
                    of.add(map);
                }
            }
        }
        for (TimeBound time : bounds.timeBoundsOf(connection, ids)) {
            for (Long use : time.attributeIds()) {
                List<TimeBound> of = times.get(use);
                if (of != null) {
                    of.add(time);
                }
            }
        }
        Map<Long, BoundsService.Judgement> judgements = new HashMap<>();
        for (Long id : ids) {
            judgements.put(id, new BoundsService.Judgement(maps.get(id), times.get(id)));
        }
        return new Applicability(judgements, bounds.prepared(), at);
    }

    /** Bounds loaded once, judged per token. */
    public static final class Applicability {

        public static final Applicability NONE = new Applicability(Map.of(), null, Instant.EPOCH);

        private final Map<Long, BoundsService.Judgement> judgements;
        private final PreparedBounds prepared;
        private final Instant now;

        private Applicability(Map<Long, BoundsService.Judgement> judgements, PreparedBounds prepared, Instant now) {
            this.judgements = judgements;
            this.prepared = prepared;
            this.now = now;
        }

        /** Whether judging needs the token's location (some attribute has map bounds). */
        public boolean needsLocation() {
            for (BoundsService.Judgement judgement : judgements.values()) {
                if (judgement.hasMapBounds()) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Whether the attribute's value applies to a token at this location (null: the token has none, so
         * map bounds do not hold).
         */
        public boolean applies(Attribute attribute, BoundsService.Location location) {
            BoundsService.Judgement judgement = judgements.get(attribute.id());
            return judgement == null || judgement.holds(prepared, location, now);
        }

        /** @throws ApiException 409 {@code core.attribute_out_of_bounds} when the value does not apply there and then */
        public void requireApplies(Attribute attribute, long tokenId, BoundsService.Location location) {
            if (!applies(attribute, location)) {
                throw ApiException.conflict("core.attribute_out_of_bounds", "Attribute " + attribute.id() + " ("
                        + attribute.name() + ") does not apply to token " + tokenId + " here and now: "
                        + reason(judgements.get(attribute.id()), location) + ".");
            }
        }

        private String reason(BoundsService.Judgement judgement, BoundsService.Location location) {
            if (!judgement.inTime(now)) {
                return "none of its time bounds holds at " + now;
            }
            return location == null ? "it has map bounds and the token has no location"
                    : "the token's location is inside none of its map bounds";
        }
    }
}
