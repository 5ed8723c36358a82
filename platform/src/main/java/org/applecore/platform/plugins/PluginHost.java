package org.applecore.platform.plugins;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.applecore.platform.account.RoleCatalog;
import org.applecore.platform.core.access.PluginCoreAccess;
import org.applecore.platform.jobs.api.PluginJobs;
import org.applecore.platform.core.action.PluginActionTypes;
import org.applecore.platform.database.Database;
import org.applecore.sdk.ApplecorePlugin;
import org.flywaydb.core.Flyway;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Makes this host run exactly the plugins the shared database says are enabled. {@link #reconcile()}
 * compares the {@code platform.plugin} rows with what runs here and starts, stops or reloads plugins to
 * match; it runs at start, after each operator change on this host, when another host notifies a change,
 * and on a timer. A plugin that fails is marked FAILED with its error and is not retried until its row
 * changes or the operator enables it again; nothing it registered takes effect.
 */
@Singleton
public class PluginHost {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
    private static final int MAX_ERROR_LENGTH = 2000;

    private final InstalledPluginStore store;
    private final RouteTable routeTable;
    private final RoleCatalog roles;
    private final Database database;
    private final Environment environment;
    private final String platformVersion;
    private final Path workDirectory;
    private final HostPf4jManager pf4j;
    private final PluginCoreAccess coreAccess;
    private final PluginJobs pluginJobs;
    private final PluginActionTypes actionTypes;
    private final Duration stopDrainTimeout;
    private final Map<String, PluginStatus> statuses = new LinkedHashMap<>();
    private final Map<String, String> failedArchives = new HashMap<>();

    public PluginHost(InstalledPluginStore store, RouteTable routeTable, RoleCatalog roles, Database database,
                      Environment environment, PluginCoreAccess coreAccess, PluginJobs pluginJobs,
                      PluginActionTypes actionTypes,
                      @Value("${applecore.platform-version}") String platformVersion,
                      @Value("${applecore.data-dir:data}") String dataDir,
                      @Value("${applecore.plugin-host.stop-drain-timeout:10s}") Duration stopDrainTimeout) {
        this.store = store;
        this.routeTable = routeTable;
        this.roles = roles;
        this.database = database;
        this.environment = environment;
        this.coreAccess = coreAccess;
        this.pluginJobs = pluginJobs;
        this.actionTypes = actionTypes;
        this.stopDrainTimeout = stopDrainTimeout;
        this.platformVersion = platformVersion;
        // Each host process extracts into a directory of its own: hosts may share a data directory.
        this.workDirectory = Path.of(dataDir).toAbsolutePath().resolve("plugin-work").resolve(UUID.randomUUID().toString());
        this.pf4j = new HostPf4jManager(workDirectory, platformVersion);
    }

    public String platformVersion() {
        return platformVersion;
    }

    /** Whether a version satisfies a PF4J version expression ({@code >=1.0.0 & <2.0.0}); empty or * is any. */
    public boolean satisfies(String version, String expression) {
        if (expression == null || expression.isBlank() || expression.trim().equals("*")) {
            return true;
        }
        return pf4j.getVersionManager().checkVersionConstraint(version, expression);
    }

    /** The runtime state of every plugin this host knows, by id. */
    public synchronized Map<String, PluginStatus> statuses() {
        return Map.copyOf(statuses);
    }

    /** Forgets a plugin's failure so that the next reconcile tries it again (the operator asked for it). */
    public synchronized void clearFailure(String pluginId) {
        failedArchives.remove(pluginId);
    }

    /** Brings this host in line with the database. Safe to call from any thread at any time. */
    public synchronized void reconcile() {
        List<InstalledPlugin> rows;
        try {
            rows = store.all();
        } catch (RuntimeException e) {
            LOG.warn("Cannot read installed plugins, keeping the current ones: {}", e.getMessage());
            return;
        }
        Map<String, InstalledPlugin> byId = new LinkedHashMap<>();
        rows.forEach(row -> byId.put(row.id(), row));

        Set<String> toStop = new HashSet<>();
        for (StartedPlugin running : routeTable.snapshot().values()) {
            InstalledPlugin row = byId.get(running.id());
            if (row == null || !row.wanted() || !row.sha256().equals(running.archiveSha256())) {
                toStop.add(running.id());
            }
        }
        addRunningDependants(toStop);
        stopAll(toStop);

        for (InstalledPlugin row : dependencyOrder(rows)) {
            if (row.removed()) {
                statuses.remove(row.id());
                failedArchives.remove(row.id());
            } else if (!row.enabled()) {
                statuses.put(row.id(), PluginStatus.of(row, PluginState.DISABLED, null, List.of()));
                failedArchives.remove(row.id());
            } else if (routeTable.find(row.id()).isEmpty()) {
                if (row.sha256().equals(failedArchives.get(row.id()))) {
                    continue;
                }
                start(row, byId);
            }
        }
        statuses.keySet().removeIf(id -> !byId.containsKey(id));
    }

    private void start(InstalledPlugin row, Map<String, InstalledPlugin> rows) {
        try {
            checkStartable(row, rows);
            StartedPlugin started = load(row);
            routeTable.put(started);
            statuses.put(row.id(), PluginStatus.of(row, PluginState.STARTED, null, started.routes()));
            failedArchives.remove(row.id());
            LOG.info("Plugin {} {} started with {} routes", row.id(), row.version(), started.routes().size());
        } catch (Exception | LinkageError e) {
            String error = describe(e);
            LOG.warn("Plugin {} {} failed to start: {}", row.id(), row.version(), error, e);
            statuses.put(row.id(), PluginStatus.of(row, PluginState.FAILED, error, List.of()));
            failedArchives.put(row.id(), row.sha256());
        }
    }

    private void checkStartable(InstalledPlugin row, Map<String, InstalledPlugin> rows) throws PluginStartException {
        for (PluginArchive.Dependency dependency : row.dependencies()) {
            Optional<StartedPlugin> running = routeTable.find(dependency.pluginId());
            if (running.isEmpty()) {
                InstalledPlugin needed = rows.get(dependency.pluginId());
                String why = needed == null || needed.removed() ? "is not installed"
                        : !needed.enabled() ? "is disabled" : "failed to start";
                throw new PluginStartException("it depends on plugin '" + dependency + "', which " + why);
            }
            if (!satisfies(running.get().version(), dependency.versionRange())) {
                throw new PluginStartException("it depends on plugin '" + dependency + "', but version "
                        + running.get().version() + " is installed");
            }
        }
    }

    private StartedPlugin load(InstalledPlugin row) throws Exception {
        byte[] archive = store.archive(row.id(), row.sha256())
                .orElseThrow(() -> new PluginStartException("its archive changed while it was being started"));
        PluginArchive parsed = new PluginArchiveReader(Long.MAX_VALUE, Long.MAX_VALUE).read(archive);
        if (!satisfies(platformVersion, parsed.requires())) {
            throw new PluginStartException("it requires platform version " + parsed.requires()
                    + ", and this platform is " + platformVersion);
        }
        Path directory = extract(row, archive);
        String loadedId = pf4j.loadPlugin(directory);
        try {
            migrate(row.id(), directory);
            pf4j.startPlugin(loadedId);
            PluginWrapper wrapper = pf4j.getPlugin(loadedId);
            ClassLoader classLoader = wrapper.getPluginClassLoader();
            ApplecorePlugin entry = entryPoint(loadedId, parsed.pluginClass());
            PluginJson json = new PluginJson(classLoader);
            PluginJobs.Registration jobs = pluginJobs.open(row.id(), classLoader, json);
            HostPluginContext context = new HostPluginContext(row.id(), row.version(), platformVersion,
                    new SchemaStorage(database, SchemaStorage.schemaFor(row.id())),
                    new PropertyPluginConfig(environment, row.id()), new Slf4jPluginLogger(row.id()), json,
                    coreAccess.forPlugin(row.id(), json), jobs);
            try {
                withContextClassLoader(classLoader, () -> entry.start(context));
            } finally {
                jobs.discard();
            }
            List<PluginRoute> routes = context.seal();
            declareRoles(row.id(), context.declaredRoles());
            jobs.activate();
            actionTypes.offer(row.id(), context.actionTypes(), classLoader);
            return new StartedPlugin(row.id(), row.version(), row.sha256(), entry, classLoader, json, routes);
        } catch (Exception | LinkageError e) {
            unload(loadedId, directory);
            throw e;
        }
    }

    private void declareRoles(String pluginId, Map<String, String> declared) throws PluginStartException {
        try {
            declared.forEach((role, description) -> roles.declare(role, description, pluginId));
        } catch (IllegalArgumentException e) {
            roles.withdrawAllDeclaredBy(pluginId);
            throw new PluginStartException(e.getMessage());
        }
    }

    private ApplecorePlugin entryPoint(String pluginId, String pluginClass) throws PluginStartException {
        List<ApplecorePlugin> entries = pf4j.getExtensions(ApplecorePlugin.class, pluginId).stream()
                .filter(extension -> extension.getClass().getName().equals(pluginClass))
                .toList();
        if (entries.size() != 1) {
            throw new PluginStartException("plugin.class " + pluginClass
                    + " is not an @Extension implementing " + ApplecorePlugin.class.getName());
        }
        return entries.getFirst();
    }

    /** Runs the plugin's SQL migrations in its own schema with its own history table. */
    private void migrate(String pluginId, Path directory) throws IOException {
        Path classes = directory.resolve("classes");
        if (!Files.isDirectory(classes.resolve("db/migration"))) {
            return;
        }
        // Only the plugin's own files are scanned: a class loader with no parent sees nothing else.
        try (URLClassLoader migrations = new URLClassLoader(new URL[]{classes.toUri().toURL()}, null)) {
            String schema = SchemaStorage.schemaFor(pluginId);
            Flyway.configure(migrations)
                    .dataSource(database.dataSource())
                    .schemas(schema)
                    .defaultSchema(schema)
                    .table("flyway_schema_history")
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        }
    }

    private void stopAll(Set<String> pluginIds) {
        // Dependants first, so that no running plugin ever loses a dependency under it.
        List<String> order = new ArrayList<>(pluginIds);
        order.sort(Comparator.comparingInt(id -> -dependencyDepth(id, new HashSet<>())));
        for (String id : order) {
            stop(id);
        }
    }

    private void stop(String pluginId) {
        Optional<StartedPlugin> removed = routeTable.remove(pluginId);
        if (removed.isEmpty()) {
            return;
        }
        StartedPlugin plugin = removed.get();
        // No new request reaches it now; let those in flight finish before its resources go.
        int stillRunning = plugin.gate().closeAndDrain(stopDrainTimeout);
        if (stillRunning > 0) {
            LOG.warn("Plugin {} is stopping with {} request(s) still running after {}", pluginId, stillRunning,
                    stopDrainTimeout);
        }
        pluginJobs.withdraw(pluginId);
        try {
            withContextClassLoader(plugin.classLoader(), () -> plugin.entry().stop());
        } catch (Exception | LinkageError e) {
            LOG.warn("Plugin {} failed while stopping: {}", pluginId, describe(e));
        }
        roles.withdrawAllDeclaredBy(pluginId);
        actionTypes.withdrawAllOf(pluginId);
        PluginWrapper wrapper = pf4j.getPlugin(pluginId);
        unload(pluginId, wrapper == null ? null : wrapper.getPluginPath());
        LOG.info("Plugin {} stopped", pluginId);
    }

    private void unload(String pluginId, Path directory) {
        try {
            if (pf4j.getPlugin(pluginId) != null) {
                pf4j.stopPlugin(pluginId);
                pf4j.unloadPlugin(pluginId);
            }
        } catch (RuntimeException e) {
            LOG.warn("Plugin {} did not unload cleanly: {}", pluginId, e.getMessage());
        }
        if (directory != null) {
            deleteRecursively(directory);
        }
    }

    private void addRunningDependants(Set<String> toStop) {
        boolean grew = true;
        while (grew) {
            grew = false;
            for (StartedPlugin running : routeTable.snapshot().values()) {
                if (!toStop.contains(running.id()) && dependsOnAny(running.id(), toStop)) {
                    toStop.add(running.id());
                    grew = true;
                }
            }
        }
    }

    private boolean dependsOnAny(String pluginId, Set<String> others) {
        PluginWrapper wrapper = pf4j.getPlugin(pluginId);
        return wrapper != null && wrapper.getDescriptor().getDependencies().stream()
                .anyMatch(d -> others.contains(d.getPluginId()));
    }

    private int dependencyDepth(String pluginId, Set<String> seen) {
        PluginWrapper wrapper = pf4j.getPlugin(pluginId);
        if (wrapper == null || !seen.add(pluginId)) {
            return 0;
        }
        return 1 + wrapper.getDescriptor().getDependencies().stream()
                .mapToInt(d -> dependencyDepth(d.getPluginId(), seen)).max().orElse(0);
    }

    /** Rows ordered so that each plugin comes after the plugins it depends on; cycles keep their order. */
    static List<InstalledPlugin> dependencyOrder(List<InstalledPlugin> rows) {
        Map<String, InstalledPlugin> byId = new LinkedHashMap<>();
        rows.forEach(row -> byId.put(row.id(), row));
        List<InstalledPlugin> ordered = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        for (InstalledPlugin row : rows) {
            visit(row, byId, visited, ordered);
        }
        return ordered;
    }

    private static void visit(InstalledPlugin row, Map<String, InstalledPlugin> byId, Set<String> visited,
                              List<InstalledPlugin> ordered) {
        if (!visited.add(row.id())) {
            return;
        }
        for (PluginArchive.Dependency dependency : row.dependencies()) {
            InstalledPlugin needed = byId.get(dependency.pluginId());
            if (needed != null) {
                visit(needed, byId, visited, ordered);
            }
        }
        ordered.add(row);
    }

    private Path extract(InstalledPlugin row, byte[] archive) throws IOException, PluginStartException {
        Path directory = workDirectory.resolve(row.id() + "-" + row.sha256().substring(0, 16));
        deleteRecursively(directory);
        Files.createDirectories(directory);
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                Path target = directory.resolve(entry.getName()).normalize();
                if (!target.startsWith(directory)) {
                    throw new PluginStartException("archive entry escapes its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
        return directory;
    }

    private static void withContextClassLoader(ClassLoader classLoader, ThrowingRunnable action) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
        try {
            action.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    static String describe(Throwable e) {
        String message = e instanceof PluginStartException ? e.getMessage()
                : e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return message.length() > MAX_ERROR_LENGTH ? message.substring(0, MAX_ERROR_LENGTH) + "..." : message;
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete {}: {}", directory, e.getMessage());
        }
    }

    @PreDestroy
    synchronized void stopEverything() {
        stopAll(new HashSet<>(routeTable.snapshot().keySet()));
        deleteRecursively(workDirectory);
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** A reason a plugin cannot start that is the operator's to fix, shown as it is. */
    static final class PluginStartException extends Exception {
        PluginStartException(String message) {
            super(message);
        }
    }
}
