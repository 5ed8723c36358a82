package org.applecore.testplugins;

import org.applecore.sdk.ApplecorePlugin;
import org.applecore.sdk.PluginContext;

import java.util.Map;

/**
 * A plugin offering the action type {@code actiontypes:bump}: it adds 1 to the global state's {@code n}
 * and sets the recipient attribute {@code bumped} to true.
 */
@org.pf4j.Extension
public class ActionTypePlugin implements ApplecorePlugin {

    @Override
    public void start(PluginContext context) {
        context.actions().register("bump", inputJson -> {
            Map<?, ?> input = context.json().read(inputJson, Map.class);
            Map<?, ?> global = (Map<?, ?>) input.get("global_state");
            int n = global.get("n") instanceof Number number ? number.intValue() : 0;
            return context.json().write(Map.of("global_state", Map.of("n", n + 1),
                    "changes", java.util.List.of(Map.of("name", "bumped", "value", true))));
        });
    }
}
