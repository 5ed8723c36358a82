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
 * on purpose). A wrong password, an unknown username and an inactive account get the same failure.
 */
@Singleton
public class AccountAuthenticationProvider<B> implements HttpRequestExecutorAuthenticationProvider<B> {

    private final AccountService accounts;

    AccountAuthenticationProvider(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public AuthenticationResponse authenticate(@Nullable HttpRequest<B> request,
                                               AuthenticationRequest<String, String> authenticationRequest) {
        return accounts.authenticate(authenticationRequest.getIdentity(), authenticationRequest.getSecret())
                .map(account -> {
                    var authentication = CurrentAccount.of(account).toAuthentication();
                    return AuthenticationResponse.success(authentication.getName(), authentication.getRoles(),
                            authentication.getAttributes());
                })
                .orElseGet(() -> AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH));
    }
}
