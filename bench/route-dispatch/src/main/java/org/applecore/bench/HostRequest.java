package org.applecore.bench;

import io.micronaut.http.HttpRequest;
import org.applecore.sdk.errors.ErrorKind;
import org.applecore.sdk.errors.PluginException;
import org.applecore.sdk.http.ActingUser;
import org.applecore.sdk.http.HttpMethod;
import org.applecore.sdk.http.PluginRequest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A bodiless GET as the Boards handler sees it, built by the host controller (no dispatch involved). */
final class HostRequest implements PluginRequest {

    private final HttpRequest<?> request;
    private final String path;
    private final Map<String, String> pathVariables;
    private final ActingUser user;

    HostRequest(HttpRequest<?> request, String path, Map<String, String> pathVariables, ActingUser user) {
        this.request = request;
        this.path = path;
        this.pathVariables = pathVariables;
        this.user = user;
    }

    @Override
    public HttpMethod method() {
        return HttpMethod.GET;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Optional<ActingUser> user() {
        return Optional.ofNullable(user);
    }

    @Override
    public ActingUser requireUser() {
        if (user == null) {
            throw new PluginException(ErrorKind.UNAUTHENTICATED, "unauthenticated", "A valid access token is required.");
        }
        return user;
    }

    @Override
    public Map<String, String> pathVariables() {
        return pathVariables;
    }

    @Override
    public String pathVariable(String name) {
        String value = pathVariables.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the route has no path variable '" + name + "'");
        }
        return value;
    }

    @Override
    public Map<String, List<String>> queryParameters() {
        return request.getParameters().asMap().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }

    @Override
    public Optional<String> queryParameter(String name) {
        return request.getParameters().getFirst(name);
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeaders().get(name));
    }

    @Override
    public boolean hasBody() {
        return false;
    }

    @Override
    public <T> T body(Class<T> type) {
        throw PluginException.invalidInput("request.body_required", "This request needs a JSON body.");
    }
}
