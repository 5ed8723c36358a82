package org.applecore.platform.core.bounds;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.applecore.platform.core.attribute.AttributeBoundLinks;
import org.applecore.platform.core.paging.IdCursor;

import java.util.List;
import java.util.function.Function;

/**
 * Map and time bounds on the wire: each shows the attributes it is used on ({@code attribute_ids}). Public for
 * the job engine's in-process core reads, which answer as {@link BoundsController} does.
 */
public final class BoundsJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private BoundsJson() {
    }

    public static ObjectNode ofMap(MapBound bound) {
        ObjectNode node = NODES.objectNode();
        node.put("id", bound.id());
        node.put("guid", bound.guid().toString());
        node.put("owner_id", bound.ownerId());
        node.put("name", bound.name());
        node.set("geometry", GeoJson.write(bound.polygons()));
        node.set("attribute_ids", ids(bound.attributeIds()));
        return node;
    }

    public static ObjectNode ofTime(TimeBound bound) {
        ObjectNode node = NODES.objectNode();
        node.put("id", bound.id());
        node.put("guid", bound.guid().toString());
        node.put("owner_id", bound.ownerId());
        node.put("name", bound.name());
        node.put("start", bound.start().toString());
        node.put("stop", bound.stop().toString());
        node.put("cron", bound.cron() == null ? null : bound.cron().expression());
        node.put("period_length", bound.periodLength() == null ? null : bound.periodLength().toString());
        node.put("time_zone", bound.zone().getId());
        node.set("attribute_ids", ids(bound.attributeIds()));
        return node;
    }

    public static <T> ObjectNode page(IdCursor.Page<T> page, Function<T, ObjectNode> item) {
        ObjectNode node = NODES.objectNode();
        ArrayNode items = node.putArray("items");
        page.items().forEach(b -> items.add(item.apply(b)));
        node.put("next_cursor", page.nextCursor());
        return node;
    }

    /** An inherited group's bounds: {@code {"map": [ids], "time": [ids]}}. */
    public static ObjectNode links(AttributeBoundLinks.Links links) {
        ObjectNode node = NODES.objectNode();
        node.set("map", ids(links.map()));
        node.set("time", ids(links.time()));
        return node;
    }

    private static ArrayNode ids(List<Long> ids) {
        ArrayNode array = NODES.arrayNode();
        ids.forEach(array::add);
        return array;
    }
}
