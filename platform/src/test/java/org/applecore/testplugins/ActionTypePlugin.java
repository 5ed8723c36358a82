package org.applecore.testplugins;

import org.applecore.sdk.ApplecorePlugin;
import org.applecore.sdk.PluginContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A plugin offering three action types: {@code actiontypes:bump} adds 1 to the global state's {@code n} and sets
 * the recipient attribute {@code bumped} to true; {@code actiontypes:assign} sets the attribute named by the global
 * state's {@code attribute} to its {@code value}; {@code actiontypes:record} keeps what it was given of its first
 * token ({@code values}, {@code target}) and the input's {@code params} as its global state.
 */
@org.pf4j.Extension
public class ActionTypePlugin implements ApplecorePlugin {

    @Override
    public void start(PluginContext context) {
        context.actions().register("bump", inputJson -> {
            Map<?, ?> global = globalState(context, inputJson);
            int n = global.get("n") instanceof Number number ? number.intValue() : 0;
            return context.json().write(Map.of("global_state", Map.of("n", n + 1),
                    "changes", List.of(Map.of("name", "bumped", "value", true))));
        });
        context.actions().register("assign", inputJson -> {
            Map<?, ?> global = globalState(context, inputJson);
            return context.json().write(Map.of("changes",
                    List.of(Map.of("name", global.get("attribute"), "value", global.get("value")))));
        });
        context.actions().register("record", inputJson -> {
            Map<?, ?> input = context.json().read(inputJson, Map.class);
            Map<?, ?> first = (Map<?, ?>) ((List<?>) input.get("target_tokens")).getFirst();
            Map<String, Object> seen = new HashMap<>();
            seen.put("values", first.get("values"));
            seen.put("target", first.get("target"));
            seen.put("params", input.get("params"));
            return context.json().write(Map.of("global_state", seen));
        });
    }

    private static Map<?, ?> globalState(PluginContext context, String inputJson) {
        return (Map<?, ?>) context.json().read(inputJson, Map.class).get("global_state");
    }
}
