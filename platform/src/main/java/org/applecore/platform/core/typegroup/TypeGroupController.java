package org.applecore.platform.core.typegroup;

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
import org.applecore.platform.core.token.RequestFields;
import org.applecore.platform.database.Database;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code /core/type-groups}: create, list the caller's, read, change and delete. Visible to and edited by
 * the owner and full admins; anyone else gets 404.
 */
@Controller("/core/type-groups")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class TypeGroupController {

    public static final int NAME_MAX = 200;
    private static final int MEMBERS_MAX = 100;

    private final Database database;
    private final CoreCallers callers;
    private final TypeGroups groups;

    TypeGroupController(Database database, CoreCallers callers, TypeGroups groups) {
        this.database = database;
        this.callers = callers;
        this.groups = groups;
    }

    @Post
    public HttpResponse<TypeGroupView> create(@Body @Nullable JsonNode body, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        JsonNode fields = RequestFields.object(body, Set.of("name", "members", "values"));
        String name = RequestFields.requiredText(fields, "name", NAME_MAX);
        List<TypeGroup.Member> members = members(fields);
        if (members == null) {
            throw RequestFields.invalid("'members' is required.");
        }
        var values = RequestFields.values(fields, "values");
        TypeGroupView view = database.inTransaction(connection ->
                groups.view(connection, groups.create(connection, caller, name, members, values)));
        return HttpResponse.created(view, URI.create("/core/type-groups/" + view.id()));
    }

    @Get
    public IdCursor.Page<TypeGroupView> list(@QueryValue @Nullable Integer limit, @QueryValue @Nullable String cursor,
                                             Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        int pageSize = IdCursor.limit(limit);
        long after = IdCursor.after(cursor);
        return database.inTransaction(connection ->
                groups.listOwned(connection, caller, after, pageSize).map(group -> groups.view(connection, group)));
    }

    @Get("/{id}")
    public TypeGroupView get(@PathVariable long id, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        return database.inTransaction(connection -> groups.view(connection, groups.requireVisible(connection, caller, id, false)));
    }

    /** Changes the fields given: {@code name}, {@code members} (the whole list), {@code values} (merged). */
    @Patch("/{id}")
    public TypeGroupView update(@PathVariable long id, @Body @Nullable JsonNode body, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        JsonNode fields = RequestFields.object(body, Set.of("name", "members", "values"));
        String name = RequestFields.optionalText(fields, "name", NAME_MAX);
        List<TypeGroup.Member> members = members(fields);
        var values = RequestFields.values(fields, "values");
        return database.inTransaction(connection ->
                groups.view(connection, groups.update(connection, caller, id, name, members, values)));
    }

    @Delete("/{id}")
    public HttpResponse<Void> delete(@PathVariable long id, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        database.inTransaction(connection -> {
            groups.delete(connection, caller, id);
            return null;
        });
        return HttpResponse.noContent();
    }

    /** The {@code members} field, or null when absent. */
    public static List<TypeGroup.Member> members(JsonNode fields) {
        JsonNode node = fields.get("members");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray() || node.size() > MEMBERS_MAX) {
            throw RequestFields.invalid("'members' must be an array of at most " + MEMBERS_MAX + " token types.");
        }
        List<TypeGroup.Member> members = new ArrayList<>();
        for (JsonNode item : node) {
            JsonNode member = RequestFields.object(item, Set.of("token_type", "minimum_needed", "maximum_needed"));
            members.add(new TypeGroup.Member(RequestFields.requiredId(member, "token_type"),
                    RequestFields.optionalCount(member, "minimum_needed"), RequestFields.optionalCount(member, "maximum_needed")));
        }
        return members;
    }
}
