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
 * edit_attribute on location) and on cron fire times.
 */
class TriggersTest {

    private static TestHost host;
    private static CoreClient alice;
    private static long location;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
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
