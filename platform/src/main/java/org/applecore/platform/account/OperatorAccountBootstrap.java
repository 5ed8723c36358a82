package org.applecore.platform.account;

import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.applecore.platform.database.DatabaseReadyEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Creates the operator account ({@code applecore.admin.username}, default {@code admin}, with the
 * {@code admin} role) once the database is ready and holds no account at all. Its password is
 * {@code applecore.admin.password} ({@code APPLECORE_ADMIN_PASSWORD}); when none is given a strong one is
 * generated and printed once to standard output, never to the log, which may be shipped elsewhere.
 * There is no built-in default password. Safe when several hosts start at once on one database.
 */
@Singleton
public class OperatorAccountBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorAccountBootstrap.class);
    private static final String FRAME = "=".repeat(78);

    private final AccountService accounts;
    private final String username;
    private final String configuredPassword;
    private final SecureRandom random = new SecureRandom();

    OperatorAccountBootstrap(AccountService accounts,
                             @Value("${applecore.admin.username:admin}") String username,
                             @Value("${applecore.admin.password:}") String configuredPassword) {
        this.accounts = accounts;
        this.username = username;
        this.configuredPassword = configuredPassword;
    }

    @EventListener
    void onDatabaseReady(DatabaseReadyEvent event) {
        boolean generated = configuredPassword.isBlank();
        String password = generated ? generatePassword() : configuredPassword;
        Optional<Account> created;
        try {
            created = accounts.createFirstAccount(username, password);
        } catch (RuntimeException e) {
            // The message never contains the password: the validation messages only state the rules.
            LOG.error("Could not create the operator account '{}': {}", username, e.getMessage());
            return;
        }
        created.ifPresent(account -> {
            LOG.info("Created the operator account '{}' (id {})", account.username(), account.id());
            if (generated) {
                System.out.println(FRAME + "\n"
                        + "Apple Core operator account created. Username: " + account.username()
                        + "  Password: " + password + "\n"
                        + "This password is shown only once. Set APPLECORE_ADMIN_PASSWORD to choose it yourself,\n"
                        + "or change it with PATCH /admin/users/" + account.id() + " after logging in.\n"
                        + FRAME);
                System.out.flush();
            }
        });
    }

    private String generatePassword() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
