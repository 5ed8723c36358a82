package org.applecore.platform.core.bounds;

import org.locationtech.jts.geom.MultiPolygon;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A map bound: one or more polygons (they may overlap or be disjoint) in longitude/latitude.
 *
 * @param version bumped on every change; caches of derived geometry are keyed by it
 * @param attributeIds the attributes this bound is used on
 */
public record MapBound(long id, UUID guid, long ownerId, String name, MultiPolygon polygons, long version,
                       List<Long> attributeIds) {

    public MapBound {
        Objects.requireNonNull(polygons, "polygons is null");
        attributeIds = List.copyOf(attributeIds);
    }
}
