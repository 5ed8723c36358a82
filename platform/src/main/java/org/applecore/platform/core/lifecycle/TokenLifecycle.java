package org.applecore.platform.core.lifecycle;

/** The moments of a token's life that actions listen to (seed 003, "Lifecycle for attributes"). */
public enum TokenLifecycle {
    CREATION, OWNER_CHANGE, TOKEN_SET_ADDITION, TOKEN_SET_REMOVAL, MASS_ATTRIBUTE_CHANGE
}
