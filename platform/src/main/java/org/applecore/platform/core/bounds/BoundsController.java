package org.applecore.platform.core.bounds;

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
 * {@code /core/map-bounds} and {@code /core/time-bounds}: create, read (any core caller, by id), list (the
 * caller's own), change and delete (owner or full admin); each shows the attributes it is used on. Also
 * {@code GET /core/token-types/{id}/map-bounds} and {@code GET /core/tokens/{id}/map-bounds}: total map bounds as
 * GeoJSON.
 */
@Controller("/core")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class BoundsController {

    private final CoreCallers callers;
    private final Database database;
    private final BoundsService bounds;
    private final GroupBounds groupBounds;

    BoundsController(CoreCallers callers, Database database, BoundsService bounds, GroupBounds groupBounds) {
        this.callers = callers;
        this.database = database;
        this.bounds = bounds;
        this.groupBounds = groupBounds;
    }

    /** An inherited group's bounds (group admins). */
    @Get("/groups/{id}/bounds")
    public JsonNode groupBounds(@PathVariable long id, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        return BoundsJson.links(database.inTransaction(connection -> groupBounds.get(connection, caller, id)));
    }

    /** Replaces an inherited group's bounds: {@code {"map": [ids], "time": [ids]}}. */
    @Put("/groups/{id}/bounds")
    public JsonNode replaceGroupBounds(@PathVariable long id, @Body JsonNode body, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        return BoundsJson.links(database.inTransaction(connection -> groupBounds.replace(connection, caller, id, body)));
    }

    @Post("/map-bounds")
    public HttpResponse<JsonNode> createMap(@Body JsonNode body, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        MapBound created = database.inTransaction(connection -> bounds.createMap(connection, caller, body));
        return HttpResponse.created((JsonNode) BoundsJson.ofMap(created), URI.create("/core/map-bounds/" + created.id()));
    }

    @Get("/map-bounds")
    public JsonNode listMaps(@QueryValue @Nullable Integer limit, @QueryValue @Nullable String cursor,
                             Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        int pageSize = IdCursor.limit(limit);
        long after = IdCursor.after(cursor);
        return BoundsJson.page(database.inTransaction(connection -> bounds.listMaps(connection, caller, pageSize, after)),
                BoundsJson::ofMap);
    }

    @Get("/map-bounds/{id}")
    public JsonNode getMap(@PathVariable long id, Authentication authentication) {
        callers.fromRequest(authentication);
        return BoundsJson.ofMap(database.inTransaction(connection -> bounds.requireMap(connection, id)));
    }

    @Patch("/map-bounds/{id}")
    public JsonNode updateMap(@PathVariable long id, @Body JsonNode body, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        return BoundsJson.ofMap(database.inTransaction(connection -> bounds.updateMap(connection, caller, id, body)));
    }

    @Delete("/map-bounds/{id}")
    public HttpResponse<Void> deleteMap(@PathVariable long id, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        database.inTransaction(connection -> {
            bounds.deleteMap(connection, caller, id);
            return null;
        });
        return HttpResponse.noContent();
    }

    @Post("/time-bounds")
    public HttpResponse<JsonNode> createTime(@Body JsonNode body, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        TimeBound created = database.inTransaction(connection -> bounds.createTime(connection, caller, body));
        return HttpResponse.created((JsonNode) BoundsJson.ofTime(created), URI.create("/core/time-bounds/" + created.id()));
    }

    @Get("/time-bounds")
    public JsonNode listTimes(@QueryValue @Nullable Integer limit, @QueryValue @Nullable String cursor,
                              Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        int pageSize = IdCursor.limit(limit);
        long after = IdCursor.after(cursor);
        return BoundsJson.page(database.inTransaction(connection -> bounds.listTimes(connection, caller, pageSize, after)),
                BoundsJson::ofTime);
    }

    @Get("/time-bounds/{id}")
    public JsonNode getTime(@PathVariable long id, Authentication authentication) {
        callers.fromRequest(authentication);
        return BoundsJson.ofTime(database.inTransaction(connection -> bounds.requireTime(connection, id)));
    }

    @Patch("/time-bounds/{id}")
    public JsonNode updateTime(@PathVariable long id, @Body JsonNode body, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        return BoundsJson.ofTime(database.inTransaction(connection -> bounds.updateTime(connection, caller, id, body)));
    }

    @Delete("/time-bounds/{id}")
    public HttpResponse<Void> deleteTime(@PathVariable long id, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        database.inTransaction(connection -> {
            bounds.deleteTime(connection, caller, id);
            return null;
        });
        return HttpResponse.noContent();
    }

    /** A token's total map bounds: those of its type (tokens are readable by anyone who knows the id). */
    @Get("/tokens/{id}/map-bounds")
    public JsonNode tokenMapBounds(@PathVariable long id, Authentication authentication) {
        callers.fromRequest(authentication);
        return GeoJson.writeAreal(database.inTransaction(connection -> bounds.totalMapBounds(connection,
                bounds.typeOfToken(connection, id))));
    }

    /** A token type's total map bounds (union of its non-script attributes' map bounds) as a GeoJSON MultiPolygon. */
    @Get("/token-types/{id}/map-bounds")
    public JsonNode typeMapBounds(@PathVariable long id, Authentication authentication) {
        callers.fromRequest(authentication);
        return GeoJson.writeAreal(database.inTransaction(connection -> {
            bounds.tokenTypes().require(connection, id);
            return bounds.totalMapBounds(connection, id);
        }));
    }
}
