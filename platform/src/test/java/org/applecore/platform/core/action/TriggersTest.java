package org.applecore.platform.core.action;

import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.applecore.platform.core.action.ActionFixtures.created;
import static org.applecore.platform.core.action.ActionFixtures.systemAttribute;
import static org.applecore.platform.core.bounds.BoundsFixtures.areaAttribute;
import static org.applecore.platform.core.bounds.BoundsFixtures.locatedType;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actions on location_entering / location_leaving (token values changed over HTTP, tokens created with a location,
 * edit_attribute on location, changes to location returned by actions, with cascades bounded) and on cron fire times.
 */
class TriggersTest {

    /** Small, so that the cascade tests reach it in a few moves. */
    private static final int MAX_CASCADE = 3;

    private static TestHost host;
    private static CoreClient alice;
    private static long location;

    @BeforeAll
    static void startHost() {
        host = TestHost.start(Map.of("applecore.actions.max-location-cascade", String.valueOf(MAX_CASCADE)));
        alice = CoreClient.create(host, "alice");
        location = systemAttribute(alice, "location");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    private static long id(TestResponse response) {
        return created(response).path("id").asLong();
    }

    private static int count(long action, String field) {
        return alice.get("/core/actions/" + action).json().path("script").path("global_state").path(field).asInt();
    }

    private static final String COUNT = "(input) => ({ global_state: { n: (input.global_state.n || 0) + input.target_tokens.length } })";

    @Test
    void enteringAndLeavingAnAreaRunTheirActions() {
        long dock = areaAttribute(alice, "harbour", 0, 0);
        long boat = locatedType(alice, "boat", dock);
        long entering = id(alice.post("/core/actions", Map.of("name", "arrives", "target_attribute_id", dock,
                "triggers", List.of("location_entering"), "script", Map.of("source", COUNT))));
        long leaving = id(alice.post("/core/actions", Map.of("name", "departs", "target_attribute_id", dock,
                "triggers", List.of("location_leaving"), "script", Map.of("source", COUNT))));
        alice.put("/core/actions/" + entering + "/instances/" + boat, Map.of());
        alice.put("/core/actions/" + leaving + "/instances/" + boat, Map.of());
        long set = id(alice.post("/core/token-sets", Map.of("name", "fleet")));
        long token = id(alice.post("/core/tokens", Map.of("token_type", boat, "set", set,
                "values", Map.of(String.valueOf(location), Map.of("lat", 5, "lon", 5)))));

        move(token, 0.5, 0.5);
        assertThat(count(entering, "n")).isEqualTo(1);
        assertThat(count(leaving, "n")).isZero();
        move(token, 0.6, 0.6);
        assertThat(count(entering, "n")).as("moving inside is not entering").isEqualTo(1);
        move(token, 3, 3);
        assertThat(count(leaving, "n")).isEqualTo(1);
        assertThat(count(entering, "n")).isEqualTo(1);
    }

    @Test
    void creatingATokenInsideAnAreaEntersIt() {
        long berth = areaAttribute(alice, "quay", 10, 10);
        long ship = locatedType(alice, "ship", berth);
        long entering = id(alice.post("/core/actions", Map.of("name", "moored", "target_attribute_id", berth,
                "triggers", List.of("location_entering"), "script", Map.of("source", COUNT))));
        alice.put("/core/actions/" + entering + "/instances/" + ship, Map.of());
        long set = id(alice.post("/core/token-sets", Map.of("name", "ships")));

        id(alice.post("/core/tokens", Map.of("token_type", ship, "set", set,
                "values", Map.of(String.valueOf(location), Map.of("lat", 10.5, "lon", 10.5)))));
        assertThat(count(entering, "n")).as("created inside the area").isEqualTo(1);
        id(alice.post("/core/tokens", Map.of("token_type", ship, "set", set,
                "values", Map.of(String.valueOf(location), Map.of("lat", 50, "lon", 50)))));
        id(alice.post("/core/tokens", Map.of("token_type", ship, "set", set)));
        assertThat(count(entering, "n")).as("created outside, or without a location").isEqualTo(1);
    }

    @Test
    void editAttributeOnLocationEntersAndLeavesAreas() {
        long anchorage = areaAttribute(alice, "bay", 20, 20);
        long yacht = locatedType(alice, "yacht", anchorage);
        long entering = id(alice.post("/core/actions", Map.of("name", "anchors", "target_attribute_id", anchorage,
                "triggers", List.of("location_entering"), "script", Map.of("source", COUNT))));
        long leaving = id(alice.post("/core/actions", Map.of("name", "weighs", "target_attribute_id", anchorage,
                "triggers", List.of("location_leaving"), "script", Map.of("source", COUNT))));
        alice.put("/core/actions/" + entering + "/instances/" + yacht, Map.of());
        alice.put("/core/actions/" + leaving + "/instances/" + yacht, Map.of());
        long set = id(alice.post("/core/token-sets", Map.of("name", "marina")));
        id(alice.post("/core/tokens", Map.of("token_type", yacht, "set", set,
                "values", Map.of(String.valueOf(location), Map.of("lat", 60, "lon", 60)))));
        id(alice.post("/core/tokens", Map.of("token_type", yacht, "set", set,
                "values", Map.of(String.valueOf(location), Map.of("lat", 61, "lon", 61)))));
        id(alice.post("/core/tokens", Map.of("token_type", yacht, "set", set)));

        editLocation(set, 20.5, 20.5);
        assertThat(count(entering, "n")).as("three tokens moved into the bay").isEqualTo(3);
        assertThat(count(leaving, "n")).isZero();
        editLocation(set, 20.5, 20.5);
        assertThat(count(entering, "n")).as("no change, no trigger").isEqualTo(3);
        editLocation(set, 70, 70);
        assertThat(count(leaving, "n")).isEqualTo(3);
        assertThat(count(entering, "n")).isEqualTo(3);
    }

    private static void editLocation(long set, double lat, double lon) {
        TestResponse edited = alice.post("/core/set-operations", Map.of("operation", "edit_attribute", "source_set", set,
                "attribute", "location", "value", Map.of("lat", lat, "lon", lon)));
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
    }

    private static void move(long token, double lat, double lon) {
        TestResponse moved = alice.patch("/core/tokens/" + token + "/values",
                Map.of("values", Map.of(String.valueOf(location), Map.of("lat", lat, "lon", lon))));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    }

    /** An action of alice's, applied to the token type. */
    private static long appliedTo(long type, Map<String, Object> definition) {
        long action = id(alice.post("/core/actions", definition));
        TestResponse applied = alice.put("/core/actions/" + action + "/instances/" + type, Map.of());
        assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
        return action;
    }

    /**
     * An action that moves its token to (lat, lon) on an event.
     *
     * @param listensTo {@code lifecycles} or {@code triggers}
     */
    private static Map<String, Object> mover(String name, long target, String listensTo, String event, double lat, double lon) {
        return Map.of("name", name, "target_attribute_id", target, listensTo, List.of(event),
                "recipient", Map.of("attribute_id", location), "script", Map.of("source",
                        "(input) => ({ changes: [{ name: 'location', value: { lat: " + lat + ", lon: " + lon + " } }] })"));
    }

    private static long locationOf(long token) {
        for (var value : alice.get("/core/tokens/" + token).json().path("values")) {
            if (value.path("attribute_id").asLong() == location) {
                return (long) Math.floor(value.path("value").path("lat").asDouble());
            }
        }
        throw new AssertionError("token " + token + " shows no location");
    }

    @Test
    void anActionMovingATokenRunsTheLocationTriggers() {
        long chamber = areaAttribute(alice, "lock", 30, 30);
        long narrowboat = locatedType(alice, "narrowboat", chamber);
        appliedTo(narrowboat, mover("launch", location, "lifecycles", "creation", 30.5, 30.5));
        long entering = appliedTo(narrowboat, Map.of("name", "locks-in", "target_attribute_id", chamber,
                "triggers", List.of("location_entering"), "script", Map.of("source", COUNT)));
        long set = id(alice.post("/core/token-sets", Map.of("name", "canal")));

        long token = id(alice.post("/core/tokens", Map.of("token_type", narrowboat, "set", set)));
        assertThat(locationOf(token)).isEqualTo(30);
        assertThat(count(entering, "n")).as("launch moved it into the lock").isEqualTo(1);
    }

    @Test
    void cascadesOfMovesRunUpToTheLimit() {
        List<Long> stops = new ArrayList<>();
        for (int i = 0; i <= MAX_CASCADE; i++) {
            stops.add(areaAttribute(alice, "stop-" + i, 40 + 2 * i, 40 + 2 * i));
        }
        long hopper = locatedType(alice, "hopper", stops.stream().mapToLong(Long::longValue).toArray());
        long arrived = 0;
        // Last stop first, so that no action of one trigger run comes after the action that moved the token to its
        // stop: only the cascade can take the token on.
        for (int i = MAX_CASCADE; i >= 0; i--) {
            // Entering stop i moves the token on to stop i + 1; the last stop only counts arrivals.
            if (i < MAX_CASCADE) {
                double next = 40.5 + 2 * (i + 1);
                appliedTo(hopper, mover("hop-" + i, stops.get(i), "triggers", "location_entering", next, next));
            } else {
                arrived = appliedTo(hopper, Map.of("name", "arrive", "target_attribute_id", stops.get(i),
                        "triggers", List.of("location_entering"), "script", Map.of("source", COUNT)));
            }
        }
        long set = id(alice.post("/core/token-sets", Map.of("name", "hoppers")));
        long token = id(alice.post("/core/tokens", Map.of("token_type", hopper, "set", set)));

        move(token, 40.5, 40.5);
        assertThat(locationOf(token)).as("moved on " + MAX_CASCADE + " times").isEqualTo(40 + 2 * MAX_CASCADE);
        assertThat(count(arrived, "n")).isEqualTo(1);
    }

    @Test
    void anEndlessCascadeOfMovesIsRefusedAndRolledBack() {
        long door = areaAttribute(alice, "revolving-door", 50, 50);
        long visitor = locatedType(alice, "revolver", door);
        appliedTo(visitor, mover("push-out", door, "triggers", "location_entering", 55, 55));
        appliedTo(visitor, mover("pull-in", door, "triggers", "location_leaving", 50.5, 50.5));
        long set = id(alice.post("/core/token-sets", Map.of("name", "lobby")));
        long token = id(alice.post("/core/tokens", Map.of("token_type", visitor, "set", set,
                "values", Map.of(String.valueOf(location), Map.of("lat", 58, "lon", 58)))));

        TestResponse refused = alice.patch("/core/tokens/" + token + "/values",
                Map.of("values", Map.of(String.valueOf(location), Map.of("lat", 50.5, "lon", 50.5))));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.problemCode()).isEqualTo("core.action_cascade_too_deep");
        // push-out, pull-in, push-out, pull-in: the fourth move in a row is one too many.
        assertThat(refused.json().path("detail").asText()).contains("[pull-in]", (MAX_CASCADE + 1) + " moves in a row",
                "at most " + MAX_CASCADE, "applecore.actions.max-location-cascade");
        assertThat(locationOf(token)).as("nothing was saved").isEqualTo(58);
    }

