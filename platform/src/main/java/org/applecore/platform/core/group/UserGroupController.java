package org.applecore.platform.core.group;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.access.CoreCallers;
import org.applecore.platform.core.paging.IdCursor;
import org.applecore.platform.database.Database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

/** {@code /core/groups}: user groups, their members and admins. Each request is one transaction. */
@Controller("/core/groups")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class UserGroupController {

    private final Database database;
    private final CoreCallers callers;
    private final UserGroups groups;

    UserGroupController(Database database, CoreCallers callers, UserGroups groups) {
        this.database = database;
        this.callers = callers;
        this.groups = groups;
    }

    @Post
    @Status(HttpStatus.CREATED)
    public GroupView create(@Body @Nullable NewGroup body, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        return database.inTransaction(connection -> groups.create(connection, caller, body));
    }

    @Get
    public IdCursor.Page<GroupView> listMine(@QueryValue @Nullable Integer limit, @QueryValue @Nullable String cursor,
                                             Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        int pageSize = IdCursor.limit(limit);
        long after = IdCursor.after(cursor);
        return database.inTransaction(connection -> groups.listMine(connection, caller, after, pageSize));
    }

    @Get("/{id}")
    public GroupDetailView get(@PathVariable long id, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        return database.inTransaction(connection -> groups.get(connection, caller, id));
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

    @Get("/{id}/members")
    public IdCursor.Page<Long> members(@PathVariable long id, @QueryValue @Nullable Integer limit,
                                       @QueryValue @Nullable String cursor, Authentication authentication) {
        return page(id, false, limit, cursor, authentication);
    }

    @Get("/{id}/admins")
    public IdCursor.Page<Long> admins(@PathVariable long id, @QueryValue @Nullable Integer limit,
                                      @QueryValue @Nullable String cursor, Authentication authentication) {
        return page(id, true, limit, cursor, authentication);
    }

    @Put("/{id}/members/{userId}")
    public HttpResponse<Void> addMember(@PathVariable long id, @PathVariable long userId, Authentication authentication) {
        return change(authentication, caller -> connection -> groups.addMember(connection, caller, id, userId));
    }

    @Delete("/{id}/members/{userId}")
    public HttpResponse<Void> removeMember(@PathVariable long id, @PathVariable long userId, Authentication authentication) {
        return change(authentication, caller -> connection -> groups.removeMember(connection, caller, id, userId));
    }

    @Put("/{id}/admins/{userId}")
    public HttpResponse<Void> addAdmin(@PathVariable long id, @PathVariable long userId, Authentication authentication) {
        return change(authentication, caller -> connection -> groups.addAdmin(connection, caller, id, userId));
    }

    @Delete("/{id}/admins/{userId}")
    public HttpResponse<Void> removeAdmin(@PathVariable long id, @PathVariable long userId, Authentication authentication) {
        return change(authentication, caller -> connection -> groups.removeAdmin(connection, caller, id, userId));
    }

    private IdCursor.Page<Long> page(long id, boolean adminsOnly, Integer limit, String cursor, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        int pageSize = IdCursor.limit(limit);
        long after = IdCursor.after(cursor);
        return database.inTransaction(connection -> groups.members(connection, caller, id, adminsOnly, after, pageSize));
    }

    /** One membership change in the request's transaction. */
    private interface Change {
        void apply(Connection connection) throws SQLException;
    }

    private HttpResponse<Void> change(Authentication authentication, Function<CoreCaller, Change> change) {
        Change work = change.apply(callers.fromRequest(authentication));
        database.inTransaction(connection -> {
            work.apply(connection);
            return null;
        });
        return HttpResponse.noContent();
    }
}
