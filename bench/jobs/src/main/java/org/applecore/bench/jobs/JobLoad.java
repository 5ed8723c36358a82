package org.applecore.bench.jobs;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator of bench/jobs.sh, through the real API only.
 *
 * <pre>
 *   JobLoad setup      BASE_URL                 creates the bench accounts (prints nothing on success)
 *   JobLoad throughput BASE_URL[,BASE_URL...]   JOBS single-operation jobs, submitted round-robin with CONCURRENCY
 *                                               clients; jobs/s from the first submit to the last success
 *   JobLoad latency    BASE_URL                 RATE jobs/s for SECONDS; each job polled every POLL_MS until it
 *                                               succeeded; p50/p99 submit-to-succeeded (client) and created-to-finished (server)
 * </pre>
 * Environment: ADMIN_USERNAME, ADMIN_PASSWORD, JOBS (20000), CONCURRENCY (32), RATE (20), SECONDS (15), POLL_MS (1), LABEL.
 */
public final class JobLoad {

    private static final Pattern REF = Pattern.compile("\"ref\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([a-z]+)\"");
    private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SUCCEEDED = Pattern.compile("\"succeeded\"\\s*:\\s*(\\d+)");
    private static final Pattern FAILED = Pattern.compile("\"failed\"\\s*:\\s*(\\d+)");
    private static final Pattern CREATED = Pattern.compile("\"created_at\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern FINISHED = Pattern.compile("\"finished_at\"\\s*:\\s*\"([^\"]+)\"");
    private static final String USER = "bench-jobs";
    private static final String USER_PASSWORD = "bench-jobs-password";
    private static final AtomicLong NAMES = new AtomicLong(System.currentTimeMillis() * 1000);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    public static void main(String[] args) throws Exception {
        JobLoad load = new JobLoad();
        switch (args[0]) {
            case "setup" -> load.setup(args[1]);
            case "throughput" -> load.throughput(List.of(args[1].split(",")));
            case "latency" -> load.latency(args[1]);
            default -> throw new IllegalArgumentException("setup | throughput | latency");
        }
    }

    private void setup(String base) throws Exception {
        String admin = login(base, env("ADMIN_USERNAME", "admin"), env("ADMIN_PASSWORD", ""));
        int users = Integer.parseInt(env("USERS", "32"));
        for (int u = 0; u <= users; u++) {
            String username = u == 0 ? USER : USER + "-" + u;
            HttpResponse<String> created = send(base, "/admin/users", admin, "POST", "{\"username\":\"" + username
                    + "\",\"password\":\"" + USER_PASSWORD + "\",\"roles\":[\"job-read\"]}", null);
            if (created.statusCode() != 201 && created.statusCode() != 409) {
                throw new IllegalStateException("could not create the bench user: " + created.statusCode() + " " + created.body());
            }
        }
    }

