package org.applecore.platform.jobs.operation;

import io.micronaut.http.uri.UriMatchTemplate;
import jakarta.inject.Singleton;
import org.applecore.platform.core.access.CoreCredentials;
import org.applecore.platform.core.action.ActionJson;
import org.applecore.platform.core.action.ActionService;
import org.applecore.platform.core.attribute.AttributeJson;
import org.applecore.platform.core.attribute.AttributeService;
import org.applecore.platform.core.bounds.BoundsJson;
import org.applecore.platform.core.bounds.BoundsService;
import org.applecore.platform.core.bounds.GeoJson;
import org.applecore.platform.core.bounds.GroupBounds;
import org.applecore.platform.core.group.UserGroups;
import org.applecore.platform.core.token.Tokens;
import org.applecore.platform.core.tokenset.TokenSets;
import org.applecore.platform.core.tokentype.TokenTypeService;
import org.applecore.platform.core.typegroup.TypeGroups;
import org.applecore.platform.core.user.CoreMeView;
import org.applecore.platform.core.user.CoreUserView;
import org.applecore.platform.core.user.CoreUsers;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every core REST read ({@code GET /core/...}), for plugins' job operations: each runs the same service code as
 * its endpoint, on the job's connection, so a plugin operation sees what the job's earlier operations wrote and
 * gets the same JSON, refusals and problem codes as over HTTP (when a request has several faults, the one
 * reported may differ). New core {@code GET} endpoints add their read here ({@code PluginOperationCoreReadsTest}
 * fails while one is missing), as new core writes are added to {@link CoreOperations}.
 */
@Singleton
public class CoreReads {

    private final List<Endpoint> endpoints;

