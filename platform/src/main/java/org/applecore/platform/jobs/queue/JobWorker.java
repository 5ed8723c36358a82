package org.applecore.platform.jobs.queue;

import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.applecore.platform.database.Database;
import org.applecore.platform.database.DatabaseReadyEvent;
import org.applecore.platform.jobs.JobSettings;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This host's job worker. A dispatcher claims ready jobs in batches (up to {@code jobs-per-transaction} per
 * free runner) and hands them to a fixed pool of platform threads in groups, one transaction per group (see
 * {@link JobRunner#runBatch}); it sleeps until woken by a {@code NOTIFY} on
 * {@value JobStore#CHANNEL} (one connection LISTENs), by a local submission or a finished run, or by the poll
 * interval. A heartbeat extends the leases of the jobs running here; a sweep takes back jobs whose lease
 * expired and prunes finished jobs past their retention. Safe with any number of hosts on one database.
 */
@Singleton
public class JobWorker {

    private static final Logger LOG = LoggerFactory.getLogger(JobWorker.class);

    private final Database database;
    private final JobStore store;
    private final JobRunner runner;
    private final JobSettings settings;
    private final String owner = "worker-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID();
    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicInteger inFlight = new AtomicInteger();      // jobs running here
    private final AtomicInteger runsInFlight = new AtomicInteger();  // transactions (runner threads) busy
    private volatile boolean running;
    private ExecutorService runners;
    private ScheduledExecutorService housekeeping;
    private Thread dispatcher;
    private Thread listener;

    JobWorker(Database database, JobStore store, JobRunner runner, JobSettings settings) {
        this.database = database;
        this.store = store;
        this.runner = runner;
        this.settings = settings;
    }

    /** The lease owner name of this host's runs (also used by immediate runs). */
    public String owner() {
        return owner;
    }

    @EventListener
    synchronized void onDatabaseReady(DatabaseReadyEvent event) {
        if (running || !settings.workerEnabled()) {
            return;
        }
        running = true;
        runners = Executors.newFixedThreadPool(settings.concurrency(), Thread.ofPlatform().name("job-runner-", 0).factory());
        housekeeping = Executors.newScheduledThreadPool(1, Thread.ofPlatform().name("job-housekeeping").daemon().factory());
        long heartbeat = Math.max(100, settings.lease().toMillis() / 3);
        housekeeping.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        long sweep = Math.max(200, Math.min(settings.lease().toMillis() / 2, 5000));
        housekeeping.scheduleWithFixedDelay(this::expireLeases, sweep, sweep, TimeUnit.MILLISECONDS);
        long prune = Math.max(1000, settings.pruneInterval().toMillis());
        housekeeping.scheduleWithFixedDelay(this::prune, prune, prune, TimeUnit.MILLISECONDS);
        dispatcher = Thread.ofPlatform().name("job-dispatcher").daemon().start(this::dispatch);
        listener = Thread.ofPlatform().name("job-listener").daemon().start(this::listen);
        LOG.info("Job worker {} started ({} runners)", owner, settings.concurrency());
    }

    /** Makes the dispatcher look for work now (a job was submitted here, or a runner became free). */
    public void wake() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    /**
     * Runs a job claimed outside the dispatcher (a tester's immediate job) on the calling thread, with its lease
     * kept alive by this worker's heartbeat.
     */
    public void runImmediately(Runnable run) {
        inFlight.incrementAndGet();
        try {
            run.run();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void dispatch() {
        while (running) {
            try {
                int free = settings.concurrency() - runsInFlight.get();
                int claimed = 0;
                if (free > 0) {
                    int perRun = settings.jobsPerTransaction();
                    int limit = (int) Math.min(settings.batchSize(), (long) free * perRun);
                    List<ClaimedJob> jobs = database.inTransaction(c -> store.claim(c, owner, settings.lease(), limit));
                    claimed = jobs.size();
                    // Groups of at most perRun jobs, as even as possible; each group is one transaction.
                    int groups = (claimed + perRun - 1) / perRun;
                    for (int g = 0, from = 0; g < groups; g++) {
                        int to = from + (claimed - from + (groups - g) - 1) / (groups - g);
                        List<ClaimedJob> group = List.copyOf(jobs.subList(from, to));
                        from = to;
                        inFlight.addAndGet(group.size());
                        runsInFlight.incrementAndGet();
                        runners.execute(() -> {
                            try {
                                runner.runBatch(group, owner);
                            } catch (RuntimeException e) {
                                LOG.warn("Job run of {} ended with an unexpected error", group.stream().map(ClaimedJob::ref).toList(), e);
                            } finally {
                                inFlight.addAndGet(-group.size());
                                runsInFlight.decrementAndGet();
                                wake();
                            }
                        });
                    }
                    if (claimed == limit) {
                        continue;
                    }
                }
                wakeUp.drainPermits();
                wakeUp.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("Job dispatcher could not claim jobs: {}", e.getMessage());
                sleep(settings.pollInterval().toMillis());
            }
        }
    }

    private void listen() {
        while (running) {
            try (Connection connection = database.dataSource().getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + JobStore.CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                wake();
                while (running) {
                    var notifications = pg.getNotifications((int) Math.max(1, settings.pollInterval().toMillis()));
                    if (notifications != null && notifications.length > 0) {
                        wake();
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.debug("Job listener lost its connection: {}", e.getMessage());
                    sleep(1000);
                }
            }
        }
    }

    private void heartbeat() {
        if (inFlight.get() == 0) {
            return;
        }
        try {
            database.inTransaction(c -> store.heartbeat(c, owner, settings.lease()));
        } catch (RuntimeException e) {
            LOG.warn("Job lease heartbeat failed: {}", e.getMessage());
        }
    }

    private void expireLeases() {
        try {
            int requeued = database.inTransaction(c -> {
                int count = store.expireLeases(c);
                if (count > 0) {
                    JobStore.notifyWorkers(c);
                }
                return count;
            });
            if (requeued > 0) {
                LOG.info("Took back {} job(s) whose worker lease expired", requeued);
            }
        } catch (RuntimeException e) {
            LOG.debug("Lease expiry sweep failed: {}", e.getMessage());
        }
    }

    private void prune() {
        try {
            int pruned = database.inTransaction(c -> store.prune(c, settings.retention()));
            if (pruned > 0) {
                LOG.info("Pruned {} finished job(s) older than {}", pruned, settings.retention());
            }
        } catch (RuntimeException e) {
            LOG.debug("Job pruning failed: {}", e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        dispatcher.interrupt();
        housekeeping.shutdownNow();
        runners.shutdown();
        try {
            if (!runners.awaitTermination(5, TimeUnit.SECONDS)) {
                runners.shutdownNow();
            }
            listener.join(settings.pollInterval().toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
