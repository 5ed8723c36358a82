package org.applecore.platform.core.coretoken;

import jakarta.inject.Singleton;
import org.applecore.platform.core.user.CoreUsers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Core bearer tokens: {@code ac_} + 43 base64url characters of 32 random bytes, stored only as their
 * SHA-256. Kind {@code user} is a user's own non-expiring token (at most one live, managed by operators);
 * kind {@code job} is issued per job (or per in-process plugin call) and revoked when it is done. Revocation
 * takes effect on the next request on every host: tokens are looked up on each request, never cached.
 */
@Singleton
public class CoreTokens {

    public static final String KIND_USER = "user";
    public static final String KIND_JOB = "job";
    public static final String PREFIX = "ac_";
    private static final Set<String> KINDS = Set.of(KIND_USER, KIND_JOB);
    private static final int TOKEN_LENGTH = PREFIX.length() + 43;

    private final SecureRandom random = new SecureRandom();
    private final CoreUsers coreUsers;

    CoreTokens(CoreUsers coreUsers) {
        this.coreUsers = coreUsers;
    }

    /**
     * Issues a token for the user (making the core user first if needed). The plain token is returned once
     * and never stored.
     *
     * @throws org.applecore.platform.problem.ApiException 404 {@code core.user_not_found}
     */
    public IssuedCoreToken issue(Connection connection, long userId, String kind) throws SQLException {
        requireKind(kind);
        coreUsers.ensure(connection, userId);
        String token = newTokenValue();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO core.core_token (user_id, token_hash, kind) VALUES (?, ?, ?) RETURNING id, created_at")) {
            insert.setLong(1, userId);
            insert.setBytes(2, hash(token));
            insert.setString(3, kind);
            try (ResultSet rows = insert.executeQuery()) {
                rows.next();
                return new IssuedCoreToken(rows.getLong("id"), userId, kind, token,
                        rows.getTimestamp("created_at").toInstant());
            }
        }
    }

    /**
     * Makes {@code count} new token values without storing them; the caller stores their hashes (kind
     * {@code job} or {@code user}) in its own statement. Used where one statement both claims work and
     * issues its tokens (the job engine's batch claim). The token rows need core users (see {@link #issue}).
     */
    public FreshTokens fresh(int count) {
        String[] plain = new String[count];
        byte[][] hashes = new byte[count][];
        for (int i = 0; i < count; i++) {
            plain[i] = newTokenValue();
            hashes[i] = hash(plain[i]);
        }
        return new FreshTokens(plain, hashes);
    }

    /**
     * Revokes every live {@code user} token of the user and issues a new one, atomically with respect to
     * other regenerations of the same user (the user's row is locked).
     */
    public IssuedCoreToken regenerateUserToken(Connection connection, long userId) throws SQLException {
        coreUsers.ensure(connection, userId);
        try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM core.core_user WHERE id = ? FOR UPDATE")) {
            lock.setLong(1, userId);
            lock.executeQuery().close();
        }
        revokeAllOfKind(connection, userId, KIND_USER);
        return issue(connection, userId, KIND_USER);
    }

    /** Revokes one token; false when there is no such token. Revoking a revoked token changes nothing. */
    public boolean revoke(Connection connection, long tokenId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE core.core_token SET revoked_at = COALESCE(revoked_at, now()) WHERE id = ?")) {
            update.setLong(1, tokenId);
            return update.executeUpdate() > 0;
        }
    }

    /** Revokes every live token of that kind the user holds; returns how many. */
    public int revokeAllOfKind(Connection connection, long userId, String kind) throws SQLException {
        requireKind(kind);
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE core.core_token SET revoked_at = now() WHERE user_id = ? AND kind = ? AND revoked_at IS NULL")) {
            update.setLong(1, userId);
            update.setString(2, kind);
            return update.executeUpdate();
        }
    }

    public Optional<CoreTokenInfo> find(Connection connection, long tokenId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, user_id, kind, created_at, revoked_at FROM core.core_token WHERE id = ?")) {
            select.setLong(1, tokenId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(info(rows)) : Optional.empty();
            }
        }
    }

    /** The user's tokens (live and revoked) after an id, in id order, at most {@code limit}. */
    public List<CoreTokenInfo> listOfUser(Connection connection, long userId, long afterId, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT id, user_id, kind, created_at, revoked_at FROM core.core_token
                WHERE user_id = ? AND id > ? ORDER BY id LIMIT ?""")) {
            select.setLong(1, userId);
            select.setLong(2, afterId);
            select.setInt(3, limit);
            List<CoreTokenInfo> tokens = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    tokens.add(info(rows));
                }
            }
            return tokens;
        }
    }

    /**
     * The holder of a live token whose account is active, with one indexed lookup; empty for anything else
     * (unknown, revoked, malformed, deactivated account).
     */
    public Optional<CoreTokenHolder> findHolder(Connection connection, String token) throws SQLException {
        if (!looksLikeToken(token)) {
            return Optional.empty();
        }
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT t.id, t.user_id, a.username,
                       ARRAY(SELECT r.role FROM platform.account_role r WHERE r.account_id = a.id ORDER BY r.role) AS roles
                FROM core.core_token t JOIN platform.account a ON a.id = t.user_id
                WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.active""")) {
            select.setBytes(1, hash(token));
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Array roles = rows.getArray("roles");
                return Optional.of(new CoreTokenHolder(rows.getLong("id"), rows.getLong("user_id"),
                        rows.getString("username"), List.of((String[]) roles.getArray())));
            }
        }
    }

    /** Whether the value has the shape of a core token (cheap; says nothing about validity). */
    public static boolean looksLikeToken(String value) {
        return value != null && value.length() == TOKEN_LENGTH && value.startsWith(PREFIX);
    }

    private static CoreTokenInfo info(ResultSet rows) throws SQLException {
        Timestamp revoked = rows.getTimestamp("revoked_at");
        return new CoreTokenInfo(rows.getLong("id"), rows.getLong("user_id"), rows.getString("kind"),
                rows.getTimestamp("created_at").toInstant(), revoked == null ? null : revoked.toInstant());
    }

    private static void requireKind(String kind) {
        Objects.requireNonNull(kind, "kind is null");
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("unknown core token kind '" + kind + "'");
        }
    }

    private String newTokenValue() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
