package org.applecore.platform.core.access;

import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.applecore.platform.account.Account;
import org.applecore.platform.account.AccountService;
import org.applecore.platform.account.RoleCatalog;
import org.applecore.platform.auth.CurrentAccount;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * HTTP Basic for service accounts, on {@code /core} paths only: the account must be active and hold the
 * platform role {@code core-service}. Anywhere else, and for any other account, Basic authenticates
 * nothing (Micronaut's own Basic support is switched off in the configuration), so the request is
 * anonymous and answered 401. The password check is slow on purpose and runs on the blocking executor.
 */
@Singleton
public class CoreServiceBasicAuthentication implements AuthenticationFetcher<HttpRequest<?>> {

    private static final String BASIC_PREFIX = "Basic ";

    private final AccountService accounts;
    private final ExecutorService blocking;

    CoreServiceBasicAuthentication(AccountService accounts, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.accounts = accounts;
        this.blocking = blocking;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        if (!CoreCredentials.isCorePath(request.getPath())) {
            return Publishers.empty();
        }
        Optional<String[]> credentials = request.getHeaders().getAuthorization().flatMap(CoreServiceBasicAuthentication::decode);
        if (credentials.isEmpty()) {
            return Publishers.empty();
        }
        String username = credentials.get()[0];
        String password = credentials.get()[1];
        // A null result completes the publisher without an authentication.
        return Publishers.fromCompletableFuture(() -> CompletableFuture.supplyAsync(() -> accounts
                .authenticate(username, password)
                .filter(account -> account.hasRole(RoleCatalog.CORE_SERVICE))
                .map(CoreServiceBasicAuthentication::authentication)
                .orElse(null), blocking));
    }

    private static Authentication authentication(Account account) {
        return Authentication.build(account.username(), account.roles(), Map.of(
                CurrentAccount.ACCOUNT_ID, account.id(),
                CoreCredentials.CORE_USER_ID, account.id(),
                CoreCredentials.CREDENTIAL, CoreCredentials.BASIC));
    }

    private static Optional<String[]> decode(String header) {
        if (header.length() <= BASIC_PREFIX.length() || !header.regionMatches(true, 0, BASIC_PREFIX, 0, BASIC_PREFIX.length())) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(BASIC_PREFIX.length()).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new String[]{decoded.substring(0, colon), decoded.substring(colon + 1)});
    }

    @Override
    public int getOrder() {
        return 0;
    }
}
