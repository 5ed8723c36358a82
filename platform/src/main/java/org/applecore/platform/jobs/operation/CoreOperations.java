package org.applecore.platform.jobs.operation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import org.applecore.platform.core.attribute.AttributeJson;
import org.applecore.platform.core.attribute.AttributeService;
import org.applecore.platform.core.group.NewGroup;
import org.applecore.platform.core.group.UserGroups;
import org.applecore.platform.core.setop.SetOperation;
import org.applecore.platform.core.setop.SetOperations;
import org.applecore.platform.core.token.RequestFields;
import org.applecore.platform.core.token.Tokens;
import org.applecore.platform.core.tokenset.TokenSet;
import org.applecore.platform.core.tokenset.TokenSetController;
import org.applecore.platform.core.tokenset.TokenSets;
import org.applecore.platform.core.typegroup.TypeGroup;
import org.applecore.platform.core.typegroup.TypeGroupController;
import org.applecore.platform.core.typegroup.TypeGroups;
import org.applecore.platform.core.tokentype.TokenTypeService;
import org.applecore.platform.problem.ApiException;
import org.applecore.sdk.http.HttpMethod;

import java.util.List;
import java.util.Set;

/**
 * The built-in job operations: every mutating core REST call, named {@code core.<thing>.<verb>}. Each runs
 * the same service code as its REST endpoint, in the job's transaction, so it has the same rules, statuses
 * and problem codes. New core areas add their calls here.
 */
@Singleton
public class CoreOperations {

    private final List<CoreOperation> operations;

