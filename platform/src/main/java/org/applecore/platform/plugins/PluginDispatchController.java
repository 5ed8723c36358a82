package org.applecore.platform.plugins;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import jakarta.annotation.PreDestroy;
import org.applecore.platform.auth.CurrentAccount;
import org.applecore.platform.problem.Problem;
import org.applecore.platform.problem.ProblemResponses;
import org.applecore.sdk.errors.PluginException;
import org.applecore.sdk.http.ActingUser;
import org.applecore.sdk.http.HttpMethod;
import org.applecore.sdk.http.PluginResponse;
import org.applecore.sdk.http.RouteAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Serves every plugin route: {@code /api/{pluginId}/...} (decision 4). Looks the plugin up in the route
 * table, matches the route, checks authentication and roles before any plugin code runs, then calls the
 * handler on a virtual thread with a time limit, with the plugin's class loader as context class loader.
 */
@Controller("/api")
@Secured(SecurityRule.IS_ANONYMOUS)
public class PluginDispatchController {

    private static final Logger LOG = LoggerFactory.getLogger(PluginDispatchController.class);

    private final RouteTable routeTable;
    private final Duration handlerTimeout;
    private final int maxBodyBytes;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();

    public PluginDispatchController(RouteTable routeTable,
                                    @Value("${applecore.plugin-host.handler-timeout:30s}") Duration handlerTimeout,
                                    @Value("${applecore.plugin-host.max-body-bytes:1048576}") int maxBodyBytes) {
        this.routeTable = routeTable;
        this.handlerTimeout = handlerTimeout;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Get(uris = {"/{pluginId}", "/{pluginId}/{+path}"})
    CompletableFuture<MutableHttpResponse<?>> get(HttpRequest<?> request, @PathVariable String pluginId,
                                                  @Nullable Authentication authentication) {
        return dispatch(HttpMethod.GET, request, pluginId, authentication, null);
    }

    @Delete(uris = {"/{pluginId}", "/{pluginId}/{+path}"})
    CompletableFuture<MutableHttpResponse<?>> delete(HttpRequest<?> request, @PathVariable String pluginId,
                                                     @Nullable Authentication authentication,
                                                     @Nullable @Body byte[] body) {
        return dispatch(HttpMethod.DELETE, request, pluginId, authentication, body);
    }

    @Post(uris = {"/{pluginId}", "/{pluginId}/{+path}"}, consumes = MediaType.ALL)
    CompletableFuture<MutableHttpResponse<?>> post(HttpRequest<?> request, @PathVariable String pluginId,
                                                   @Nullable Authentication authentication,
                                                   @Nullable @Body byte[] body) {
        return dispatch(HttpMethod.POST, request, pluginId, authentication, body);
    }

    @Put(uris = {"/{pluginId}", "/{pluginId}/{+path}"}, consumes = MediaType.ALL)
    CompletableFuture<MutableHttpResponse<?>> put(HttpRequest<?> request, @PathVariable String pluginId,
                                                  @Nullable Authentication authentication,
                                                  @Nullable @Body byte[] body) {
        return dispatch(HttpMethod.PUT, request, pluginId, authentication, body);
    }

    @Patch(uris = {"/{pluginId}", "/{pluginId}/{+path}"}, consumes = MediaType.ALL)
    CompletableFuture<MutableHttpResponse<?>> patch(HttpRequest<?> request, @PathVariable String pluginId,
                                                    @Nullable Authentication authentication,
                                                    @Nullable @Body byte[] body) {
        return dispatch(HttpMethod.PATCH, request, pluginId, authentication, body);
    }

    private CompletableFuture<MutableHttpResponse<?>> dispatch(HttpMethod method, HttpRequest<?> request,
                                                               String pluginId, Authentication authentication,
                                                               byte[] body) {
        Optional<StartedPlugin> found = routeTable.find(pluginId);
        if (found.isEmpty()) {
            return done(notEnabled(pluginId));
        }
        StartedPlugin plugin = found.get();
        String path = subPath(request.getUri().getRawPath(), pluginId);
        Optional<StartedPlugin.RouteMatch> route = plugin.match(method, path);
        if (route.isEmpty()) {
            return plugin.anyRouteMatches(path)
                    ? done(ProblemResponses.of(405, "method_not_allowed",
                            method + " is not allowed on " + path + " in module '" + pluginId + "'."))
                    : done(ProblemResponses.of(404, "not_found", "No route " + path + " in module '" + pluginId + "'."));
        }
        RouteAccess access = route.get().route().definition().access();
        ActingUser user = authentication == null ? null : actingUser(authentication);
        if (!access.isPublic() && user == null) {
            return done(ProblemResponses.of(401, "unauthenticated", "A valid access token is required."));
        }
        if (user != null && !user.roles().containsAll(access.requiredRoles())) {
            return done(ProblemResponses.of(403, "forbidden", "This route requires the role(s) "
                    + String.join(", ", access.requiredRoles().stream().sorted().toList()) + "."));
        }
        if (body != null && body.length > maxBodyBytes) {
            return done(ProblemResponses.of(413, "request.body_too_large",
                    "The body is larger than " + maxBodyBytes + " bytes."));
        }
        DispatchedRequest pluginRequest = new DispatchedRequest(request, method, path, user,
                decode(route.get().info().getVariableValues()), body, plugin.json());
        return invoke(plugin, route.get().route(), pluginRequest);
    }

    private CompletableFuture<MutableHttpResponse<?>> invoke(StartedPlugin plugin, PluginRoute route,
                                                             DispatchedRequest request) {
        CompletableFuture<MutableHttpResponse<?>> result = new CompletableFuture<>();
        Future<?> task = handlers.submit(() -> {
            // Entered here, not before submitting: a task cancelled before it starts never leaves the count up.
            if (!plugin.gate().enter()) {
                result.complete(notEnabled(plugin.id()));
                return;
            }
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(plugin.classLoader());
            try {
                PluginResponse response = route.definition().handler().handle(request);
                result.complete(toHttpResponse(plugin, response));
            } catch (PluginException e) {
                if (e.httpStatus() >= 500) {
                    LOG.warn("Plugin {} route {} {} failed: {}", plugin.id(), route.definition().method(),
                            route.definition().path(), e.getMessage(), e);
                }
                result.complete(ProblemResponses.of(e.httpStatus(), e.code(), e.getMessage()));
            } catch (InterruptedException e) {
                // Cut off by the time limit: the caller already has its 503.
                LOG.warn("Plugin {} route {} {} was interrupted at its time limit", plugin.id(),
                        route.definition().method(), route.definition().path());
            } catch (Throwable e) {
                LOG.error("Plugin {} route {} {} threw", plugin.id(), route.definition().method(),
                        route.definition().path(), e);
                result.complete(ProblemResponses.of(500, "plugin.internal_error",
                        "Module '" + plugin.id() + "' failed to handle the request; the failure was logged."));
            } finally {
                thread.setContextClassLoader(previous);
                plugin.gate().exit();
            }
        });
        MutableHttpResponse<Problem> timeout = ProblemResponses.of(503, "plugin.handler_timeout",
                "Module '" + plugin.id() + "' did not answer within " + handlerTimeout.toMillis() + " ms.");
        return result.completeOnTimeout(timeout, handlerTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((response, error) -> {
                    if (!task.isDone()) {
                        task.cancel(true);
                    }
                });
    }

    private static MutableHttpResponse<?> toHttpResponse(StartedPlugin plugin, PluginResponse response) throws Exception {
        MutableHttpResponse<Object> http = HttpResponse.status(HttpStatus.valueOf(response.status()));
        response.headers().forEach(http::header);
        if (response.body() != null) {
            byte[] json = plugin.json().mapper().writeValueAsBytes(response.body());
            http.body(json).contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        return http;
    }

    private static ActingUser actingUser(Authentication authentication) {
        CurrentAccount account = CurrentAccount.from(authentication);
        return new ActingUser(account.id(), account.username(), account.roles());
    }

    static String subPath(String rawPath, String pluginId) {
        String prefix = "/api/" + pluginId;
        String rest = rawPath.length() > prefix.length() ? rawPath.substring(prefix.length()) : "";
        return rest.isEmpty() ? "/" : rest;
    }

    private static Map<String, String> decode(Map<String, Object> raw) {
        Map<String, String> decoded = new HashMap<>();
        raw.forEach((name, value) -> decoded.put(name,
                URLDecoder.decode(String.valueOf(value).replace("+", "%2B"), StandardCharsets.UTF_8)));
        return decoded;
    }

    private static MutableHttpResponse<Problem> notEnabled(String pluginId) {
        return ProblemResponses.of(404, "plugin.not_enabled", "The module '" + pluginId + "' is not enabled on this platform.");
    }

    private static CompletableFuture<MutableHttpResponse<?>> done(MutableHttpResponse<?> response) {
        return CompletableFuture.completedFuture(response);
    }

    @PreDestroy
    void shutdown() {
        handlers.shutdownNow();
    }
}
