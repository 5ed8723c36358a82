package org.applecore.platform.core.action;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code location} changes that actions made during one call of the runner (one lifecycle event, one
 * location change, one cron fire time), to be run as location triggers once that call's runs are done: running
 * them in the middle would let the triggered runs change states and values the running ones hold copies of. A
 * token moved several times in one call counts as one move, from where it was before the first to where the
 * last left it.
 */
final class LocationMoves {

    /** Where one token was before the call's first move, and where the last one left it. */
    record Move(JsonNode before, JsonNode after) {
    }

    private final int depth;
    private final Map<Long, Move> byToken = new LinkedHashMap<>();
    private final Set<String> movers = new TreeSet<>();

    /** @param depth how many action moves in a row led to this call (0 for a REST operation or the cron sweep) */
    LocationMoves(int depth) {
        this.depth = depth;
    }

    int depth() {
        return depth;
    }

    /** The names of the actions that moved tokens. */
    Set<String> movers() {
        return movers;
    }

    void record(String actionName, long tokenId, JsonNode before, JsonNode after) {
        Move earlier = byToken.get(tokenId);
        byToken.put(tokenId, new Move(earlier == null ? before : earlier.before(), after));
        movers.add(actionName);
    }

    /** The tokens that end up somewhere else, grouped by (before, after), each group in ascending token id. */
    Map<Move, List<Long>> moved() {
        Map<Move, List<Long>> grouped = new LinkedHashMap<>();
        byToken.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            Move move = entry.getValue();
            if (!Objects.equals(move.before(), move.after())) {
                grouped.computeIfAbsent(move, m -> new ArrayList<>()).add(entry.getKey());
            }
        });
        return grouped;
    }
}