    CoreOperations(AttributeService attributes, TokenTypeService tokenTypes, UserGroups groups, Tokens tokens,
                   TokenSets sets, TypeGroups typeGroups, SetOperations setOperations, ObjectMapper mapper) {
        this.operations = List.of(
                new CoreOperation("core.token.create", HttpMethod.POST, "/core/tokens", 201, (c, caller, call) -> {
                    JsonNode fields = RequestFields.object(call.body(), Set.of("token_type", "set", "values", "owner"));
                    return mapper.valueToTree(tokens.create(c, caller, RequestFields.requiredId(fields, "token_type"),
                            RequestFields.requiredId(fields, "set"), RequestFields.optionalId(fields, "owner"),
                            RequestFields.values(fields, "values")));
                }),
                new CoreOperation("core.token.update_values", HttpMethod.PATCH, "/core/tokens/{id}/values", 200,
                        (c, caller, call) -> mapper.valueToTree(tokens.writeValues(c, caller, call.id("id"),
                                RequestFields.values(RequestFields.object(call.body(), Set.of("values")), "values")))),
                new CoreOperation("core.token_set.create", HttpMethod.POST, "/core/token-sets", 201, (c, caller, call) -> {
                    JsonNode fields = RequestFields.object(call.body(), Set.of("name", "token_type", "values"));
                    TokenSet set = sets.create(c, caller, RequestFields.optionalText(fields, "name", TokenSetController.NAME_MAX),
                            RequestFields.optionalId(fields, "token_type"), RequestFields.values(fields, "values"));
                    return mapper.valueToTree(sets.view(c, set));
                }),
                new CoreOperation("core.token_set.update_values", HttpMethod.PATCH, "/core/token-sets/{id}/values", 200,
                        (c, caller, call) -> {
                            var values = RequestFields.values(RequestFields.object(call.body(), Set.of("values")), "values");
                            TokenSet set = sets.lockVisible(c, caller, Set.of(call.id("id"))).get(call.id("id"));
                            sets.writeValues(c, caller, set, values);
                            return mapper.valueToTree(sets.view(c, set));
                        }),
                new CoreOperation("core.type_group.create", HttpMethod.POST, "/core/type-groups", 201, (c, caller, call) -> {
                    JsonNode fields = RequestFields.object(call.body(), Set.of("name", "members", "values"));
                    String name = RequestFields.requiredText(fields, "name", TypeGroupController.NAME_MAX);
                    List<TypeGroup.Member> members = TypeGroupController.members(fields);
                    if (members == null) {
                        throw RequestFields.invalid("'members' is required.");
                    }
                    TypeGroup group = typeGroups.create(c, caller, name, members, RequestFields.values(fields, "values"));
                    return mapper.valueToTree(typeGroups.view(c, group));
                }),
                new CoreOperation("core.type_group.update", HttpMethod.PATCH, "/core/type-groups/{id}", 200, (c, caller, call) -> {
                    JsonNode fields = RequestFields.object(call.body(), Set.of("name", "members", "values"));
                    TypeGroup group = typeGroups.update(c, caller, call.id("id"),
                            RequestFields.optionalText(fields, "name", TypeGroupController.NAME_MAX),
                            TypeGroupController.members(fields), RequestFields.values(fields, "values"));
                    return mapper.valueToTree(typeGroups.view(c, group));
                }),
                new CoreOperation("core.type_group.delete", HttpMethod.DELETE, "/core/type-groups/{id}", 204,
                        (c, caller, call) -> {
                            typeGroups.delete(c, caller, call.id("id"));
                            return null;
                        }),
                // create_set, delete_set, combine, remove, edit_attribute, ...: "operation" in the body says which.
                new CoreOperation("core.set_operation", HttpMethod.POST, "/core/set-operations", 200,
                        (c, caller, call) -> mapper.valueToTree(setOperations.run(c, caller, SetOperation.parse(call.body())))),
                new CoreOperation("core.attribute.create", HttpMethod.POST, "/core/attributes", 201,
                        (c, caller, call) -> AttributeJson.of(attributes.create(c, caller, call.body()))),
                new CoreOperation("core.attribute.update", HttpMethod.PATCH, "/core/attributes/{id}", 200,
                        (c, caller, call) -> AttributeJson.of(attributes.update(c, caller, call.id("id"), call.body()))),
                new CoreOperation("core.attribute.delete", HttpMethod.DELETE, "/core/attributes/{id}", 204,
                        (c, caller, call) -> {
                            attributes.delete(c, caller, call.id("id"));
                            return null;
                        }),
                new CoreOperation("core.token_type.create", HttpMethod.POST, "/core/token-types", 201,
                        (c, caller, call) -> tokenTypes.json(c, tokenTypes.create(c, caller, call.body()))),
                new CoreOperation("core.token_type.update", HttpMethod.PATCH, "/core/token-types/{id}", 200,
                        (c, caller, call) -> {
                            tokenTypes.update(c, caller, call.id("id"), call.body());
                            return tokenTypes.json(c, call.id("id"));
                        }),
                new CoreOperation("core.token_type.delete", HttpMethod.DELETE, "/core/token-types/{id}", 204,
                        (c, caller, call) -> {
                            tokenTypes.delete(c, caller, call.id("id"));
                            return null;
                        }),
                new CoreOperation("core.group.create", HttpMethod.POST, "/core/groups", 201,
                        (c, caller, call) -> mapper.valueToTree(groups.create(c, caller, newGroup(mapper, call.body())))),
                new CoreOperation("core.group.delete", HttpMethod.DELETE, "/core/groups/{id}", 204,
                        (c, caller, call) -> {
                            groups.delete(c, caller, call.id("id"));
                            return null;
                        }),
                new CoreOperation("core.group.add_member", HttpMethod.PUT, "/core/groups/{id}/members/{user_id}", 204,
                        (c, caller, call) -> {
                            groups.addMember(c, caller, call.id("id"), call.id("user_id"));
                            return null;
                        }),
                new CoreOperation("core.group.remove_member", HttpMethod.DELETE, "/core/groups/{id}/members/{user_id}", 204,
                        (c, caller, call) -> {
                            groups.removeMember(c, caller, call.id("id"), call.id("user_id"));
                            return null;
                        }),
                new CoreOperation("core.group.add_admin", HttpMethod.PUT, "/core/groups/{id}/admins/{user_id}", 204,
                        (c, caller, call) -> {
                            groups.addAdmin(c, caller, call.id("id"), call.id("user_id"));
                            return null;
                        }),
                new CoreOperation("core.group.remove_admin", HttpMethod.DELETE, "/core/groups/{id}/admins/{user_id}", 204,
                        (c, caller, call) -> {
                            groups.removeAdmin(c, caller, call.id("id"), call.id("user_id"));
                            return null;
                        }));
    }

    public List<CoreOperation> all() {
        return operations;
    }

    private static NewGroup newGroup(ObjectMapper mapper, JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return null;
        }
        try {
            return mapper.treeToValue(body, NewGroup.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ApiException.badRequest("core.invalid_request", "The group is not {\"name\", \"parent_group_id\"}.");
        }
    }
}
