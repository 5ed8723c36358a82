package org.applecore.platform.core.bounds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.applecore.platform.problem.ApiException;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.MultiPolygon;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** GeoJSON in and out, refusals that say why, and point checks on prepared geometries and an STRtree. */
class GeoJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String square(double lon, double lat, double size) {
        return "[[[" + lon + "," + lat + "],[" + (lon + size) + "," + lat + "],[" + (lon + size) + "," + (lat + size) + "],["
                + lon + "," + (lat + size) + "],[" + lon + "," + lat + "]]]";
    }

    private static String refusal(String geometry) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> GeoJson.readPolygons(json(geometry)));
        assertThat(e).as(geometry).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("core.invalid_geometry");
        return e.getMessage();
    }

    @Test
    void readsPolygonsAndMultiPolygonsAndWritesMultiPolygons() {
        MultiPolygon one = GeoJson.readPolygons(json("{\"type\":\"Polygon\",\"coordinates\":" + square(0, 0, 1) + "}"));
        assertThat(one.getNumGeometries()).isEqualTo(1);
        MultiPolygon overlapping = GeoJson.readPolygons(json("{\"type\":\"MultiPolygon\",\"coordinates\":["
                + square(0, 0, 2) + "," + square(1, 1, 2) + "," + square(10, 10, 1) + "]}"));
        assertThat(overlapping.getNumGeometries()).as("overlapping and disjoint polygons are kept").isEqualTo(3);
        JsonNode written = GeoJson.write(overlapping);
        assertThat(written.path("type").asText()).isEqualTo("MultiPolygon");
        assertThat(GeoJson.readPolygons(written).equalsExact(overlapping)).isTrue();
    }

    @Test
    void invalidGeometryIsRefusedSayingWhy() {
        assertThat(refusal("{\"type\":\"Point\",\"coordinates\":[1,2]}")).contains("Polygon or MultiPolygon, not Point");
        assertThat(refusal("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]}")).contains("not closed");
        assertThat(refusal("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[0,0]]]}")).contains("at least four positions");
        assertThat(refusal("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[200,0],[1,1],[0,0]]]}")).contains("longitude 200.0");
        assertThat(refusal("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}"))
                .contains("coordinates", "not valid", "Self-intersection");
        assertThat(refusal("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0]],[[5,5],[6,5],[6,6],[5,6],[5,5]]]}"))
                .contains("Hole lies outside shell");
        assertThat(refusal("{\"type\":\"MultiPolygon\",\"coordinates\":[]}")).contains("non-empty array");
    }

    @Test
    void pointChecksUsePreparedGeometriesAndAnIndex() {
        PreparedBounds prepared = new PreparedBounds();
        List<MapBound> bounds = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            bounds.add(new MapBound(i + 1, UUID.randomUUID(), 1, "b" + i,
                    GeoJson.readPolygons(json("{\"type\":\"Polygon\",\"coordinates\":" + square(i, 0, 1) + "}")), 1, List.of()));
        }
        assertThat(prepared.contains(bounds.get(3), 3.5, 0.5)).isTrue();
        assertThat(prepared.contains(bounds.get(3), 4.5, 0.5)).isFalse();
        assertThat(prepared.contains(bounds.get(3), 4.0, 0.5)).as("an edge counts as inside").isTrue();
        assertThat(prepared.prepared(bounds.get(3))).isSameAs(prepared.prepared(bounds.get(3)));
        MapBound changed = new MapBound(4, UUID.randomUUID(), 1, "b3",
                GeoJson.readPolygons(json("{\"type\":\"Polygon\",\"coordinates\":" + square(50, 50, 1) + "}")), 2, List.of());
        assertThat(prepared.contains(changed, 3.5, 0.5)).as("a new version is not served from the cache").isFalse();

        PreparedBounds.Index index = prepared.index(bounds);
        assertThat(index.containing(10.5, 0.5)).containsExactly(11L);
        assertThat(index.containing(10.0, 0.5)).containsExactlyInAnyOrder(10L, 11L);
        assertThat(index.containing(10.5, 5)).isEmpty();
    }
}
