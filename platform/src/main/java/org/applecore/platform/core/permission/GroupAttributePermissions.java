package org.applecore.platform.core.permission;

import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.attribute.Attribute;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The permission rules of docs/design/core.md. Full admins pass every check, set requirements included.
 * <ul>
 * <li>read: empty {@code read_user_groups}, anyone; else the token's owner and members of a group.</li>
 * <li>write: empty {@code write_user_groups}, the token's owner only; else members of a group.</li>
 * <li>then the attribute's set requirements for that access, if any, must be satisfied.</li>
 * <li>use: empty {@code owner_user_groups}, anyone; else members of a group.</li>
 * <li>a user's own token (seed 003, "User"): besides the rules above, the effective members of that user's
 * personal group read every value, and its effective admins write every value (set requirements and
 * read/write groups do not apply to them).</li>
 * </ul>
 * {@link SetRequirements} is looked up lazily (its implementation lives with token sets and may itself use
 * these permissions); while none is installed, set requirements are never satisfied.
 */
@Singleton
public class GroupAttributePermissions implements AttributePermissions {

    private final BeanProvider<SetRequirements> setRequirements;
    private final UserTokenAccess userTokens;

    public GroupAttributePermissions(BeanProvider<SetRequirements> setRequirements, UserTokenAccess userTokens) {
        this.setRequirements = setRequirements;
        this.userTokens = userTokens;
    }

    @Override
    public boolean canRead(Connection connection, CoreCaller caller, TokenRef token, Attribute attribute) throws SQLException {
        if (caller.fullAdmin()) {
            return true;
        }
        boolean byGroup = attribute.readUserGroups().isEmpty()
                || token.ownerId() == caller.userId()
                || caller.inAnyGroup(attribute.readUserGroups());
        if (byGroup && requirementsMet(connection, token, attribute.readSetRequirements())) {
            return true;
        }
        return userTokens.readsEverything(connection, caller, token);
    }

    @Override
    public boolean canWrite(Connection connection, CoreCaller caller, TokenRef token, Attribute attribute) throws SQLException {
        if (caller.fullAdmin()) {
            return true;
        }
        boolean byGroup = attribute.writeUserGroups().isEmpty()
                ? token.ownerId() == caller.userId()
                : caller.inAnyGroup(attribute.writeUserGroups());
        if (byGroup && requirementsMet(connection, token, attribute.writeSetRequirements())) {
            return true;
        }
        return userTokens.writesEverything(connection, caller, token);
    }

    @Override
    public boolean canUse(CoreCaller caller, Attribute attribute) {
        return caller.fullAdmin() || attribute.ownerUserGroups().isEmpty() || caller.inAnyGroup(attribute.ownerUserGroups());
    }

    private boolean requirementsMet(Connection connection, TokenRef token, List<Long> required) throws SQLException {
        if (required.isEmpty()) {
            return true;
        }
        if (!setRequirements.isPresent()) {
            return false;
        }
        return setRequirements.get().satisfied(connection, token.id(), required);
    }
}
