package org.applecore.platform.core.coretoken;

import java.util.List;

/**
 * The live holder of a core token, as found for one request: the core user (the account) with the
 * account's current username and roles.
 */
public record CoreTokenHolder(long tokenId, long userId, String username, List<String> roles) {

    public CoreTokenHolder {
        roles = List.copyOf(roles);
    }
}
