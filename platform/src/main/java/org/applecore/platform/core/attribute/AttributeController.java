package org.applecore.platform.core.attribute;

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

/**
 * {@code /core/attributes}: attribute definitions. Any core caller reads any definition (they are schema,
 * not data); only the owner or a full admin changes or deletes one (403 {@code core.not_owner} for others,
 * since the definition is visible to them anyway), and system attributes never (403
 * {@code core.system_attribute_immutable}).
 */
@Controller("/core/attributes")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class AttributeController {

    private final CoreCallers callers;
    private final Database database;
    private final AttributeService attributes;

    AttributeController(CoreCallers callers, Database database, AttributeService attributes) {
        this.callers = callers;
        this.database = database;
        this.attributes = attributes;
    }

    @Post
    public HttpResponse<JsonNode> create(@Body JsonNode body, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        Attribute created = database.inTransaction(connection -> attributes.create(connection, caller, body));
        return HttpResponse.created((JsonNode) AttributeJson.of(created), URI.create("/core/attributes/" + created.id()));
    }

    /** {@code owner}: {@code me} (default) or {@code system}. */
    @Get
    public JsonNode list(@QueryValue @Nullable String owner, @QueryValue @Nullable Integer limit,
                         @QueryValue @Nullable String cursor, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        int pageSize = IdCursor.limit(limit);
        long after = IdCursor.after(cursor);
        return AttributeJson.page(database.inTransaction(connection ->
                attributes.list(connection, caller, owner, pageSize, after)));
    }

    @Get("/{id}")
    public JsonNode get(@PathVariable long id, Authentication authentication) {
        callers.fromRequest(authentication);
        return AttributeJson.of(database.inTransaction(connection -> attributes.get(connection, id)));
    }

    @Patch("/{id}")
    public JsonNode update(@PathVariable long id, @Body JsonNode body, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        return AttributeJson.of(database.inTransaction(connection -> attributes.update(connection, caller, id, body)));
    }

    @Delete("/{id}")
    public HttpResponse<Void> delete(@PathVariable long id, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        database.inTransaction(connection -> {
            attributes.delete(connection, caller, id);
            return null;
        });
        return HttpResponse.noContent();
    }
}
