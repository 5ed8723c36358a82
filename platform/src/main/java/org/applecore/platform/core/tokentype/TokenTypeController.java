package org.applecore.platform.core.tokentype;

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

/** {@code /core/token-types}: see {@link TokenTypeService} for who may do what. */
@Controller("/core/token-types")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class TokenTypeController {

    private final CoreCallers callers;
    private final Database database;
    private final TokenTypeService tokenTypes;

    TokenTypeController(CoreCallers callers, Database database, TokenTypeService tokenTypes) {
        this.callers = callers;
        this.database = database;
        this.tokenTypes = tokenTypes;
    }

    @Post
    public HttpResponse<JsonNode> create(@Body JsonNode body, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        JsonNode created = database.inTransaction(connection ->
                tokenTypes.json(connection, tokenTypes.create(connection, caller, body)));
        return HttpResponse.created(created, URI.create("/core/token-types/" + created.path("id").asLong()));
    }

    /** {@code owner}: {@code me} (default) or {@code system}. */
    @Get
    public JsonNode list(@QueryValue @Nullable String owner, @QueryValue @Nullable Integer limit,
                         @QueryValue @Nullable String cursor, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        int pageSize = IdCursor.limit(limit);
        long after = IdCursor.after(cursor);
        return database.inTransaction(connection ->
                tokenTypes.page(connection, tokenTypes.list(connection, caller, owner, pageSize, after)));
    }

    @Get("/{id}")
    public JsonNode get(@PathVariable long id, Authentication authentication) {
        callers.fromRequest(authentication);
        return database.inTransaction(connection -> tokenTypes.json(connection, id));
    }

    @Patch("/{id}")
    public JsonNode update(@PathVariable long id, @Body JsonNode body, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        return database.inTransaction(connection -> {
            tokenTypes.update(connection, caller, id, body);
            return tokenTypes.json(connection, id);
        });
    }

    @Delete("/{id}")
    public HttpResponse<Void> delete(@PathVariable long id, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        database.inTransaction(connection -> {
            tokenTypes.delete(connection, caller, id);
            return null;
        });
        return HttpResponse.noContent();
    }
}
