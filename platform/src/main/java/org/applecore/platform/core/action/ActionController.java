package org.applecore.platform.core.action;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.access.CoreCallers;
import org.applecore.platform.core.paging.IdCursor;
import org.applecore.platform.database.Database;

import java.net.URI;

/**
 * {@code /core/actions}: action definitions (visible to their owner and full admins), and
 * {@code /core/actions/{id}/instances/{tokenTypeId}}: applying an action to a token type.
 */
@Controller("/core/actions")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ActionController {

    private final CoreCallers callers;
    private final Database database;
    private final ActionService actions;

    ActionController(CoreCallers callers, Database database, ActionService actions) {
        this.callers = callers;
        this.database = database;
        this.actions = actions;
    }

    @Post
    public HttpResponse<JsonNode> create(@Body JsonNode body, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        ActionService.View created = database.inTransaction(connection -> actions.create(connection, caller, body));
        return HttpResponse.created((JsonNode) ActionJson.of(created),
                URI.create("/core/actions/" + created.definition().id()));
    }

    @Get
    public JsonNode list(@QueryValue @Nullable Integer limit, @QueryValue @Nullable String cursor,
                         Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        int pageSize = IdCursor.limit(limit);
        long after = IdCursor.after(cursor);
        return ActionJson.page(database.inTransaction(connection -> actions.list(connection, caller, pageSize, after)));
    }

    @Get("/{id}")
    public JsonNode get(@PathVariable long id, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        return ActionJson.of(database.inTransaction(connection -> actions.get(connection, caller, id)));
    }

    @Patch("/{id}")
    public JsonNode update(@PathVariable long id, @Body JsonNode body, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        return ActionJson.of(database.inTransaction(connection -> actions.update(connection, caller, id, body)));
    }

    @Delete("/{id}")
    public HttpResponse<Void> delete(@PathVariable long id, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        database.inTransaction(connection -> {
            actions.delete(connection, caller, id);
            return null;
        });
        return HttpResponse.noContent();
    }

    @Get("/{id}/instances")
    public JsonNode instances(@PathVariable long id, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        return ActionJson.instances(database.inTransaction(connection -> actions.instances(connection, caller, id)));
    }

    /** Applies the action to the token type, pinning its current script (again: re-pins, keeps local state). */
    @Put("/{id}/instances/{typeId}")
    public JsonNode apply(@PathVariable long id, @PathVariable long typeId, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        return ActionJson.ofInstance(database.inTransaction(connection -> actions.apply(connection, caller, id, typeId)));
    }

    @Delete("/{id}/instances/{typeId}")
    public HttpResponse<Void> unapply(@PathVariable long id, @PathVariable long typeId, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        database.inTransaction(connection -> {
            actions.unapply(connection, caller, id, typeId);
            return null;
        });
        return HttpResponse.noContent();
    }
}