    @Test
    void cronActionsRunOncePerFireTimeAcrossConcurrentSweeps() throws Exception {
        long hourly = id(alice.post("/core/time-bounds", Map.of("name", "hourly-2025", "start", "2025-01-01T00:00:00Z",
                "stop", "2025-12-31T23:59:59Z", "cron", "0 * * * *", "period_length", "PT10M")));
        long meter = id(alice.post("/core/attributes", Map.of("name", "meter", "value", Map.of("value_type", "numeric"),
                "bounds", Map.of("time", List.of(hourly)))));
        long metered = id(alice.post("/core/token-types", Map.of("name", "metered", "attributes", List.of(meter))));
        long ticking = id(alice.post("/core/actions", Map.of("name", "ticks", "target_attribute_id", meter,
                "triggers", List.of("cron"), "per_token", false, "script", Map.of("source", COUNT))));
        alice.put("/core/actions/" + ticking + "/instances/" + metered, Map.of());
        long set = id(alice.post("/core/token-sets", Map.of("name", "meters")));
        id(alice.post("/core/tokens", Map.of("token_type", metered, "set", set)));
        id(alice.post("/core/tokens", Map.of("token_type", metered, "set", set)));

        CronActionSweep sweep = host.context().getBean(CronActionSweep.class);
        Instant tenPast = Instant.parse("2025-06-01T10:02:00Z");
        List<CompletableFuture<Integer>> sweeps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sweeps.add(CompletableFuture.supplyAsync(() -> sweep.sweep(tenPast)));
        }
        int ran = 0;
        for (CompletableFuture<Integer> one : sweeps) {
            ran += one.get();
        }
        assertThat(ran).as("four hosts sweeping at once run the fire time once").isEqualTo(1);
        assertThat(count(ticking, "n")).as("per set: one run with both tokens").isEqualTo(2);
        assertThat(sweep.sweep(Instant.parse("2025-06-01T10:20:00Z"))).as("10:00 has run already").isZero();
        assertThat(sweep.sweep(Instant.parse("2025-06-01T11:01:00Z"))).isEqualTo(1);
        assertThat(count(ticking, "n")).isEqualTo(4);
        assertThat(sweep.sweep(Instant.parse("2026-06-01T11:01:00Z"))).as("after the bound's stop").isZero();
    }
}
