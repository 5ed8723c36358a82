package org.applecore.testplugins;

import org.applecore.sdk.ApplecorePlugin;
import org.applecore.sdk.PluginContext;
import org.applecore.sdk.errors.PluginException;
import org.applecore.sdk.http.ActingUser;
import org.applecore.sdk.http.PluginResponse;
import org.applecore.sdk.http.RouteAccess;

import java.util.List;
import java.util.Map;

/**
 * A plugin that exercises every part of the route contract: public and protected routes, a declared
 * role, path variables, query parameters, headers, bound bodies, classified and unclassified failures, a
 * handler that overruns its time limit, and its own table.
 */
@org.pf4j.Extension
public class EchoPlugin implements ApplecorePlugin {

    /** A body the plugin binds. */
    public record Greeting(String displayName, int times, List<String> tags) {
    }

    /** What the echo route answers. */
    public record Echo(String pluginId, String path, Map<String, String> pathVariables,
                       Map<String, List<String>> query, String userAgent, String username, Greeting greeting) {
    }

    @Override
    public void start(PluginContext context) {
        context.declareRole("echo-reader", "May read the echo secret");
        context.routes().get("/", RouteAccess.publicAccess(), request -> PluginResponse.ok(Map.of("plugin", context.pluginId())));
        context.routes().get("/items/{itemId}/notes/{noteId}", RouteAccess.publicAccess(), request ->
                PluginResponse.ok(new Echo(context.pluginId(), request.path(), request.pathVariables(),
                        request.queryParameters(), request.header("User-Agent").orElse(null),
                        request.user().map(ActingUser::username).orElse(null), null)));
        context.routes().post("/greetings", RouteAccess.authenticated(), request -> {
            Greeting greeting = request.body(Greeting.class);
            return PluginResponse.created(new Echo(context.pluginId(), request.path(), Map.of(), Map.of(), null,
                    request.requireUser().username(), greeting)).withHeader("X-Echo", "yes");
        });
        context.routes().get("/secret", RouteAccess.roles("echo-reader"), request -> PluginResponse.ok(Map.of("secret", 42)));
        context.routes().get("/conflict", RouteAccess.publicAccess(), request -> {
            throw PluginException.conflict("echo.already_there", "The echo is already there.");
        });
        context.routes().get("/crash", RouteAccess.publicAccess(), request -> {
            throw new IllegalStateException("password=hunter2 must never reach a caller");
        });
        context.routes().get("/wait", RouteAccess.publicAccess(), request -> {
            // Sleeps ms (at most 5 s) ignoring interrupts, then uses its storage: a request a stop must let finish.
            long until = System.nanoTime() + Math.min(5000, Long.parseLong(request.queryParameter("ms").orElse("0"))) * 1_000_000;
            while (System.nanoTime() < until) {
                try {
                    Thread.sleep(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    // keep waiting
                }
            }
            long notes = context.storage().inTransaction(connection -> {
                try (var statement = connection.prepareStatement("SELECT count(*) FROM note");
                     var rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            });
            return PluginResponse.ok(Map.of("notes", notes));
        });
        context.routes().get("/slow", RouteAccess.publicAccess(), request -> {
            Thread.sleep(60_000);
            return PluginResponse.noContent();
        });
        context.routes().post("/notes", RouteAccess.authenticated(), request -> {
            Greeting greeting = request.body(Greeting.class);
            long id = context.storage().inTransaction(connection -> {
                try (var statement = connection.prepareStatement(
                        "INSERT INTO note (text) VALUES (?) RETURNING id")) {
                    statement.setString(1, greeting.displayName());
                    try (var rs = statement.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            });
            return PluginResponse.created(Map.of("id", id, "schema", context.storage().schema()));
        });
    }
}
