package org.applecore.platform.account;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.applecore.platform.database.Database;
import org.applecore.platform.problem.ApiException;

import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for accounts: who may log in, what a valid username, password and role set is, and what an
 * operator may change. Every change evicts the account from {@link AccountCache} once it is committed.
 * Methods block on the database.
 */
@Singleton
public class AccountService {

    public static final int MIN_PASSWORD_LENGTH = 12;
    public static final int MAX_PASSWORD_LENGTH = 256;
    private static final Pattern USERNAME = Pattern.compile("[a-zA-Z0-9._-]{3,64}");
    // Serializes the creation of the first account between hosts starting at once on one database.
    private static final long FIRST_ACCOUNT_LOCK = 0x6170706c65636f72L;

    private final Database database;
    private final AccountStore store;
    private final PasswordHasher hasher;
    private final RoleCatalog roleCatalog;
    private final AccountCache cache;
    private final ApplicationEventPublisher<AccountAccessRevokedEvent> revocations;
    private final ApplicationEventPublisher<AccountCreatedEvent> creations;

    AccountService(Database database, AccountStore store, PasswordHasher hasher, RoleCatalog roleCatalog,
                   AccountCache cache, ApplicationEventPublisher<AccountAccessRevokedEvent> revocations,
                   ApplicationEventPublisher<AccountCreatedEvent> creations) {
        this.database = database;
        this.store = store;
        this.hasher = hasher;
        this.roleCatalog = roleCatalog;
        this.cache = cache;
        this.revocations = revocations;
        this.creations = creations;
    }

    /**
     * The account when the password is right and the account is active; empty otherwise, after the same
     * amount of hashing whether or not the username exists. Upgrades an outdated hash on success.
     */
    public Optional<Account> authenticate(@Nullable String username, @Nullable String password) {
        String given = password == null ? "" : password;
        Optional<AccountStore.StoredCredentials> stored = username == null || username.isEmpty()
                ? Optional.empty()
                : database.inTransaction(connection -> store.findCredentials(connection, username));
        if (stored.isEmpty()) {
            hasher.verifyAgainstNothing(given);
            return Optional.empty();
        }
        AccountStore.StoredCredentials credentials = stored.get();
        if (!hasher.verify(given, credentials.passwordHash()) || !credentials.active()) {
            return Optional.empty();
        }
        if (hasher.needsRehash(credentials.passwordHash())) {
            String upgraded = hasher.hash(given);
            database.inTransaction(connection -> {
                store.updatePasswordHash(connection, credentials.id(), upgraded);
                return null;
            });
        }
        return find(credentials.id()).filter(Account::active);
    }

    /** The account as stored now, bypassing the cache. */
    public Optional<Account> find(long id) {
        return database.inTransaction(connection -> store.find(connection, id));
    }

    /** @throws ApiException 404 {@code account.not_found} */
    public Account get(long id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    /** Accounts with an id above {@code afterId}, in id order. */
    public List<Account> listAfter(long afterId, int limit) {
        return database.inTransaction(connection -> store.listAfter(connection, afterId, limit));
    }

    /**
     * Creates an active account.
     *
     * @throws ApiException 400 for an invalid username, password or unknown role; 409
     *                      {@code account.username_taken} when the name is in use in any letter case
     */
    public Account create(@Nullable String username, @Nullable String password, @Nullable Collection<String> roles) {
        requireValidUsername(username);
        requireValidPassword(password);
        Set<String> granted = knownRoles(roles, Set.of());
        String passwordHash = hasher.hash(password);
        long id = database.inTransaction(connection -> store.insert(connection, username, passwordHash, granted))
                .orElseThrow(() -> ApiException.conflict("account.username_taken",
                        "The username '" + username + "' is already taken."));
        creations.publishEvent(new AccountCreatedEvent(id));
        return get(id);
    }

    /**
     * Applies an operator's changes. An operator cannot deactivate themselves or take away their own
     * {@code admin} role, so that the last operator cannot lock everyone out by mistake.
     *
     * @param actorId the account making the change
     * @throws ApiException 404 {@code account.not_found}, 409 {@code account.self_lockout}, 400 for an
     *                      invalid password or unknown role
     */
    public Account update(long actorId, long id, AccountChanges changes) {
        Objects.requireNonNull(changes, "changes is null");
        if (actorId == id && (Boolean.FALSE.equals(changes.active())
                || changes.roles() != null && !changes.roles().contains(RoleCatalog.ADMIN))) {
            throw ApiException.conflict("account.self_lockout",
                    "You cannot deactivate your own account or remove your own admin role.");
        }
        if (changes.password() != null) {
            requireValidPassword(changes.password());
        }
        String passwordHash = changes.password() == null ? null : hasher.hash(changes.password());
        Account updated = database.inTransaction(connection -> {
            if (!store.lock(connection, id)) {
                throw notFound(id);
            }
            Account current = store.find(connection, id).orElseThrow(() -> notFound(id));
            if (changes.roles() != null) {
                store.replaceRoles(connection, id, knownRoles(changes.roles(), current.roles()));
            }
            if (passwordHash != null) {
                store.updatePasswordHash(connection, id, passwordHash);
            }
            if (changes.active() != null && changes.active() != current.active()) {
                store.updateActive(connection, id, changes.active());
            }
            return store.find(connection, id).orElseThrow(() -> notFound(id));
        });
        cache.invalidate(id);
        if (passwordHash != null || Boolean.FALSE.equals(changes.active())) {
            revocations.publishEvent(new AccountAccessRevokedEvent(id));
        }
        return updated;
    }

    /**
     * Creates the operator account with the {@code admin} role when no account exists at all; empty when
     * one does (another host may have just created it).
     */
    public Optional<Account> createFirstAccount(String username, String password) {
        requireValidUsername(username);
        requireValidPassword(password);
        String passwordHash = hasher.hash(password);
        Optional<Long> id = database.inTransaction(connection -> {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, FIRST_ACCOUNT_LOCK);
                lock.execute();
            }
            if (store.anyExists(connection)) {
                return Optional.empty();
            }
            return store.insert(connection, username, passwordHash, Set.of(RoleCatalog.ADMIN));
        });
        id.ifPresent(created -> creations.publishEvent(new AccountCreatedEvent(created)));
        return id.map(this::get);
    }

    private static void requireValidUsername(@Nullable String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw ApiException.badRequest("account.invalid_username",
                    "The username must be 3 to 64 characters of letters, digits, '.', '_' or '-'.");
        }
    }

    private static void requireValidPassword(@Nullable String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
            throw ApiException.badRequest("account.invalid_password",
                    "The password must be " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH + " characters long.");
        }
    }

    /** The roles, each known to the catalog or already held (a stopped plugin's role may be kept). */
    private Set<String> knownRoles(@Nullable Collection<String> roles, Set<String> alreadyHeld) {
        if (roles == null) {
            return Set.of();
        }
        Set<String> granted = new LinkedHashSet<>();
        for (String role : roles) {
            if (role == null || !(roleCatalog.isKnown(role) || alreadyHeld.contains(role))) {
                throw ApiException.badRequest("account.unknown_role",
                        "Unknown role '" + role + "'; GET /admin/roles lists the roles that can be granted.");
            }
            granted.add(role);
        }
        return granted;
    }

    private static ApiException notFound(long id) {
        return ApiException.notFound("account.not_found", "No account with id " + id + ".");
    }
}
