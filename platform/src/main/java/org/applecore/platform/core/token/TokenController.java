package org.applecore.platform.core.token;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.access.CoreCallers;
import org.applecore.platform.database.Database;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * {@code /core/tokens}: create a token in a first set, read it (values filtered by read permission), change
 * its values (each write checked, all or nothing). Tokens are readable by anyone who knows the id.
 */
@Controller("/core/tokens")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class TokenController {

    private final Database database;
    private final CoreCallers callers;
    private final Tokens tokens;

    TokenController(Database database, CoreCallers callers, Tokens tokens) {
        this.database = database;
        this.callers = callers;
        this.tokens = tokens;
    }

    @Post
    public HttpResponse<TokenView> create(@Body @Nullable JsonNode body, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        JsonNode fields = RequestFields.object(body, Set.of("token_type", "set", "values", "owner"));
        long type = RequestFields.requiredId(fields, "token_type");
        long set = RequestFields.requiredId(fields, "set");
        Long owner = RequestFields.optionalId(fields, "owner");
        Map<Long, JsonNode> values = RequestFields.values(fields, "values");
        TokenView view = database.inTransaction(connection -> tokens.create(connection, caller, type, set, owner, values));
        return HttpResponse.created(view, URI.create("/core/tokens/" + view.id()));
    }

    @Get("/{id}")
    public TokenView get(@PathVariable long id, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        return database.inTransaction(connection -> tokens.read(connection, caller, id));
    }

    @Patch("/{id}/values")
    public TokenView updateValues(@PathVariable long id, @Body @Nullable JsonNode body, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        Map<Long, JsonNode> values = RequestFields.values(RequestFields.object(body, Set.of("values")), "values");
        return database.inTransaction(connection -> tokens.writeValues(connection, caller, id, values));
    }
}
