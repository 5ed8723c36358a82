package org.applecore.platform.core.tokenset;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
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
import org.applecore.platform.core.token.RequestFields;
import org.applecore.platform.database.Database;

import java.net.URI;
import java.util.Set;

/**
 * {@code /core/token-sets}: create (owned by the caller), list the caller's sets, read one with its exact
 * member count and values, page its members, change its values. Sets of others answer 404. Membership
 * changes and deletion are set operations ({@code POST /core/set-operations}).
 */
@Controller("/core/token-sets")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class TokenSetController {

    public static final int NAME_MAX = 200;

    private final Database database;
    private final CoreCallers callers;
    private final TokenSets sets;

    TokenSetController(Database database, CoreCallers callers, TokenSets sets) {
        this.database = database;
        this.callers = callers;
        this.sets = sets;
    }

    @Post
    public HttpResponse<TokenSetView> create(@Body @Nullable JsonNode body, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        JsonNode fields = RequestFields.object(body, Set.of("name", "token_type", "values"));
        String name = RequestFields.optionalText(fields, "name", NAME_MAX);
        Long tokenType = RequestFields.optionalId(fields, "token_type");
        var values = RequestFields.values(fields, "values");
        TokenSetView view = database.inTransaction(connection ->
                sets.view(connection, sets.create(connection, caller, name, tokenType, values)));
        return HttpResponse.created(view, URI.create("/core/token-sets/" + view.id()));
    }

    @Get
    public IdCursor.Page<TokenSetView> list(@QueryValue @Nullable Integer limit, @QueryValue @Nullable String cursor,
                                            Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        int pageSize = IdCursor.limit(limit);
        long after = IdCursor.after(cursor);
        return database.inTransaction(connection ->
                sets.listOwned(connection, caller, after, pageSize).map(set -> sets.view(connection, set)));
    }

    @Get("/{id}")
    public TokenSetView get(@PathVariable long id, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        return database.inTransaction(connection -> sets.view(connection, sets.requireVisible(connection, caller, id)));
    }

    @Get("/{id}/tokens")
    public IdCursor.Page<MemberView> members(@PathVariable long id, @QueryValue @Nullable Integer limit,
                                             @QueryValue @Nullable String cursor, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        int pageSize = IdCursor.limit(limit);
        long after = IdCursor.after(cursor);
        return database.inTransaction(connection -> sets.members(connection, caller, id, after, pageSize));
    }

    @Patch("/{id}/values")
    public TokenSetView updateValues(@PathVariable long id, @Body @Nullable JsonNode body, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        JsonNode fields = RequestFields.object(body, Set.of("values"));
        var values = RequestFields.values(fields, "values");
        return database.inTransaction(connection -> {
            TokenSet set = sets.lockVisible(connection, caller, Set.of(id)).get(id);
            sets.writeValues(connection, caller, set, values);
            return sets.view(connection, set);
        });
    }
}
