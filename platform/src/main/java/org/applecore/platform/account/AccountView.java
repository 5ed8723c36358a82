package org.applecore.platform.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** An account on the wire. There is deliberately no field for the password hash. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AccountView(long id, String username, List<String> roles, boolean active, Instant createdAt) {

    public static AccountView of(Account account) {
        return new AccountView(account.id(), account.username(), List.copyOf(account.roles()), account.active(),
                account.createdAt());
    }
}
