package org.applecore.sdk.core;

import org.applecore.sdk.http.HttpMethod;

/**
 * Calls to the core API as one user. Each call is one core request (one transaction; in a job operation's session,
 * one savepoint of the job's transaction, see {@code JobOperationContext#core()}) with the same rules,
 * statuses and {@code application/problem+json} refusals as the REST API: a refusal is a
 * {@link CoreResponse} with a 4xx status and a stable {@link CoreResponse#problemCode()}, not an exception.
 *
 * <p>Threading: thread-safe and cheap to create; each call blocks until the core answers.
 */
public interface CoreSession {

    /**
     * Executes one core request as the session's user.
     *
     * @param path an absolute core path, optionally with a query string, such as {@code /core/groups/12} or
     *     {@code /core/groups?limit=10}
     * @param body the request body, written as JSON with the plugin's {@link org.applecore.sdk.json.JsonCodec}
     *     (a {@code Map}, a record, ...); null for none
     * @throws IllegalArgumentException when the path is not a {@code /core} path
     * @throws org.applecore.sdk.errors.PluginException of kind {@code UNAVAILABLE} when the core cannot be
     *     reached (retriable)
     */
    CoreResponse call(HttpMethod method, String path, Object body);

    default CoreResponse get(String path) {
        return call(HttpMethod.GET, path, null);
    }

    default CoreResponse post(String path, Object body) {
        return call(HttpMethod.POST, path, body);
    }

    default CoreResponse put(String path, Object body) {
        return call(HttpMethod.PUT, path, body);
    }

    default CoreResponse patch(String path, Object body) {
        return call(HttpMethod.PATCH, path, body);
    }

    default CoreResponse delete(String path) {
        return call(HttpMethod.DELETE, path, null);
    }
}
