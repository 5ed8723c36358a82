package org.applecore.platform.core.bounds;

import jakarta.inject.Singleton;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.union.UnaryUnionOp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Point-in-bounds checks on cached {@link PreparedGeometry}s, one per map bound, keyed by the bound's id and
 * version: a bound changed on another host has a new version, so a stale entry is never used. Thread safe.
 */
@Singleton
public class PreparedBounds {

    /** Past this many entries the cache is dropped and refilled on demand, which bounds memory without a timer. */
    static final int MAX_ENTRIES = 10_000;

    private final ConcurrentHashMap<Long, Entry> cache = new ConcurrentHashMap<>();

    /** The bound's polygons (their union), prepared for repeated point checks. */
    public PreparedGeometry prepared(MapBound bound) {
        Entry entry = cache.get(bound.id());
        if (entry != null && entry.version == bound.version()) {
            return entry.prepared;
        }
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        PreparedGeometry prepared = PreparedGeometryFactory.prepare(union(List.of(bound)));
        cache.put(bound.id(), new Entry(bound.version(), bound.polygons(), prepared));
        return prepared;
    }

    /** The polygons of this bound version if cached, or null, so that readers can skip parsing them again. */
    public MultiPolygon cachedPolygons(long id, long version) {
        Entry entry = cache.get(id);
        return entry != null && entry.version == version ? entry.polygons : null;
    }

    /** Whether the point (on an edge counts) is in the bound. */
    public boolean contains(MapBound bound, double lon, double lat) {
        return prepared(bound).covers(point(lon, lat));
    }

    public static Point point(double lon, double lat) {
        return GeoJson.GEOMETRY.createPoint(new Coordinate(lon, lat));
    }

    /** The union of the bounds' polygons (possibly empty). */
    public static Geometry union(Collection<MapBound> bounds) {
        List<Geometry> parts = new ArrayList<>();
        for (MapBound bound : bounds) {
            parts.add(bound.polygons());
        }
        Geometry union = UnaryUnionOp.union(parts, GeoJson.GEOMETRY);
        return union == null ? GeoJson.GEOMETRY.createMultiPolygon() : union;
    }

    /**
     * An index of many bounds for finding those that hold a point: an {@link STRtree} over their envelopes,
     * then the prepared geometries of the candidates.
     */
    public Index index(Collection<MapBound> bounds) {
        STRtree tree = new STRtree();
        for (MapBound bound : bounds) {
            PreparedGeometry prepared = prepared(bound);
            tree.insert(prepared.getGeometry().getEnvelopeInternal(), new Indexed(bound.id(), prepared));
        }
        tree.build();
        return new Index(tree);
    }

    public static final class Index {

        private final STRtree tree;

        private Index(STRtree tree) {
            this.tree = tree;
        }

        /** The ids of the bounds that hold the point. */
        public List<Long> containing(double lon, double lat) {
            Point point = point(lon, lat);
            List<Long> ids = new ArrayList<>();
            for (Object candidate : tree.query(point.getEnvelopeInternal())) {
                Indexed indexed = (Indexed) candidate;
                if (indexed.prepared.covers(point)) {
                    ids.add(indexed.id);
                }
            }
            return ids;
        }
    }

    private record Indexed(long id, PreparedGeometry prepared) {
    }

    private record Entry(long version, MultiPolygon polygons, PreparedGeometry prepared) {
    }
}
