package org.applecore.platform.auth;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.jwt.validator.DefaultJwtAuthenticationFactory;
import io.micronaut.security.token.jwt.validator.JwtAuthenticationFactory;
import jakarta.inject.Singleton;
import org.applecore.platform.account.Account;
import org.applecore.platform.account.AccountCache;

import java.text.ParseException;
import java.util.Optional;

/**
 * Builds each request's {@link Authentication} from the account's current row rather than from the
 * token's claims: a deactivated account's access token stops working, and role changes apply to the next
 * request. Only the {@value CurrentAccount#ACCOUNT_ID} and subject claims of the (already verified) token
 * are used. Micronaut calls this on its blocking executor, so the database lookup is fine here.
 */
@Singleton
@Replaces(DefaultJwtAuthenticationFactory.class)
public class AccountJwtAuthenticationFactory implements JwtAuthenticationFactory {

    private final AccountCache accounts;

    AccountJwtAuthenticationFactory(AccountCache accounts) {
        this.accounts = accounts;
    }

    @Override
    public Optional<Authentication> createAuthentication(JWT token) {
        JWTClaimsSet claims;
        try {
            claims = token.getJWTClaimsSet();
        } catch (ParseException e) {
            return Optional.empty();
        }
        if (!(claims.getClaim(CurrentAccount.ACCOUNT_ID) instanceof Number accountId)) {
            return Optional.empty();
        }
        return accounts.find(accountId.longValue())
                .filter(Account::active)
                .filter(account -> account.username().equals(claims.getSubject()))
                .map(account -> CurrentAccount.of(account).toAuthentication());
    }
}
