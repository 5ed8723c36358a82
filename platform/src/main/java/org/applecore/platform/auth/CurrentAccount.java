package org.applecore.platform.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.security.authentication.Authentication;
import org.applecore.platform.account.Account;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The account behind an authenticated request, as it was when the request arrived (at most
 * {@code applecore.accounts.cache-ttl} old): an inactive account never gets this far. Build it with
 * {@link #from(Authentication)} from the {@link Authentication} Micronaut injects.
 *
 * @param roles the account's current roles, sorted
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CurrentAccount(long id, String username, Set<String> roles) {

    /** The {@link Authentication} attribute holding the account id, a {@link Long}. */
    public static final String ACCOUNT_ID = "account_id";

    public CurrentAccount {
        Objects.requireNonNull(username, "username is null");
        roles = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(roles, "roles is null")));
    }

    static CurrentAccount of(Account account) {
        return new CurrentAccount(account.id(), account.username(), account.roles());
    }

    /**
     * The account of an authenticated request.
     *
     * @throws IllegalArgumentException when the authentication was not made by this host's account login
     */
    public static CurrentAccount from(Authentication authentication) {
        Objects.requireNonNull(authentication, "authentication is null");
        if (!(authentication.getAttributes().get(ACCOUNT_ID) instanceof Number id)) {
            throw new IllegalArgumentException("the authentication of '" + authentication.getName()
                    + "' carries no " + ACCOUNT_ID + " attribute");
        }
        return new CurrentAccount(id.longValue(), authentication.getName(), Set.copyOf(authentication.getRoles()));
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** The authentication Micronaut Security carries for this account: name, roles and {@value #ACCOUNT_ID}. */
    Authentication toAuthentication() {
        return Authentication.build(username, roles, Map.of(ACCOUNT_ID, id));
    }
}
