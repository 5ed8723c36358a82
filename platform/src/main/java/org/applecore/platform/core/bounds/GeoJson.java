package org.applecore.platform.core.bounds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.applecore.platform.problem.ApiException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

import java.util.ArrayList;
import java.util.List;

/**
 * GeoJSON (RFC 7946) Polygon and MultiPolygon geometries to and from JTS, positions as {@code [longitude,
 * latitude]}. Reading checks everything and refuses with 400 {@code core.invalid_geometry} saying what is
 * wrong and where: shapes, ranges, closed rings of at least four positions, and each polygon's validity
 * ({@link IsValidOp}: self-intersections, holes outside their shell, ...). The polygons of a MultiPolygon
 * are checked one by one, since a bound's polygons may overlap.
 */
public final class GeoJson {

    /** Longitude/latitude in degrees; SRID 4326. */
    public static final GeometryFactory GEOMETRY = new GeometryFactory(new PrecisionModel(), 4326);
    public static final int MAX_POLYGONS = 1_000;
    public static final int MAX_POSITIONS = 100_000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GeoJson() {
    }

    /** A Polygon or MultiPolygon as a MultiPolygon (its polygons kept as given, not merged). */
    public static MultiPolygon readPolygons(JsonNode node) {
        if (node == null || !node.isObject() || !node.path("type").isTextual()) {
            throw invalid("geometry must be a GeoJSON object with a type: Polygon or MultiPolygon.");
        }
        JsonNode coordinates = node.get("coordinates");
        int[] positions = {0};
        List<Polygon> polygons = new ArrayList<>();
        switch (node.get("type").textValue()) {
            case "Polygon" -> polygons.add(polygon(coordinates, "coordinates", positions));
            case "MultiPolygon" -> {
                if (coordinates == null || !coordinates.isArray() || coordinates.isEmpty()) {
                    throw invalid("coordinates of a MultiPolygon must be a non-empty array of polygons.");
                }
                if (coordinates.size() > MAX_POLYGONS) {
                    throw invalid("a map bound has at most " + MAX_POLYGONS + " polygons.");
                }
                for (int i = 0; i < coordinates.size(); i++) {
                    polygons.add(polygon(coordinates.get(i), "coordinates[" + i + "]", positions));
                }
            }
            default -> throw invalid("geometry type must be Polygon or MultiPolygon, not " + node.get("type").textValue() + ".");
        }
        return GEOMETRY.createMultiPolygon(polygons.toArray(Polygon[]::new));
    }

    public static ObjectNode write(MultiPolygon multiPolygon) {
        ObjectNode node = NODES.objectNode();
        node.put("type", "MultiPolygon");
        ArrayNode polygons = node.putArray("coordinates");
        for (int i = 0; i < multiPolygon.getNumGeometries(); i++) {
            polygons.add(polygonCoordinates((Polygon) multiPolygon.getGeometryN(i)));
        }
        return node;
    }

    /** Any areal geometry (a union may be a Polygon, a MultiPolygon or empty) as a GeoJSON MultiPolygon. */
    public static ObjectNode writeAreal(Geometry geometry) {
        List<Polygon> polygons = new ArrayList<>();
        for (int i = 0; i < geometry.getNumGeometries(); i++) {
            if (geometry.getGeometryN(i) instanceof Polygon polygon && !polygon.isEmpty()) {
                polygons.add(polygon);
            }
        }
        return write(GEOMETRY.createMultiPolygon(polygons.toArray(Polygon[]::new)));
    }

    private static ArrayNode polygonCoordinates(Polygon polygon) {
        ArrayNode rings = NODES.arrayNode();
        rings.add(ring(polygon.getExteriorRing().getCoordinates()));
        for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
            rings.add(ring(polygon.getInteriorRingN(i).getCoordinates()));
        }
        return rings;
    }

    private static ArrayNode ring(Coordinate[] coordinates) {
        ArrayNode ring = NODES.arrayNode();
        for (Coordinate c : coordinates) {
            ring.addArray().add(c.x).add(c.y);
        }
        return ring;
    }

    private static Polygon polygon(JsonNode rings, String where, int[] positions) {
        if (rings == null || !rings.isArray() || rings.isEmpty()) {
            throw invalid(where + " must be a non-empty array of linear rings (the shell, then any holes).");
        }
        LinearRing shell = linearRing(rings.get(0), where + "[0]", positions);
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = linearRing(rings.get(i), where + "[" + i + "]", positions);
        }
        Polygon polygon = GEOMETRY.createPolygon(shell, holes);
        TopologyValidationError error = new IsValidOp(polygon).getValidationError();
        if (error != null) {
            Coordinate at = error.getCoordinate();
            throw invalid("the polygon at " + where + " is not valid: " + error.getMessage()
                    + (at == null ? "" : " at [" + at.x + ", " + at.y + "]") + ".");
        }
        return polygon;
    }

    private static LinearRing linearRing(JsonNode ring, String where, int[] positions) {
        if (ring == null || !ring.isArray() || ring.size() < 4) {
            throw invalid(where + " must be a linear ring: an array of at least four positions.");
        }
        positions[0] += ring.size();
        if (positions[0] > MAX_POSITIONS) {
            throw invalid("a map bound has at most " + MAX_POSITIONS + " positions.");
        }
        Coordinate[] coordinates = new Coordinate[ring.size()];
        for (int i = 0; i < ring.size(); i++) {
            coordinates[i] = position(ring.get(i), where + "[" + i + "]");
        }
        if (!coordinates[0].equals2D(coordinates[coordinates.length - 1])) {
            throw invalid(where + " is not closed: its last position must equal its first.");
        }
        return GEOMETRY.createLinearRing(coordinates);
    }

    private static Coordinate position(JsonNode position, String where) {
        if (position == null || !position.isArray() || position.size() < 2 || position.size() > 3
                || !position.get(0).isNumber() || !position.get(1).isNumber()) {
            throw invalid(where + " must be a position [longitude, latitude].");
        }
        double lon = position.get(0).doubleValue();
        double lat = position.get(1).doubleValue();
        if (!Double.isFinite(lon) || lon < -180 || lon > 180) {
            throw invalid(where + " has longitude " + lon + ", outside -180..180.");
        }
        if (!Double.isFinite(lat) || lat < -90 || lat > 90) {
            throw invalid(where + " has latitude " + lat + ", outside -90..90.");
        }
        return new Coordinate(lon, lat);
    }

    private static ApiException invalid(String detail) {
        return ApiException.badRequest("core.invalid_geometry", detail);
    }
}
