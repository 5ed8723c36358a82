package org.applecore.platform.core.action;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.applecore.platform.core.paging.IdCursor;

import java.util.List;
import java.util.Locale;

/**
 * Actions on the wire, in the shape of seed 003 ("so an action"). Public for the job engine's in-process core
 * reads, which answer as {@link ActionController} does.
 */
public final class ActionJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ActionJson() {
    }

    public static ObjectNode of(ActionService.View view) {
        ObjectNode node = summary(view.definition());
        ObjectNode script = (ObjectNode) node.get("script");
        script.put("source", view.source());
        script.set("global_state", view.globalState());
        return node;
    }

    static ObjectNode summary(ActionDefinition a) {
        ObjectNode node = NODES.objectNode();
        node.put("id", a.id());
        node.put("guid", a.guid().toString());
        node.put("owner_id", a.ownerId());
        node.put("name", a.name());
        node.put("version", a.version());
        node.put("target_attribute_id", a.targetAttributeId());
        node.set("target_from_state", a.targetFromState() == null ? NODES.nullNode() : a.targetFromState().toJson());
        ArrayNode lifecycles = node.putArray("lifecycles");
        a.lifecycles().forEach(l -> lifecycles.add(l.name().toLowerCase(Locale.ROOT)));
        ArrayNode triggers = node.putArray("triggers");
        a.triggers().forEach(triggers::add);
        if (a.recipientAttributeId() == null) {
            node.putNull("recipient");
        } else {
            ObjectNode recipient = node.putObject("recipient");
            recipient.put("attribute_id", a.recipientAttributeId());
            recipient.put("token_id", a.recipientTokenId());
        }
        if (a.charge() == null) {
            node.putNull("charge");
        } else {
            ObjectNode charge = node.putObject("charge");
            charge.put("type_group_id", a.charge().typeGroupId());
            charge.put("source_set_id", a.charge().sourceSetId());
            charge.put("destination_set_id", a.charge().destinationSetId());
        }
        node.put("per_token", a.perToken());
        node.put("run_when_in_area", a.runWhenInArea());
        node.put("run_when_out_area", a.runWhenOutArea());
        ObjectNode script = node.putObject("script");
        script.put("md5", a.scriptMd5());
        script.put("action_type", a.actionType());
        script.set("param_attributes", ids(a.paramAttributes()));
        script.set("local_state_init", a.localStateInit());
        return node;
    }

    public static ObjectNode page(IdCursor.Page<ActionDefinition> page) {
        ObjectNode node = NODES.objectNode();
        ArrayNode items = node.putArray("items");
        page.items().forEach(a -> items.add(summary(a)));
        node.put("next_cursor", page.nextCursor());
        return node;
    }

    static ObjectNode ofInstance(ActionService.Instance instance) {
        ObjectNode node = NODES.objectNode();
        node.put("id", instance.id());
        node.put("action_id", instance.actionId());
        node.put("token_type_id", instance.tokenTypeId());
        node.put("script_md5", instance.scriptMd5());
        node.set("local_state", instance.localState());
        return node;
    }

    public static ObjectNode instances(List<ActionService.Instance> instances) {
        ObjectNode node = NODES.objectNode();
        ArrayNode items = node.putArray("items");
        instances.forEach(i -> items.add(ofInstance(i)));
        return node;
    }

    private static ArrayNode ids(List<Long> ids) {
        ArrayNode array = NODES.arrayNode();
        ids.forEach(array::add);
        return array;
    }
}
