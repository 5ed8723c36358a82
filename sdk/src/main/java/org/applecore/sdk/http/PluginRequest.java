package org.applecore.sdk.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request to a plugin route, as handed to a {@link RouteHandler}.
 * Header names are matched without regard to case.
 */
public interface PluginRequest {

    HttpMethod method();

    /** The path below {@code /api/{pluginId}}, as the caller sent it. */
    String path();

    /** The user who called, absent only on public routes called anonymously. */
    Optional<ActingUser> user();

    /**
     * The user who called, for routes that require a login.
     *
     * @throws org.applecore.sdk.errors.PluginException with status 401 when the call was anonymous
     */
    ActingUser requireUser();

    /** The values of the route template's variables, already URL-decoded. */
    Map<String, String> pathVariables();

    /**
     * One path variable.
     *
     * @throws IllegalArgumentException when the route template has no such variable
     */
    String pathVariable(String name);

    /** Every query parameter with all its values. */
    Map<String, List<String>> queryParameters();

    /** The first value of a query parameter. */
    Optional<String> queryParameter(String name);

    /** The first value of a header. */
    Optional<String> header(String name);

    /** Whether the request carries a body. */
    boolean hasBody();

    /**
     * The JSON body bound to the given type, typically a record of the plugin's own. JSON field names
     * are snake_case ({@code allow_replies} binds to a component {@code allowReplies}).
     *
     * @throws org.applecore.sdk.errors.PluginException with status 400 when the body is missing,
     *     malformed, or does not fit the type
     */
    <T> T body(Class<T> type);
}
