package org.applecore.platform.core.bounds;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Map and time bounds, and attributes bounded by them, made over HTTP by a test's client. */
public final class BoundsFixtures {

    private BoundsFixtures() {
    }

    /** A GeoJSON polygon: the one-degree square whose south-west corner is at (lon, lat). */
    public static Map<String, Object> square(int lon, int lat) {
        return Map.of("type", "Polygon", "coordinates", List.of(List.of(List.of(lon, lat), List.of(lon + 1, lat),
                List.of(lon + 1, lat + 1), List.of(lon, lat + 1), List.of(lon, lat))));
    }

    /** A location attribute value. */
    public static Map<String, Object> at(double lat, double lon) {
        return Map.of("lat", lat, "lon", lon);
    }

    /**
     * A string attribute whose values apply only inside an area: a new map bound, the square at (lon, lat); both
     * are given the name.
     *
     * @return the attribute's id
     */
    public static long areaAttribute(CoreClient client, String name, int lon, int lat) {
        long area = id(client.post("/core/map-bounds", Map.of("name", name, "geometry", square(lon, lat))));
        return id(client.post("/core/attributes", Map.of("name", name, "value", Map.of("value_type", "string"),
                "bounds", Map.of("map", List.of(area)))));
    }

    /** The id of the system attribute {@code location}. */
    public static long location(CoreClient client) {
        for (JsonNode item : client.get("/core/attributes?owner=system&limit=500").json().path("items")) {
            if (item.path("name").asText().equals("location")) {
                return item.path("id").asLong();
            }
        }
        throw new AssertionError("no system attribute location");
    }

    /** A token type with these attributes and {@code location}, whose tokens can move in and out of areas. */
    public static long locatedType(CoreClient client, String name, long... attributes) {
        List<Long> all = new ArrayList<>();
        for (long attribute : attributes) {
            all.add(attribute);
        }
        all.add(location(client));
        return id(client.post("/core/token-types", Map.of("name", name, "attributes", all)));
    }

    /** A time bound from {@code start} to {@code stop} (ISO instants), without cron. */
    public static long timeBound(CoreClient client, String name, String start, String stop) {
        return id(client.post("/core/time-bounds", Map.of("name", name, "start", start, "stop", stop)));
    }

    /** A time bound over the 1990s: it never holds now. */
    public static long pastTimeBound(CoreClient client, String name) {
        return timeBound(client, name, "1990-01-01T00:00:00Z", "1999-12-31T23:59:59Z");
    }

    private static long id(TestResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().path("id").asLong();
    }
}
