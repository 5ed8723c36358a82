package org.applecore.platform.core.bounds;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** /core/map-bounds, /core/time-bounds, bounds on attributes and a token type's total map bounds, over HTTP. */
class BoundsApiTest {

    private static TestHost host;
    private static CoreClient alice;
    private static CoreClient bob;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        alice = CoreClient.create(host, "alice");
        bob = CoreClient.create(host, "bob");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    static void assertProblem(TestResponse response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.problemCode()).as(response.toString()).isEqualTo(code);
    }

    static JsonNode created(TestResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    static Map<String, Object> square(double lon, double lat, double size) {
        return Map.of("type", "Polygon", "coordinates", List.of(List.of(List.of(lon, lat), List.of(lon + size, lat),
                List.of(lon + size, lat + size), List.of(lon, lat + size), List.of(lon, lat))));
    }

    @Test
    void mapBoundLifecycle() {
        JsonNode made = created(alice.post("/core/map-bounds", Map.of("name", "park", "geometry", Map.of("type", "MultiPolygon",
                "coordinates", List.of(square(0, 0, 2).get("coordinates"), square(1, 1, 2).get("coordinates"))))));
        long id = made.path("id").asLong();
        assertThat(made.path("geometry").path("type").asText()).isEqualTo("MultiPolygon");
        assertThat(made.path("geometry").path("coordinates").size()).isEqualTo(2);
        assertThat(made.path("owner_id").asLong()).isEqualTo(alice.userId());
        assertThat(made.path("attribute_ids").isEmpty()).isTrue();

        assertThat(bob.get("/core/map-bounds/" + id).json()).isEqualTo(made);
        assertThat(alice.get("/core/map-bounds").json().path("items").findValuesAsText("name")).contains("park");
        assertThat(bob.get("/core/map-bounds").json().path("items").findValuesAsText("name")).doesNotContain("park");
        assertProblem(bob.post("/core/map-bounds", Map.of("name", "park", "geometry", square(5, 5, 1))), 409,
                "core.bound_name_taken");
        assertProblem(bob.patch("/core/map-bounds/" + id, Map.of("name", "mine")), 403, "core.not_owner");
        assertProblem(bob.delete("/core/map-bounds/" + id), 403, "core.not_owner");

        JsonNode moved = alice.patch("/core/map-bounds/" + id, Map.of("geometry", square(10, 10, 1))).json();
        assertThat(moved.path("geometry").path("coordinates").get(0).get(0).get(0).get(0).asDouble()).isEqualTo(10.0);
        assertThat(alice.delete("/core/map-bounds/" + id).status()).isEqualTo(204);
        assertProblem(alice.get("/core/map-bounds/" + id), 404, "core.map_bound_not_found");
    }

    @Test
    void invalidGeometryIsA400SayingWhy() {
        TestResponse bowtie = alice.post("/core/map-bounds", Map.of("name", "bowtie", "geometry", Map.of("type", "Polygon",
                "coordinates", List.of(List.of(List.of(0, 0), List.of(2, 2), List.of(2, 0), List.of(0, 2), List.of(0, 0))))));
        assertProblem(bowtie, 400, "core.invalid_geometry");
        assertThat(bowtie.json().path("detail").asText()).contains("Self-intersection");
        TestResponse open = alice.post("/core/map-bounds", Map.of("name", "open", "geometry", Map.of("type", "Polygon",
                "coordinates", List.of(List.of(List.of(0, 0), List.of(2, 0), List.of(2, 2), List.of(0, 2))))));
        assertProblem(open, 400, "core.invalid_geometry");
        assertThat(open.json().path("detail").asText()).contains("not closed");
        assertProblem(alice.post("/core/map-bounds", Map.of("name", "none")), 400, "core.invalid_geometry");
    }

    @Test
    void timeBoundLifecycleAndRefusals() {
        Map<String, Object> body = new HashMap<>(Map.of("name", "lunch", "start", "2026-01-01T00:00:00Z",
                "stop", "2026-12-31T23:59:59Z", "cron", "0 12 * * MON-FRI", "period_length", "PT1H", "time_zone", "Europe/Berlin"));
        JsonNode made = created(alice.post("/core/time-bounds", body));
        long id = made.path("id").asLong();
        assertThat(made.path("cron").asText()).isEqualTo("0 12 * * MON-FRI");
        assertThat(made.path("period_length").asText()).isEqualTo("PT1H");
        assertThat(made.path("time_zone").asText()).isEqualTo("Europe/Berlin");
        assertThat(made.path("start").asText()).isEqualTo("2026-01-01T00:00:00Z");

        body.put("name", "no-period");
        body.remove("period_length");
        assertProblem(alice.post("/core/time-bounds", body), 400, "core.invalid_time_bound");
        body.put("period_length", "PT1H");
        body.put("cron", "0 25 * * *");
        assertProblem(alice.post("/core/time-bounds", body), 400, "core.invalid_cron");
        body.put("cron", "0 12 * * *");
        body.put("time_zone", "Mars/Olympus");
        assertProblem(alice.post("/core/time-bounds", body), 400, "core.invalid_time_bound");
        body.put("time_zone", "UTC");
        body.put("stop", "2025-01-01T00:00:00Z");
        assertProblem(alice.post("/core/time-bounds", body), 400, "core.invalid_time_bound");

        JsonNode plain = alice.patch("/core/time-bounds/" + id, java.util.Collections.singletonMap("cron", null)).json();
        assertThat(plain.path("cron").isNull()).isTrue();
        assertThat(plain.path("period_length").isNull()).as("period_length goes with the cron").isTrue();
        assertThat(alice.get("/core/time-bounds").json().path("items").findValuesAsText("name")).contains("lunch");
        assertProblem(bob.delete("/core/time-bounds/" + id), 403, "core.not_owner");
        assertThat(alice.delete("/core/time-bounds/" + id).status()).isEqualTo(204);
    }

    @Test
    void boundsOnAttributesAreListedAndKeepTheirBoundsAlive() {
        long map = created(alice.post("/core/map-bounds", Map.of("name", "zone-a", "geometry", square(0, 0, 1)))).path("id").asLong();
        long time = created(alice.post("/core/time-bounds", Map.of("name", "always-2026", "start", "2026-01-01T00:00:00Z",
                "stop", "2026-12-31T23:59:59Z"))).path("id").asLong();
        JsonNode attribute = created(alice.post("/core/attributes", Map.of("name", "bounded", "value",
                Map.of("value_type", "numeric"), "bounds", Map.of("map", List.of(map), "time", List.of(time)))));
        long attributeId = attribute.path("id").asLong();
        assertThat(attribute.path("bounds").path("map").get(0).asLong()).isEqualTo(map);
        assertThat(attribute.path("bounds").path("time").get(0).asLong()).isEqualTo(time);
        assertThat(alice.get("/core/map-bounds/" + map).json().path("attribute_ids").get(0).asLong()).isEqualTo(attributeId);
        assertThat(alice.get("/core/time-bounds/" + time).json().path("attribute_ids").get(0).asLong()).isEqualTo(attributeId);

        assertProblem(alice.delete("/core/map-bounds/" + map), 409, "core.bound_in_use");
        assertProblem(bob.post("/core/attributes", Map.of("name", "borrowed", "value", Map.of("value_type", "numeric"),
                "bounds", Map.of("map", List.of(map)))), 403, "core.bound_not_usable");
        assertProblem(bob.post("/core/attributes", Map.of("name", "unknown", "value", Map.of("value_type", "numeric"),
                "bounds", Map.of("map", List.of(999_999)))), 400, "core.unknown_map_bound");
        assertThat(bob.get("/core/attributes?owner=me").json().path("items").findValuesAsText("name"))
                .as("a refused attribute is not kept").doesNotContain("borrowed", "unknown");

        // A PATCH without bounds keeps them; with bounds replaces them.
        assertThat(alice.patch("/core/attributes/" + attributeId, Map.of("name", "bounded2")).json().path("bounds").path("map").size())
                .isEqualTo(1);
        JsonNode cleared = alice.patch("/core/attributes/" + attributeId, Map.of("bounds", Map.of("map", List.of()))).json();
        assertThat(cleared.path("bounds").path("map").isEmpty()).isTrue();
        assertThat(cleared.path("bounds").path("time").isEmpty()).isTrue();
        assertThat(alice.delete("/core/map-bounds/" + map).status()).isEqualTo(204);
    }

    @Test
    void aTypesTotalMapBoundsIsTheUnionLeavingOutScriptAttributes() {
        long west = created(alice.post("/core/map-bounds", Map.of("name", "west", "geometry", square(0, 0, 2)))).path("id").asLong();
        long east = created(alice.post("/core/map-bounds", Map.of("name", "east", "geometry", square(1, 0, 2)))).path("id").asLong();
        long far = created(alice.post("/core/map-bounds", Map.of("name", "far", "geometry", square(50, 50, 1)))).path("id").asLong();
        long a = created(alice.post("/core/attributes", Map.of("name", "in-west", "value", Map.of("value_type", "numeric"),
                "bounds", Map.of("map", List.of(west))))).path("id").asLong();
        long b = created(alice.post("/core/attributes", Map.of("name", "in-east", "value", Map.of("value_type", "string"),
                "bounds", Map.of("map", List.of(east))))).path("id").asLong();
        long script = created(alice.post("/core/attributes", Map.of("name", "scripted", "value", Map.of("value_type", "action"),
                "bounds", Map.of("map", List.of(far))))).path("id").asLong();
        long type = created(alice.post("/core/token-types", Map.of("name", "bounded-type", "attributes", List.of(a, b, script))))
                .path("id").asLong();

        JsonNode total = alice.get("/core/token-types/" + type + "/map-bounds").json();
        assertThat(total.path("type").asText()).isEqualTo("MultiPolygon");
        org.locationtech.jts.geom.MultiPolygon union = GeoJson.readPolygons(total);
        assertThat(union.getNumGeometries()).as("west and east overlap into one polygon").isEqualTo(1);
        assertThat(union.getArea()).isEqualTo(6.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(union.covers(PreparedBounds.point(50.5, 50.5))).as("script attributes are left out").isFalse();
        assertProblem(alice.get("/core/token-types/999999/map-bounds"), 404, "core.token_type_not_found");
    }
}
