package org.applecore.platform.core.coretoken;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.applecore.platform.auth.CurrentAccount;
import org.applecore.platform.core.access.CoreCredentials;
import org.applecore.platform.database.Database;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;

import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Authenticates {@code Authorization: Bearer ac_...} on {@code /core} paths: one indexed lookup per
 * request (on the blocking executor), so a revoked token or a deactivated account fails on the very next
 * request on every host. Elsewhere core tokens authenticate nothing. Runs before the JWT validator, which
 * would only fail to parse the value.
 */
@Singleton
public class CoreTokenValidator implements TokenValidator<HttpRequest<?>> {

    private final Database database;
    private final CoreTokens tokens;
    private final ExecutorService blocking;

    CoreTokenValidator(Database database, CoreTokens tokens, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.database = database;
        this.tokens = tokens;
        this.blocking = blocking;
    }

    @Override
    public Publisher<Authentication> validateToken(String token, @Nullable HttpRequest<?> request) {
        if (!CoreTokens.looksLikeToken(token) || request == null || !CoreCredentials.isCorePath(request.getPath())) {
            return Publishers.empty();
        }
        // A null result completes the publisher without an authentication.
        return Publishers.fromCompletableFuture(() -> CompletableFuture.supplyAsync(() -> database
                .inTransaction(connection -> tokens.findHolder(connection, token))
                .map(CoreTokenValidator::authentication)
                .orElse(null), blocking));
    }

    private static Authentication authentication(CoreTokenHolder holder) {
        return Authentication.build(holder.username(), new HashSet<>(holder.roles()), Map.of(
                CurrentAccount.ACCOUNT_ID, holder.userId(),
                CoreCredentials.CORE_USER_ID, holder.userId(),
                CoreCredentials.CORE_TOKEN_ID, holder.tokenId(),
                CoreCredentials.CREDENTIAL, CoreCredentials.CORE_TOKEN));
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 100;
    }
}
