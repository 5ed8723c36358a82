package org.applecore.platform.database;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Migrates the platform's own schema at start. When the database is down the host still starts (it
 * reports DOWN on /health) and keeps trying in the background; {@link DatabaseReadyEvent} is published
 * once the schema is in place.
 */
@Singleton
public class PlatformMigrations {

    public static final String SCHEMA = "platform";
    private static final Logger LOG = LoggerFactory.getLogger(PlatformMigrations.class);

    private final Database database;
    private final ApplicationEventPublisher<DatabaseReadyEvent> readyPublisher;
    private final Duration retryInterval;
    private final AtomicBoolean ready = new AtomicBoolean();

    public PlatformMigrations(Database database,
                              ApplicationEventPublisher<DatabaseReadyEvent> readyPublisher,
                              @Value("${applecore.database.migration-retry:2s}") Duration retryInterval) {
        this.database = database;
        this.readyPublisher = readyPublisher;
        this.retryInterval = retryInterval;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        if (!migrate()) {
            Thread.ofPlatform().daemon().name("platform-migrations").start(this::retryUntilMigrated);
        }
    }

    /** Whether the platform's schema is migrated and the database was reachable at that time. */
    public boolean isReady() {
        return ready.get();
    }

    private void retryUntilMigrated() {
        while (!ready.get()) {
            try {
                Thread.sleep(retryInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            migrate();
        }
    }

    private boolean migrate() {
        try {
            Flyway.configure(getClass().getClassLoader())
                    .dataSource(database.dataSource())
                    .schemas(SCHEMA)
                    .defaultSchema(SCHEMA)
                    .locations("classpath:db/platform")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            LOG.warn("Database not ready, will retry: {}", e.getMessage());
            return false;
        }
        LOG.info("Platform schema migrated");
        // Listeners (operator account, plugins) finish before /health reports UP.
        try {
            readyPublisher.publishEvent(new DatabaseReadyEvent());
        } catch (RuntimeException e) {
            LOG.error("A start-up task that needs the database failed", e);
        }
        ready.set(true);
        return true;
    }
}
