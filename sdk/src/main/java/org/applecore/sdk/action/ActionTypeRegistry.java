package org.applecore.sdk.action;

/**
 * Where a plugin registers its action types during {@link org.applecore.sdk.ApplecorePlugin#start}. A type
 * registered as {@code charge} by plugin {@code wallet} is named {@code wallet:charge} in action definitions
 * ({@code "script": {"action_type": "wallet:charge"}}).
 *
 * <p>Lifecycle: the types are offered once {@code start} returns and withdrawn when the plugin stops. While
 * they are withdrawn, definitions that use them stay, and the operations that would run them fail with 422
 * {@code core.action_type_unavailable}.
 */
public interface ActionTypeRegistry {

    /**
     * @param name lower-case letters, digits, dashes and underscores, 1 to 64 characters, unique in the plugin
     * @throws IllegalArgumentException for a bad or repeated name
     */
    void register(String name, ActionTypeHandler handler);
}
