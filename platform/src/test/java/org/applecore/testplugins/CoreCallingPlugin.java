package org.applecore.testplugins;

import org.applecore.sdk.ApplecorePlugin;
import org.applecore.sdk.PluginContext;
import org.applecore.sdk.core.CoreResponse;
import org.applecore.sdk.http.HttpMethod;
import org.applecore.sdk.http.PluginResponse;
import org.applecore.sdk.http.RouteAccess;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plugin that relays a core call as the calling user: {@code POST /call} with
 * {@code {"method", "path", "body"}} answers {@code {"status", "code", "json"}} of the core's answer.
 */
@org.pf4j.Extension
public class CoreCallingPlugin implements ApplecorePlugin {

    /** What to call. */
    public record Call(String method, String path, Map<String, Object> body) {
    }

    @Override
    public void start(PluginContext context) {
        context.routes().post("/call", RouteAccess.authenticated(), request -> {
            Call call = request.body(Call.class);
            CoreResponse response;
            try {
                response = context.core().as(request.requireUser())
                        .call(HttpMethod.valueOf(call.method()), call.path(), call.body());
            } catch (IllegalArgumentException e) {
                return PluginResponse.ok(Map.of("refused", e.getMessage()));
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", response.status());
            answer.put("code", response.problemCode());
            answer.put("json", response.json());
            return PluginResponse.ok(answer);
        });
    }
}
