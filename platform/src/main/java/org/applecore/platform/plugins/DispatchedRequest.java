package org.applecore.platform.plugins;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.micronaut.http.HttpRequest;
import org.applecore.sdk.errors.ErrorKind;
import org.applecore.sdk.errors.PluginException;
import org.applecore.sdk.http.ActingUser;
import org.applecore.sdk.http.HttpMethod;
import org.applecore.sdk.http.PluginRequest;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A request to a plugin route as the SDK presents it, backed by the host's request. */
public final class DispatchedRequest implements PluginRequest {

    private final HttpRequest<?> request;
    private final HttpMethod method;
    private final String path;
    private final ActingUser user;
    private final Map<String, String> pathVariables;
    private final byte[] body;
    private final PluginJson json;

    public DispatchedRequest(HttpRequest<?> request, HttpMethod method, String path, ActingUser user,
                      Map<String, String> pathVariables, byte[] body, PluginJson json) {
        this.request = request;
        this.method = method;
        this.path = path;
        this.user = user;
        this.pathVariables = Map.copyOf(pathVariables);
        this.body = body;
        this.json = json;
    }

    @Override
    public HttpMethod method() {
        return method;
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
        return body != null && body.length > 0;
    }

    @Override
    public <T> T body(Class<T> type) {
        if (!hasBody()) {
            throw PluginException.invalidInput("request.body_required", "This request needs a JSON body.");
        }
        try {
            T value = json.mapper().readValue(body, type);
            if (value == null) {
                throw PluginException.invalidInput("request.body_required", "This request needs a JSON body, not null.");
            }
            return value;
        } catch (JsonMappingException e) {
            throw PluginException.invalidInput("request.invalid_body", "The JSON body does not fit: "
                    + withoutClassNames(e.getOriginalMessage()) + fieldPath(e));
        } catch (JsonProcessingException e) {
            throw PluginException.invalidInput("request.malformed_json", "The body is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw PluginException.invalidInput("request.malformed_json", "The body could not be read.");
        }
    }

    /** Jackson names the plugin's Java types; callers need the field, not the class. */
    static String withoutClassNames(String message) {
        return message == null ? "" : message
                .replaceAll("(class |`)?([a-z_$][\\w$]*\\.)+([A-Z][\\w$]*)`?", "$3")
                .replaceAll("\\s*\\(for [^)]*\\)", "");
    }

    private static String fieldPath(JsonMappingException e) {
        String fields = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return fields.isEmpty() ? "" : " (at " + fields + ")";
    }
}
