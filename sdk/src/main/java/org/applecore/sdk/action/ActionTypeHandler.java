package org.applecore.sdk.action;

/**
 * An action type implemented in Java by a plugin, usable wherever an action's JavaScript is (see
 * {@link ActionTypeRegistry}). It gets exactly what a script gets and returns exactly what a script returns,
 * both as JSON text (read and write them with {@link org.applecore.sdk.PluginContext#json()}):
 *
 * <pre>{@code
 * input:  {"action": {...}, "lifecycle": "creation", "target_tokens": [{"id", "guid", "type_id", "owner_id",
 *          "target", "values": {name: value}}], "params": {name: value}, "token_set": {...} | null,
 *          "local_state": {...}, "global_state": {...}, "operation": {...}, "now": "2026-..."}
 * output: {"changes": [{"guid": recipient attribute guid, "value": ..., "token_id": optional}],
 *          "target": value (a truthy value makes the action's charge happen),
 *          "local_state": {...}, "global_state": {...}}   (every field optional)
 * }</pre>
 *
 * <p>The input is a copy: the handler cannot reach the core through it, and only what it returns is applied,
 * under the same rules as a script's result. Throwing fails the action: the whole core operation rolls back
 * and the caller gets 422 {@code core.action_failed} naming the action and the exception's message.
 *
 * <p>Threading: called on the thread of the core operation, inside its database transaction, possibly by
 * many operations at once; keep it fast and free of blocking I/O. The thread context class loader is the
 * plugin's during the call.
 */
@FunctionalInterface
public interface ActionTypeHandler {

    /**
     * @param inputJson the action's input, a JSON object
     * @return the action's result, a JSON object
     */
    String run(String inputJson) throws Exception;
}
