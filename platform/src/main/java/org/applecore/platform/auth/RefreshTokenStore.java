package org.applecore.platform.auth;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.errors.IssuingAnAccessTokenErrorCode;
import io.micronaut.security.errors.OauthErrorResponseException;
import io.micronaut.security.token.event.RefreshTokenGeneratedEvent;
import io.micronaut.security.token.refresh.RefreshTokenPersistence;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.applecore.platform.account.Account;
import org.applecore.platform.account.AccountAccessRevokedEvent;
import org.applecore.platform.account.AccountService;
import org.applecore.platform.database.Database;
import org.reactivestreams.Publisher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Refresh tokens in {@code platform.refresh_token}, kept as their SHA-256 with the account id, creation
 * time and a revoked flag. A refresh token is single-use: redeeming it revokes it, and the refresh answer
 * carries a new one (see {@link BearerTokenLoginHandler}). A token is refused when it is unknown, revoked,
 * older than {@code applecore.accounts.refresh-token-ttl} (default 30 days), or its account is inactive.
 */
@Singleton
public class RefreshTokenStore implements RefreshTokenPersistence {

    private final Database database;
    private final AccountService accounts;
    private final Executor blocking;
    private final Duration ttl;

    RefreshTokenStore(Database database, AccountService accounts,
                      @Named(TaskExecutors.BLOCKING) Executor blocking,
                      @Value("${applecore.accounts.refresh-token-ttl:30d}") Duration ttl) {
        this.database = database;
        this.accounts = accounts;
        this.blocking = blocking;
        this.ttl = ttl;
    }

    /** Stores a refresh token Micronaut just issued (at login or refresh). */
    @Override
    @EventListener
    public void persistToken(RefreshTokenGeneratedEvent event) {
        long accountId = CurrentAccount.from(event.getAuthentication()).id();
        byte[] hash = sha256(event.getRefreshToken());
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO platform.refresh_token (token_hash, account_id) VALUES (?, ?)")) {
                insert.setBytes(1, hash);
                insert.setLong(2, accountId);
                return insert.executeUpdate();
            }
        });
    }

    /** Redeems a refresh token: revokes it and answers the account's current authentication. */
    @Override
    public Publisher<Authentication> getAuthentication(String refreshToken) {
        return Publishers.fromCompletableFuture(() -> {
            CompletableFuture<Authentication> result = new CompletableFuture<>();
            blocking.execute(() -> {
                try {
                    result.complete(redeem(refreshToken));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
            return result;
        });
    }

    /** Revokes the token if it belongs to the account; false when it does not, or is unknown or revoked. */
    public boolean revoke(long accountId, String refreshToken) {
        byte[] hash = sha256(refreshToken);
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE platform.refresh_token SET revoked = TRUE, revoked_at = now()
                    WHERE token_hash = ? AND account_id = ? AND NOT revoked""")) {
                update.setBytes(1, hash);
                update.setLong(2, accountId);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Revokes every live refresh token of the account. */
    public void revokeAll(long accountId) {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE platform.refresh_token SET revoked = TRUE, revoked_at = now() WHERE account_id = ? AND NOT revoked")) {
                update.setLong(1, accountId);
                return update.executeUpdate();
            }
        });
    }

    @EventListener
    void onAccessRevoked(AccountAccessRevokedEvent event) {
        revokeAll(event.accountId());
    }

    private Authentication redeem(String refreshToken) {
        byte[] hash = sha256(refreshToken);
        // One statement both checks and revokes, so two concurrent refreshes with one token cannot both win.
        Optional<Long> accountId = database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE platform.refresh_token SET revoked = TRUE, revoked_at = now()
                    WHERE token_hash = ? AND NOT revoked AND created_at > now() - make_interval(secs => ?)
                    RETURNING account_id""")) {
                update.setBytes(1, hash);
                update.setDouble(2, ttl.toMillis() / 1000.0);
                try (ResultSet rows = update.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
                }
            }
        });
        Account account = accountId.flatMap(accounts::find).filter(Account::active)
                .orElseThrow(() -> new OauthErrorResponseException(IssuingAnAccessTokenErrorCode.INVALID_GRANT,
                        "The refresh token is unknown, expired or revoked, or its account is inactive.", null));
        return CurrentAccount.of(account).toAuthentication();
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }
}
