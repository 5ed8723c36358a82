package org.applecore.platform.core.access;

/**
 * The {@link io.micronaut.security.authentication.Authentication} attributes by which the core's own
 * credentials (core bearer tokens, HTTP Basic of service accounts) mark a request. A request without
 * {@link #CREDENTIAL} was authenticated some other way (an outer-API JWT) and is refused by the core.
 */
public final class CoreCredentials {

    /** The attribute naming how the request was authenticated: {@link #CORE_TOKEN} or {@link #BASIC}. */
    public static final String CREDENTIAL = "credential";
    /** The attribute holding the core user's id, a {@link Long} (the same as the account id). */
    public static final String CORE_USER_ID = "core_user_id";
    /** The attribute holding the id of the core token used, a {@link Long}; only on core-token requests. */
    public static final String CORE_TOKEN_ID = "core_token_id";
    public static final String CORE_TOKEN = "core_token";
    public static final String BASIC = "basic";

    private CoreCredentials() {
    }

    /** Whether the path is served by the core API, the only place core credentials are accepted. */
    public static boolean isCorePath(String path) {
        return path.equals("/core") || path.startsWith("/core/");
    }
}
