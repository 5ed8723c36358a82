package org.applecore.platform.core.lifecycle;

import org.applecore.platform.core.access.CoreCaller;

import java.util.List;

/**
 * Something that happened to tokens inside a core transaction, handed to {@link LifecycleHooks} before
 * the transaction commits, so that a failing hook undoes it all.
 *
 * @param lifecycle what happened
 * @param caller who did it
 * @param tokenIds the tokens it happened to
 * @param setId the set involved (the destination of an addition, the source of a removal), or null
 * @param operation the set operation's name, or null outside set operations
 */
public record LifecycleEvent(TokenLifecycle lifecycle, CoreCaller caller, List<Long> tokenIds, Long setId,
                             String operation) {

    public LifecycleEvent {
        tokenIds = List.copyOf(tokenIds);
    }
}
