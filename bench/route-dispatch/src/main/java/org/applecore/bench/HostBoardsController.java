package org.applecore.bench;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import org.applecore.platform.auth.CurrentAccount;
import org.applecore.platform.database.Database;
import org.applecore.platform.plugins.DispatchedRequest;
import org.applecore.platform.plugins.PluginJson;
import org.applecore.platform.plugins.SchemaStorage;
import org.applecore.platform.problem.ProblemResponses;
import org.applecore.plugins.boards.admin.BoardAdminStore;
import org.applecore.plugins.boards.admin.BoardAuthority;
import org.applecore.plugins.boards.board.BoardStore;
import org.applecore.plugins.boards.entry.EntryContentRules;
import org.applecore.plugins.boards.entry.EntryLimits;
import org.applecore.plugins.boards.entry.EntryRoutes;
import org.applecore.plugins.boards.entry.EntryStore;
import org.applecore.sdk.errors.PluginException;
import org.applecore.sdk.http.ActingUser;
import org.applecore.sdk.http.HttpMethod;
import org.applecore.sdk.http.PluginResponse;
import org.applecore.sdk.http.RouteDefinition;
import org.applecore.sdk.http.RouteHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host-controller twin of {@code GET /api/boards/{boardId}/entries}: the same Boards handler
 * ({@link EntryRoutes}' list), the same schema-scoped storage and the same JSON rules, called straight from
 * an ordinary Micronaut controller on the host's blocking executor, as the platform's own controllers run.
 * What it leaves out is exactly the plugin dispatch path: route-table lookup, template match, role check,
 * the hop to the dispatcher's virtual thread, the class-loader switch and the time limit.
 */
@Controller("/bench/host-boards")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class HostBoardsController {

    private final PluginJson json = new PluginJson(HostBoardsController.class.getClassLoader());
    private final RouteHandler listEntries;

    public HostBoardsController(Database database) {
        SchemaStorage storage = new SchemaStorage(database, SchemaStorage.schemaFor("boards"));
        EntryRoutes routes = new EntryRoutes(storage, new BoardStore(), new EntryStore(json),
                new BoardAuthority(new BoardAdminStore()),
                new EntryContentRules(EntryLimits.fromConfig(key -> Optional.empty())));
        List<RouteDefinition> registered = new ArrayList<>();
        routes.register(registered::add);
        this.listEntries = registered.stream()
                .filter(r -> r.method() == HttpMethod.GET && r.path().equals("/{boardId}/entries"))
                .findFirst().orElseThrow(() -> new IllegalStateException("Boards has no GET /{boardId}/entries"))
                .handler();
    }

    @Get("/{boardId}/entries")
    MutableHttpResponse<?> listEntries(HttpRequest<?> request, @PathVariable String boardId,
                                       Authentication authentication) {
        CurrentAccount account = CurrentAccount.from(authentication);
        ActingUser user = new ActingUser(account.id(), account.username(), account.roles());
        DispatchedRequest hostRequest = new DispatchedRequest(request, HttpMethod.GET, "/" + boardId + "/entries",
                user, Map.of("boardId", boardId), null, json);
        try {
            PluginResponse response = listEntries.handle(hostRequest);
            MutableHttpResponse<Object> http = HttpResponse.status(HttpStatus.valueOf(response.status()));
            response.headers().forEach(http::header);
            if (response.body() != null) {
                http.body(json.mapper().writeValueAsBytes(response.body())).contentType(MediaType.APPLICATION_JSON_TYPE);
            }
            return http;
        } catch (PluginException e) {
            return ProblemResponses.of(e.httpStatus(), e.code(), e.getMessage());
        } catch (Exception e) {
            throw new IllegalStateException("Boards list failed in the host controller", e);
        }
    }
}
