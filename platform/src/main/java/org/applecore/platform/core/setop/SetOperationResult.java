package org.applecore.platform.core.setop;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer of {@code POST /core/set-operations}. Counts are of tokens: {@code selected} by the type group
 * (or all) in the source sets; {@code added} to the destination (not members before); {@code removed} from
 * the source (remove) or from the deleted set (delete_set); {@code moved} the tokens that left the source for
 * the destination (remove); {@code edited} given the value (edit_attribute); {@code owner_changed} (change_owner).
 *
 * @param setId the set created (create_set) or deleted (delete_set), else null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SetOperationResult(String operation, Long sourceSet, Long secondSourceSet, Long destinationSet, Long setId,
                                 long selected, long added, long removed, long moved, long edited, long ownerChanged) {
}