    private void throughput(List<String> bases) throws Exception {
        int jobs = Integer.parseInt(env("JOBS", "20000"));
        int warmUp = Integer.parseInt(env("WARMUP_JOBS", "5000"));
        int concurrency = Integer.parseInt(env("CONCURRENCY", "32"));
        String jwt = login(bases.getFirst(), USER, USER_PASSWORD);
        // USERS=1: every client submits as the same user; USERS=n: client c as user c % n (as n people would).
        int users = Integer.parseInt(env("USERS", "1"));
        List<String> submitters = new ArrayList<>();
        for (int u = 1; u <= users; u++) {
            submitters.add(users == 1 ? jwt : login(bases.getFirst(), USER + "-" + u, USER_PASSWORD));
        }
        // Warm-up in this JVM first (its JIT and the hosts'), untimed, and wait for those jobs to end.
        Run warm = submitAll(bases, submitters, warmUp, concurrency, jwt);
        warm.awaitEnd(jwt);
        CpuUse cpu = CpuUse.now();
        Run run = submitAll(bases, submitters, jobs, concurrency, jwt);
        long done = run.awaitEnd(jwt);
        double seconds = (System.nanoTime() - run.start) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %d jobs (%d hosts, %d clients as %d users): %.0f jobs/s end to end (submit to succeeded), "
                        + "submitted in %.2f s (%.0f/s), all succeeded after %.2f s; failed %d, refused %d%n",
                env("LABEL", "throughput"), jobs, bases.size(), concurrency, users, done / seconds, run.submitSeconds,
                jobs / run.submitSeconds, seconds, run.failed, run.refused);
        System.out.println(cpu.since(seconds));
    }

    /** A batch of submissions: how long they took, and (after {@link #awaitEnd}) how many ended how. */
    private final class Run {
        final String base;
        final long start = System.nanoTime();
        final long succeededBefore;
        final long failedBefore;
        int jobs;
        int refused;
        double submitSeconds;
        long failed;

        Run(String base, String jwt) throws Exception {
            this.base = base;
            this.succeededBefore = counter(base, jwt, SUCCEEDED);
            this.failedBefore = counter(base, jwt, FAILED);
        }

        /** Waits until every accepted job ended; returns how many succeeded. */
        long awaitEnd(String jwt) throws Exception {
            long done;
            Instant deadline = Instant.now().plusSeconds(600);
            do {
                Thread.sleep(100);
                done = counter(base, jwt, SUCCEEDED) - succeededBefore;
                failed = counter(base, jwt, FAILED) - failedBefore;
            } while (done + failed < jobs - refused && Instant.now().isBefore(deadline));
            return done;
        }
    }

    private Run submitAll(List<String> bases, List<String> submitters, int jobs, int concurrency, String jwt)
            throws Exception {
        Run run = new Run(bases.getFirst(), jwt);
        run.jobs = jobs;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            String submitter = submitters.get(c % submitters.size());
            running.add(clients.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < jobs) {
                    String base = bases.get(i % bases.size());
                    try {
                        HttpResponse<String> response = send(base, "/jobs", submitter, "POST", jobBody(), null);
                        if (response.statusCode() != 202) {
                            refused.incrementAndGet();
                        }
                    } catch (Exception e) {
                        refused.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        clients.shutdown();
        run.submitSeconds = (System.nanoTime() - run.start) / 1e9;
        run.refused = refused.get();
        return run;
    }

    private void latency(String base) throws Exception {
        int rate = Integer.parseInt(env("RATE", "20"));
        int seconds = Integer.parseInt(env("SECONDS", "15"));
        long pollMillis = Long.parseLong(env("POLL_MS", "1"));
        String jwt = login(base, USER, USER_PASSWORD);
        List<Double> client = Collections.synchronizedList(new ArrayList<>());
        List<Double> server = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<?>> running = new ArrayList<>();
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < rate * seconds; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            running.add(workers.submit(() -> {
                long submitted = System.nanoTime();
                HttpResponse<String> response = send(base, "/jobs", jwt, "POST", jobBody(), null);
                Matcher ref = REF.matcher(response.body());
                if (response.statusCode() != 202 || !ref.find()) {
                    failures.incrementAndGet();
                    return null;
                }
                while (true) {
                    HttpResponse<String> job = send(base, "/jobs/" + ref.group(1), jwt, "GET", null, null);
                    Matcher status = STATUS.matcher(job.body());
                    String value = status.find() ? status.group(1) : "";
                    if (value.equals("succeeded")) {
                        client.add((System.nanoTime() - submitted) / 1e6);
                        Matcher created = CREATED.matcher(job.body());
                        Matcher finished = FINISHED.matcher(job.body());
                        if (created.find() && finished.find()) {
                            server.add(Duration.between(Instant.parse(created.group(1)), Instant.parse(finished.group(1))).toNanos() / 1e6);
                        }
                        return null;
                    }
                    if (value.equals("failed") || value.equals("cancelled")) {
                        failures.incrementAndGet();
                        return null;
                    }
                    Thread.sleep(pollMillis);
                }
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        workers.shutdown();
        System.out.printf(Locale.ROOT, "latency at %d jobs/s for %d s (%d jobs, polled every %d ms): submit to succeeded "
                        + "p50 %.1f ms, p99 %.1f ms, max %.1f ms (client); created to finished p50 %.1f ms, p99 %.1f ms (server); failed %d%n",
                rate, seconds, client.size(), pollMillis, pct(client, 50), pct(client, 99), pct(client, 100),
                pct(server, 50), pct(server, 99), failures.get());
    }

    private static double pct(List<Double> values, double percentile) {
        List<Double> sorted = new ArrayList<>(values);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String jobBody() {
        return "{\"operations\":[{\"type\":\"core.attribute.create\",\"input\":{\"body\":{\"name\":\"bench-"
                + NAMES.incrementAndGet() + "\",\"value\":{\"value_type\":\"json\"}}}}]}";
    }

    private long counter(String base, String jwt, Pattern pattern) throws Exception {
        HttpResponse<String> metrics = send(base, "/internal/jobs/metrics", jwt, "GET", null, null);
        Matcher matcher = pattern.matcher(metrics.body());
        if (metrics.statusCode() != 200 || !matcher.find()) {
            throw new IllegalStateException("metrics: " + metrics.statusCode() + " " + metrics.body());
        }
        return Long.parseLong(matcher.group(1));
    }

    private String login(String base, String username, String password) throws Exception {
        HttpResponse<String> response = send(base, "/login", null, "POST",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", null);
        Matcher token = TOKEN.matcher(response.body());
        if (response.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("login of " + username + " failed: " + response.statusCode());
        }
        return token.group(1);
    }

    private HttpResponse<String> send(String base, String path, String jwt, String method, String body, String key)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (jwt != null) {
            request.header("Authorization", "Bearer " + jwt);
        }
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
