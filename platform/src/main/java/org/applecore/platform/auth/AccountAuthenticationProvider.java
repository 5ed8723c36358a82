package org.applecore.platform.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestExecutorAuthenticationProvider;
import jakarta.inject.Singleton;
import org.applecore.platform.account.AccountService;

/**
 * Checks {@code POST /login} credentials against the accounts (on the blocking executor: hashing is slow
 * on purpose). A wrong password, an unknown username and an inactive account get the same failure, and count
 * the same towards the {@link LoginThrottle}, which refuses attempts before any password is checked while
 * too many failed.
 */
@Singleton
public class AccountAuthenticationProvider<B> implements HttpRequestExecutorAuthenticationProvider<B> {

    private final AccountService accounts;
    private final LoginThrottle throttle;

    AccountAuthenticationProvider(AccountService accounts, LoginThrottle throttle) {
        this.accounts = accounts;
        this.throttle = throttle;
    }

    @Override
    public AuthenticationResponse authenticate(@Nullable HttpRequest<B> request,
                                               AuthenticationRequest<String, String> authenticationRequest) {
        String username = authenticationRequest.getIdentity();
        String client = throttle.clientOf(request);
        throttle.check(username, client);
        return accounts.authenticate(username, authenticationRequest.getSecret())
                .map(account -> {
                    throttle.succeeded(username, client);
                    var authentication = CurrentAccount.of(account).toAuthentication();
                    return AuthenticationResponse.success(authentication.getName(), authentication.getRoles(),
                            authentication.getAttributes());
                })
                .orElseGet(() -> {
                    throttle.failed(username, client);
                    return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
                });
    }
}
