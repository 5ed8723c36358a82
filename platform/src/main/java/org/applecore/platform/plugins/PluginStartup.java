package org.applecore.platform.plugins;

import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.applecore.platform.database.Database;
import org.applecore.platform.database.DatabaseReadyEvent;
import org.applecore.platform.problem.ApiException;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Once the database is ready: records the bundled plugins the operator has not decided about yet,
 * starts what the database says is enabled, then keeps following it, waking on the NOTIFY other hosts
 * send and, as a fallback, on a timer.
 */
@Singleton
public class PluginStartup {

    private static final Logger LOG = LoggerFactory.getLogger(PluginStartup.class);

    private final PluginHost host;
    private final InstalledPluginStore store;
    private final PluginOperations operations;
    private final Database database;
    private final String pluginsDir;
    private final Duration pollInterval;
    private volatile boolean running = true;
    private Thread follower;

    public PluginStartup(PluginHost host, InstalledPluginStore store, PluginOperations operations, Database database,
                         @Value("${applecore.plugins-dir:}") String pluginsDir,
                         @Value("${applecore.plugin-host.poll-interval:10s}") Duration pollInterval) {
        this.host = host;
        this.store = store;
        this.operations = operations;
        this.database = database;
        this.pluginsDir = pluginsDir;
        this.pollInterval = pollInterval;
    }

    @EventListener
    synchronized void onDatabaseReady(DatabaseReadyEvent event) {
        installBundled();
        host.reconcile();
        if (follower == null) {
            follower = Thread.ofPlatform().daemon().name("plugin-state-follower").start(this::follow);
        }
    }

    private void installBundled() {
        if (pluginsDir.isBlank()) {
            return;
        }
        Path dir = Path.of(pluginsDir);
        if (!Files.isDirectory(dir)) {
            LOG.warn("Plugins directory {} does not exist; no bundled plugins installed", dir);
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".zip")).sorted().toList()) {
                installBundled(file);
            }
        } catch (IOException e) {
            LOG.warn("Cannot read plugins directory {}: {}", dir, e.getMessage());
        }
    }

    private void installBundled(Path file) {
        try {
            PluginArchive archive = operations.reader().read(Files.readAllBytes(file));
            if (store.installBundledIfAbsent(archive)) {
                LOG.info("Installed bundled plugin {} {}", archive.id(), archive.version());
                return;
            }
            Optional<InstalledPlugin> current = store.find(archive.id());
            boolean notOlder = current.isPresent() && pf4jVersionNotOlder(archive.version(), current.get().version());
            if (notOlder && store.refreshBundled(archive)) {
                LOG.info("Updated bundled plugin {} to {}", archive.id(), archive.version());
            }
        } catch (ApiException | IOException e) {
            LOG.error("Bundled plugin archive {} is not valid: {}", file, e.getMessage());
        }
    }

    private boolean pf4jVersionNotOlder(String candidate, String installed) {
        return host.satisfies(candidate, ">=" + installed);
    }

    private void follow() {
        while (running) {
            try (Connection connection = database.dataSource().getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + InstalledPluginStore.CHANNEL);
                }
                PGConnection notifications = connection.unwrap(PGConnection.class);
                // Catch up on anything missed while not listening.
                host.reconcile();
                long nextPoll = System.nanoTime() + pollInterval.toNanos();
                while (running) {
                    PGNotification[] received = notifications.getNotifications(1000);
                    if ((received != null && received.length > 0) || System.nanoTime() >= nextPoll) {
                        host.reconcile();
                        nextPoll = System.nanoTime() + pollInterval.toNanos();
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.warn("Lost the plugin change notifications, reconnecting: {}", e.getMessage());
                    sleepQuietly(pollInterval);
                }
            }
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        running = false;
    }
}
