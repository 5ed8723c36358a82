package org.applecore.testplugins;

import org.applecore.sdk.ApplecorePlugin;
import org.applecore.sdk.PluginContext;
import org.applecore.sdk.core.CoreResponse;
import org.applecore.sdk.http.HttpMethod;
import org.applecore.sdk.jobs.JobOperation;
import org.applecore.sdk.jobs.JobReference;
import org.applecore.sdk.jobs.JobRequest;
import org.applecore.sdk.http.PluginResponse;
import org.applecore.sdk.http.RouteAccess;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plugin that relays a core call as the calling user: {@code POST /call} with
 * {@code {"method", "path", "body"}} answers {@code {"status", "code", "json"}} of the core's answer (the
 * route's session is read-only, so writes are refused); {@code POST /submit} with {@code {"type", "input"}}
 * submits a one-operation job as the calling user and answers 202 {@code {"ref", "url"}}.
 */
@org.pf4j.Extension
public class CoreCallingPlugin implements ApplecorePlugin {

    /** What to call. */
    public record Call(String method, String path, Map<String, Object> body) {
    }

    /** The one operation of a job to submit. */
    public record Submit(String type, Map<String, Object> input) {
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
        context.routes().post("/submit", RouteAccess.authenticated(), request -> {
            Submit submit = request.body(Submit.class);
            JobReference job = context.jobs().submit(request.requireUser(),
                    JobRequest.of(JobOperation.of(submit.type(), submit.input())));
            return PluginResponse.accepted(Map.of("ref", job.ref(), "url", job.url()));
        });
    }
}
