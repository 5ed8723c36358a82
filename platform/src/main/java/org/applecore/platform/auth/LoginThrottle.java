package org.applecore.platform.auth;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import org.applecore.platform.database.Database;
import org.applecore.platform.problem.RetryLaterException;

import java.net.InetSocketAddress;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Slows down password guessing on {@code POST /login}. Failures are counted in the database (so every host counts
 * the same ones) over a sliding window, in three scopes: one username from one client address (tight: a user
 * who mistypes is not locked out from elsewhere), one client address over all usernames (one machine spraying
 * many accounts), and one username over all clients (many machines guessing one account). While a scope is over
 * its limit, attempts in it are refused with 429 {@code auth.too_many_attempts} and a {@code Retry-After} before
 * the password is even checked, and they are not counted, so the refusal ends when the oldest counted failure
 * leaves the window. A successful login clears its username's failures from that client.
 *
 * <p>The client address is the connection's peer, not a header a client could forge, unless the operator names
 * the header a trusted proxy sets ({@code applecore.accounts.login-throttle.client-address-header}).
 */
@Singleton
public class LoginThrottle {

    private final Database database;
    private final Duration window;
    private final int perUserAndClient;
    private final int perClient;
    private final int perUser;
    private final String clientAddressHeader;

    LoginThrottle(Database database,
                  @Value("${applecore.accounts.login-throttle.window:15m}") Duration window,
                  @Value("${applecore.accounts.login-throttle.max-failures-per-user-and-client:5}") int perUserAndClient,
                  @Value("${applecore.accounts.login-throttle.max-failures-per-client:50}") int perClient,
                  @Value("${applecore.accounts.login-throttle.max-failures-per-user:100}") int perUser,
                  @Value("${applecore.accounts.login-throttle.client-address-header:}") String clientAddressHeader) {
        if (window.isNegative() || window.isZero() || perUserAndClient < 1 || perClient < 1 || perUser < 1) {
            throw new IllegalArgumentException("applecore.accounts.login-throttle: the window must be positive and "
                    + "every max-failures at least 1");
        }
        this.database = database;
        this.window = window;
        this.perUserAndClient = perUserAndClient;
        this.perClient = perClient;
        this.perUser = perUser;
        this.clientAddressHeader = clientAddressHeader == null || clientAddressHeader.isBlank() ? null : clientAddressHeader.trim();
    }

    /** The address failures of this request are counted under. */
    public String clientOf(@Nullable HttpRequest<?> request) {
        if (request == null) {
            return "unknown";
        }
        if (clientAddressHeader != null) {
            String forwarded = request.getHeaders().get(clientAddressHeader);
            if (forwarded != null && !forwarded.isBlank()) {
                // The proxy appends the address it saw last; the left-most entry is the original client.
                return forwarded.split(",")[0].trim();
            }
        }
        InetSocketAddress peer = request.getRemoteAddress();
        return peer.getAddress() == null ? peer.getHostString() : peer.getAddress().getHostAddress();
    }

    /** @throws RetryLaterException 429 {@code auth.too_many_attempts} while a scope of this attempt is over its limit */
    public void check(String username, String client) {
        String name = normalized(username);
        Duration wait = database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    WITH recent AS (
                        SELECT username, client, failed_at FROM platform.login_failure
                        WHERE failed_at > now() - make_interval(secs => ?) AND (username = ? OR client = ?))
                    SELECT count(*) FILTER (WHERE username = ? AND client = ?) AS pair,
                           min(failed_at) FILTER (WHERE username = ? AND client = ?) AS pair_oldest,
                           count(*) FILTER (WHERE client = ?) AS by_client,
                           min(failed_at) FILTER (WHERE client = ?) AS client_oldest,
                           count(*) FILTER (WHERE username = ?) AS by_user,
                           min(failed_at) FILTER (WHERE username = ?) AS user_oldest,
                           now() AS now
                    FROM recent""")) {
                select.setDouble(1, window.toMillis() / 1000.0);
                String[] values = {name, client, name, client, name, client, client, client, name, name};
                for (int i = 0; i < values.length; i++) {
                    select.setString(i + 2, values[i]);
                }
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    Instant blockedUntil = later(null, row.getLong("pair") >= perUserAndClient, row.getTimestamp("pair_oldest"));
                    blockedUntil = later(blockedUntil, row.getLong("by_client") >= perClient, row.getTimestamp("client_oldest"));
                    blockedUntil = later(blockedUntil, row.getLong("by_user") >= perUser, row.getTimestamp("user_oldest"));
                    if (blockedUntil == null) {
                        return null;
                    }
                    Duration left = Duration.between(row.getTimestamp("now").toInstant(), blockedUntil);
                    return left.isNegative() ? Duration.ZERO : left;
                }
            }
        });
        if (wait != null) {
            throw new RetryLaterException(429, "auth.too_many_attempts",
                    "Too many failed logins; try again later (see Retry-After).", wait);
        }
    }

    /** Counts a failed attempt (and forgets failures that left the window). */
    public void failed(String username, String client) {
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO platform.login_failure (username, client) VALUES (?, ?)");
                 PreparedStatement prune = connection.prepareStatement(
                         "DELETE FROM platform.login_failure WHERE failed_at < now() - make_interval(secs => ?)")) {
                insert.setString(1, normalized(username));
                insert.setString(2, client);
                insert.executeUpdate();
                prune.setDouble(1, window.toMillis() / 1000.0);
                return prune.executeUpdate();
            }
        });
    }

    /** Forgets this username's failures from this client after it logged in. */
    public void succeeded(String username, String client) {
        database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM platform.login_failure WHERE username = ? AND client = ?")) {
                delete.setString(1, normalized(username));
                delete.setString(2, client);
                return delete.executeUpdate();
            }
        });
    }

    private Instant later(Instant current, boolean blocked, Timestamp oldest) {
        if (!blocked || oldest == null) {
            return current;
        }
        Instant until = oldest.toInstant().plus(window);
        return current == null || until.isAfter(current) ? until : current;
    }

    private static String normalized(String username) {
        return username == null ? "" : username.toLowerCase(Locale.ROOT);
    }
}
