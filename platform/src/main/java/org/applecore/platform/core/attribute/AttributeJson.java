package org.applecore.platform.core.attribute;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.applecore.platform.core.paging.IdCursor;

import java.util.List;
import java.util.Locale;

/**
 * An attribute definition on the wire, in the shape of seed 003 ("so an attribute"); {@code bounds} holds
 * the ids of its map and time bounds.
 */
public final class AttributeJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AttributeJson() {
    }

    public static ObjectNode of(Attribute a) {
        ObjectNode node = NODES.objectNode();
        node.put("id", a.id());
        node.put("guid", a.guid().toString());
        node.put("name", a.name());
        if (a.ownerId() == null) {
            node.putNull("owner_id");
        } else {
            node.put("owner_id", a.ownerId());
        }
        if (a.parentId() == null) {
            node.putNull("parent_id");
        } else {
            node.put("parent_id", a.parentId());
        }
        node.put("system", a.system());
        ObjectNode value = node.putObject("value");
        value.put("value_type", a.valueType().name().toLowerCase(Locale.ROOT));
        value.put("string_type", a.stringType() == null ? null : a.stringType().name().toLowerCase(Locale.ROOT));
        value.put("min", a.min());
        value.put("max", a.max());
        ArrayNode enumValues = value.putArray("enum");
        a.enumValues().forEach(enumValues::add);
        value.put("regex", a.regex());
        value.set("default", a.defaultValue());
        value.put("allow_null", a.allowNull());
        node.set("required_siblings", ids(a.requiredSiblings()));
        ObjectNode permissions = node.putObject("permissions");
        permissions.set("owner_user_groups", ids(a.ownerUserGroups()));
        permissions.set("read_user_groups", ids(a.readUserGroups()));
        permissions.set("write_user_groups", ids(a.writeUserGroups()));
        ObjectNode requirements = permissions.putObject("set_requirements");
        requirements.set("read", ids(a.readSetRequirements()));
        requirements.set("write", ids(a.writeSetRequirements()));
        ObjectNode bounds = node.putObject("bounds");
        bounds.set("map", ids(a.mapBounds()));
        bounds.set("time", ids(a.timeBounds()));
        return node;
    }

    public static ObjectNode page(IdCursor.Page<Attribute> page) {
        ObjectNode node = NODES.objectNode();
        ArrayNode items = node.putArray("items");
        page.items().forEach(a -> items.add(of(a)));
        node.put("next_cursor", page.nextCursor());
        return node;
    }

    static ArrayNode ids(List<Long> ids) {
        ArrayNode array = NODES.arrayNode();
        ids.forEach(array::add);
        return array;
    }
}