    CoreReads(AttributeService attributes, TokenTypeService tokenTypes, Tokens tokens, TokenSets sets, TypeGroups typeGroups,
              UserGroups groups, GroupBounds groupBounds, BoundsService bounds, ActionService actions, CoreUsers coreUsers) {
        List<CoreRead> reads = List.of(
                // The job's calls are authenticated by its core token, so /core/me says core_token as it does over HTTP.
                new CoreRead("/core/me", (c, caller, r) ->
                        CoreMeView.of(coreUsers.ensure(c, caller.userId()), caller, CoreCredentials.CORE_TOKEN)),
                new CoreRead("/core/users/{id}", (c, caller, r) -> CoreUserView.of(coreUsers.ensure(c, r.id("id")))),
                new CoreRead("/core/attributes", (c, caller, r) ->
                        AttributeJson.page(attributes.list(c, caller, r.parameter("owner"), r.limit(), r.after()))),
                new CoreRead("/core/attributes/{id}", (c, caller, r) -> AttributeJson.of(attributes.get(c, r.id("id")))),
                new CoreRead("/core/token-types", (c, caller, r) ->
                        tokenTypes.page(c, tokenTypes.list(c, caller, r.parameter("owner"), r.limit(), r.after()))),
                new CoreRead("/core/token-types/{id}", (c, caller, r) -> tokenTypes.json(c, r.id("id"))),
                new CoreRead("/core/token-types/{id}/map-bounds", (c, caller, r) -> {
                    bounds.tokenTypes().require(c, r.id("id"));
                    return GeoJson.writeAreal(bounds.totalMapBounds(c, r.id("id")));
                }),
                new CoreRead("/core/tokens/{id}", (c, caller, r) -> tokens.read(c, caller, r.id("id"))),
                new CoreRead("/core/tokens/{id}/map-bounds", (c, caller, r) ->
                        GeoJson.writeAreal(bounds.totalMapBounds(c, bounds.typeOfToken(c, r.id("id"))))),
                new CoreRead("/core/token-sets", (c, caller, r) ->
                        sets.listOwned(c, caller, r.after(), r.limit()).map(set -> sets.view(c, set))),
                new CoreRead("/core/token-sets/{id}", (c, caller, r) -> sets.view(c, sets.requireVisible(c, caller, r.id("id")))),
                new CoreRead("/core/token-sets/{id}/tokens", (c, caller, r) ->
                        sets.members(c, caller, r.id("id"), r.after(), r.limit())),
                new CoreRead("/core/type-groups", (c, caller, r) ->
                        typeGroups.listOwned(c, caller, r.after(), r.limit()).map(group -> typeGroups.view(c, group))),
                new CoreRead("/core/type-groups/{id}", (c, caller, r) ->
                        typeGroups.view(c, typeGroups.requireVisible(c, caller, r.id("id"), false))),
                new CoreRead("/core/groups", (c, caller, r) -> groups.listMine(c, caller, r.after(), r.limit())),
                new CoreRead("/core/groups/{id}", (c, caller, r) -> groups.get(c, caller, r.id("id"))),
                new CoreRead("/core/groups/{id}/members", (c, caller, r) ->
                        groups.members(c, caller, r.id("id"), false, r.after(), r.limit())),
                new CoreRead("/core/groups/{id}/admins", (c, caller, r) ->
                        groups.members(c, caller, r.id("id"), true, r.after(), r.limit())),
                new CoreRead("/core/groups/{id}/bounds", (c, caller, r) -> BoundsJson.links(groupBounds.get(c, caller, r.id("id")))),
                new CoreRead("/core/map-bounds", (c, caller, r) ->
                        BoundsJson.page(bounds.listMaps(c, caller, r.limit(), r.after()), BoundsJson::ofMap)),
                new CoreRead("/core/map-bounds/{id}", (c, caller, r) -> BoundsJson.ofMap(bounds.requireMap(c, r.id("id")))),
                new CoreRead("/core/time-bounds", (c, caller, r) ->
                        BoundsJson.page(bounds.listTimes(c, caller, r.limit(), r.after()), BoundsJson::ofTime)),
                new CoreRead("/core/time-bounds/{id}", (c, caller, r) -> BoundsJson.ofTime(bounds.requireTime(c, r.id("id")))),
                new CoreRead("/core/actions", (c, caller, r) -> ActionJson.page(actions.list(c, caller, r.limit(), r.after()))),
                new CoreRead("/core/actions/{id}", (c, caller, r) -> ActionJson.of(actions.get(c, caller, r.id("id")))),
                new CoreRead("/core/actions/{id}/instances", (c, caller, r) ->
                        ActionJson.instances(actions.instances(c, caller, r.id("id")))));
        this.endpoints = reads.stream().map(read -> new Endpoint(read, UriMatchTemplate.of(read.pathTemplate()))).toList();
    }

    /** The read a {@code GET} of this core path (with its optional query) is, with its variables and parameters. */
    public Optional<Match> match(String pathAndQuery) {
        int mark = pathAndQuery.indexOf('?');
        String path = mark < 0 ? pathAndQuery : pathAndQuery.substring(0, mark);
        for (Endpoint endpoint : endpoints) {
            Optional<Map<String, String>> variables = endpoint.template().match(path).map(info -> {
                Map<String, String> values = new LinkedHashMap<>();
                info.getVariableValues().forEach((name, value) -> values.put(name, String.valueOf(value)));
                return values;
            });
            if (variables.isPresent()) {
                Map<String, String> query = mark < 0 ? Map.of() : query(pathAndQuery.substring(mark + 1));
                return Optional.of(new Match(endpoint.read(), new CoreRead.Request(variables.get(), query)));
            }
        }
        return Optional.empty();
    }

    /** The path templates of every read, such as {@code /core/tokens/{id}}. */
    public List<String> pathTemplates() {
        return endpoints.stream().map(endpoint -> endpoint.read().pathTemplate()).toList();
    }

    /** Each parameter's first value, decoded, as Micronaut binds a single {@code @QueryValue}. */
    private static Map<String, String> query(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    /** A read matched by a path. */
    public record Match(CoreRead read, CoreRead.Request request) {
    }

    private record Endpoint(CoreRead read, UriMatchTemplate template) {
    }
}
