package org.applecore.platform.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A role accounts can be granted.
 *
 * @param declaredBy {@code platform} for the built-in roles, else the id of the plugin that declared it
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RoleInfo(String name, String description, String declaredBy, boolean builtIn) {

    public RoleInfo {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(description, "description is null");
        Objects.requireNonNull(declaredBy, "declaredBy is null");
    }
}
