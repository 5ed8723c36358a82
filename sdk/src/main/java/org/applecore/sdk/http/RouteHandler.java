package org.applecore.sdk.http;

/**
 * Handles one plugin route. Called off the HTTP event loop, on a thread the host may interrupt when the
 * route's time limit passes. Throw {@link org.applecore.sdk.errors.PluginException} for a classified
 * error; any other exception becomes a 500 whose details are logged, not shown to the caller.
 */
@FunctionalInterface
public interface RouteHandler {

    PluginResponse handle(PluginRequest request) throws Exception;
}
