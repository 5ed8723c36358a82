package org.applecore.platform.core.group;

import io.micronaut.core.annotation.Nullable;

/**
 * {@code POST /core/groups}.
 *
 * @param parentGroupId makes an inherited group, which takes the parent's members and admins
 */
public record NewGroup(@Nullable String name, @Nullable Long parentGroupId) {
}
