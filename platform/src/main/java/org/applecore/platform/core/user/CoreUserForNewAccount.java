package org.applecore.platform.core.user;

import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.applecore.platform.account.AccountCreatedEvent;
import org.applecore.platform.database.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the core user of each new account right away. Should this fail the account stays as it is, and
 * the core user is made on the account's first core call instead ({@link CoreUsers#ensure}).
 */
@Singleton
class CoreUserForNewAccount {

    private static final Logger LOG = LoggerFactory.getLogger(CoreUserForNewAccount.class);

    private final Database database;
    private final CoreUsers coreUsers;

    CoreUserForNewAccount(Database database, CoreUsers coreUsers) {
        this.database = database;
        this.coreUsers = coreUsers;
    }

    @EventListener
    void onAccountCreated(AccountCreatedEvent event) {
        try {
            database.inTransaction(connection -> coreUsers.ensure(connection, event.accountId()));
        } catch (RuntimeException e) {
            LOG.warn("Could not make the core user of account {} now; it will be made on first use", event.accountId(), e);
        }
    }
}
