package org.applecore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load generator for the route-dispatch bench (bench/README.md). Sets up its data through the
 * real API (login, one board, entries), checks that the plugin route and its host-controller twin answer
 * the same bytes, warms both up, then measures them in alternating rounds (plugin, host, host, plugin, ...)
 * so that drift (JIT, GC, database caches, a busy neighbour) hits both alike. Prints requests per second
 * and p50/p99 latency per route, the plugin/host throughput ratio and a PASS/FAIL line against
 * {@code MIN_RATIO}. Loopback only; every phase is bounded in time and in request count.
 *
 * <p>Environment: BASE_URL (http://127.0.0.1:PORT, loopback only), BENCH_USERNAME, BENCH_PASSWORD,
 * CONCURRENCY (16), DURATION_SECONDS per round and route (10, at most 300), ROUNDS (4, at most 50),
 * WARMUP_SECONDS (30 per route, at most 300), ENTRIES (50), PAGE_LIMIT (20), MIN_RATIO (0.90),
 * MAX_REQUESTS_PER_ROUND (5,000,000).
 *
 * <p>Exit status: 0 PASS, 1 FAIL (ratio under the threshold, or errors), 2 the bench could not run.
 */
public final class LoadGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Access tokens live 15 minutes; log in again between rounds once the token is this old. */
    private static final Duration TOKEN_REFRESH_AGE = Duration.ofMinutes(8);

    private final URI base;
    private final String username;
    private final String password;
    private final int concurrency;
    private final int durationSeconds;
    private final int rounds;
    private final int warmupSeconds;
    private final int entries;
    private final int pageLimit;
    private final double minRatio;
    private final long maxRequestsPerRound;
    private final HttpClient client;

    private volatile String token;
    private long tokenIssuedAt;

    private LoadGenerator(Map<String, String> env) {
        this.base = URI.create(required(env, "BASE_URL").replaceAll("/+$", ""));
        String hostName = base.getHost();
        if (!"127.0.0.1".equals(hostName) && !"localhost".equals(hostName) && !"[::1]".equals(hostName)) {
            throw new IllegalArgumentException("BASE_URL must be a loopback address, not " + base);
        }
        this.username = required(env, "BENCH_USERNAME");
        this.password = required(env, "BENCH_PASSWORD");
        this.concurrency = intSetting(env, "CONCURRENCY", 16, 1, 1024);
        this.durationSeconds = intSetting(env, "DURATION_SECONDS", 10, 1, 300);
        this.rounds = intSetting(env, "ROUNDS", 4, 1, 50);
        this.warmupSeconds = intSetting(env, "WARMUP_SECONDS", 30, 0, 300);
        this.entries = intSetting(env, "ENTRIES", 50, 1, 10_000);
        this.pageLimit = intSetting(env, "PAGE_LIMIT", 20, 1, 100);
        this.minRatio = Double.parseDouble(env.getOrDefault("MIN_RATIO", "0.90"));
        this.maxRequestsPerRound = intSetting(env, "MAX_REQUESTS_PER_ROUND", 5_000_000, 1, Integer.MAX_VALUE);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public static void main(String[] args) {
        int status;
        try {
            status = new LoadGenerator(System.getenv()).run();
        } catch (Exception e) {
            System.out.println("ERROR: the bench could not run: " + e);
            status = 2;
        }
        System.out.flush();
        System.exit(status);
    }

    private int run() throws Exception {
        login(Duration.ofSeconds(120));
        long boardId = createBoard();
        for (int i = 1; i <= entries; i++) {
            createEntry(boardId, i);
        }
        String query = "?sort=new&limit=" + pageLimit;
        String pluginPath = "/api/boards/" + boardId + "/entries" + query;
        String hostPath = "/bench/host-boards/" + boardId + "/entries" + query;
        Target plugin = new Target("plugin", pluginPath, base.resolve(pluginPath));
        Target host = new Target("host", hostPath, base.resolve(hostPath));
        checkSameAnswer(plugin, host);

        System.out.printf(Locale.ROOT, "setup: board %d with %d entries; both routes answer the same %d-item page%n",
                boardId, entries, pageLimit);
        System.out.printf(Locale.ROOT, "load: %d closed-loop workers, HTTP/1.1 keep-alive, warm-up %d s per route,"
                        + " then %d rounds x %d s per route (order plugin,host / host,plugin alternating)%n",
                concurrency, warmupSeconds, rounds, durationSeconds);

        // Warm-up in alternating chunks of about 5 s, so that both routes' code gets compiled by the JIT
        // (it takes tens of seconds on a small machine) before anything counts.
        if (warmupSeconds > 0) {
            int chunks = Math.max(1, warmupSeconds / 5);
            int chunkSeconds = Math.max(1, warmupSeconds / chunks);
            for (int chunk = 0; chunk < chunks; chunk++) {
                for (Target target : List.of(plugin, host)) {
                    RoundResult warm = measure(target, chunkSeconds);
                    System.out.printf(Locale.ROOT, "warm-up   %-6s %10.1f req/s  p99 %7.2f ms  errors %d%n",
                            target.name, warm.throughput(), millis(percentile(warm.latencies, 0.99)), warm.errors);
                }
            }
        }

        List<RoundResult> pluginRounds = new ArrayList<>();
        List<RoundResult> hostRounds = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            refreshTokenIfOld();
            List<Target> order = round % 2 == 1 ? List.of(plugin, host) : List.of(host, plugin);
            for (Target target : order) {
                RoundResult result = measure(target, durationSeconds);
                (target == plugin ? pluginRounds : hostRounds).add(result);
                System.out.printf(Locale.ROOT, "round %-3d %-6s %10.1f req/s  p50 %7.2f ms  p99 %7.2f ms  errors %d%n",
                        round, target.name, result.throughput(), millis(percentile(result.latencies, 0.50)),
                        millis(percentile(result.latencies, 0.99)), result.errors);
            }
        }

        Summary p = Summary.of(pluginRounds);
        Summary h = Summary.of(hostRounds);
        double ratio = p.throughput() / h.throughput();
        System.out.println();
        System.out.println(p.line("plugin", plugin.path));
        System.out.println(h.line("host", host.path));
        System.out.printf(Locale.ROOT, "RESULT ratio plugin/host: throughput %.3f (%.1f%%), p99 latency %.3f,"
                        + " per-round throughput ratio min %.3f max %.3f%n",
                ratio, ratio * 100, p.p99 / (double) h.p99, minRoundRatio(pluginRounds, hostRounds, true),
                minRoundRatio(pluginRounds, hostRounds, false));
        long errors = p.errors + h.errors;
        if (errors > 0) {
            System.out.printf(Locale.ROOT, "FAIL: %d requests failed (non-200 or I/O errors); the numbers are not valid%n",
                    errors);
            return 1;
        }
        boolean pass = ratio >= minRatio;
        System.out.printf(Locale.ROOT, "%s: plugin route throughput is %.1f%% of the host route's (threshold %.0f%%)%n",
                pass ? "PASS" : "FAIL", ratio * 100, minRatio * 100);
        return pass ? 0 : 1;
    }

    // ---- set-up through the real API ------------------------------------------------------------------

    private void login(Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        String body = JSON.writeValueAsString(Map.of("username", username, "password", password));
        while (true) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/login"))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            if (response.statusCode() == 200) {
                String accessToken = JSON.readTree(response.body()).path("access_token").asText("");
                if (!accessToken.isEmpty()) {
                    token = accessToken;
                    tokenIssuedAt = System.nanoTime();
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("POST /login as " + username + " answered " + response.statusCode()
                        + ": " + abbreviate(response.body()));
            }
            Thread.sleep(1000);
        }
    }

    private void refreshTokenIfOld() throws Exception {
        if (System.nanoTime() - tokenIssuedAt > TOKEN_REFRESH_AGE.toNanos()) {
            login(Duration.ofSeconds(30));
        }
    }

    private long createBoard() throws Exception {
        JsonNode board = postJson("/api/boards", Map.of("name", "route-dispatch bench " + System.currentTimeMillis(),
                "kind", "chat", "allow_replies", true, "allow_votes", true));
        long id = board.path("id").asLong(0);
        if (id <= 0) {
            throw new IllegalStateException("POST /api/boards answered no id: " + board);
        }
        return id;
    }

    private void createEntry(long boardId, int n) throws Exception {
        String text = "Entry " + n + " of the route-dispatch bench. *Markdown* with a [link](https://example.org/"
                + n + ") and some words to give the row a realistic size: the quick brown fox jumps over the lazy dog.";
        postJson("/api/boards/" + boardId + "/entries", Map.of("body", text, "media", List.of()));
    }

    private JsonNode postJson(String path, Object body) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": "
                    + abbreviate(response.body()));
        }
        return JSON.readTree(response.body());
    }

    private void checkSameAnswer(Target plugin, Target host) throws Exception {
        HttpResponse<String> a = send(plugin.request(token));
        HttpResponse<String> b = send(host.request(token));
        if (a.statusCode() != 200 || b.statusCode() != 200) {
            throw new IllegalStateException("GET " + plugin.path + " answered " + a.statusCode() + " (" + abbreviate(a.body())
                    + "), GET " + host.path + " answered " + b.statusCode() + " (" + abbreviate(b.body()) + ")");
        }
        if (!a.body().equals(b.body())) {
            throw new IllegalStateException("the two routes answer different bodies:\n plugin: " + abbreviate(a.body())
                    + "\n host:   " + abbreviate(b.body()));
        }
        int items = JSON.readTree(a.body()).path("items").size();
        if (items != Math.min(pageLimit, entries)) {
            throw new IllegalStateException("expected " + Math.min(pageLimit, entries) + " items, got " + items);
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    // ---- measuring --------------------------------------------------------------------------------------

    private RoundResult measure(Target target, int seconds) throws InterruptedException {
        HttpRequest request = target.request(token);
        AtomicLong started = new AtomicLong();
        long[][] perWorker = new long[concurrency][];
        long[] errorsPerWorker = new long[concurrency];
        CountDownLatch ready = new CountDownLatch(concurrency);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(concurrency);
        long[] window = new long[2];
        try (ExecutorService workers = Executors.newFixedThreadPool(concurrency, Thread.ofPlatform()
                .name("bench-worker-", 0).daemon().factory())) {
            for (int w = 0; w < concurrency; w++) {
                int worker = w;
                workers.execute(() -> {
                    long[] latencies = new long[4096];
                    int count = 0;
                    long errors = 0;
                    ready.countDown();
                    try {
                        go.await();
                        long deadline = window[0] + seconds * 1_000_000_000L;
                        while (System.nanoTime() < deadline && started.incrementAndGet() <= maxRequestsPerRound) {
                            long t0 = System.nanoTime();
                            boolean ok;
                            try {
                                ok = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                            } catch (IOException e) {
                                ok = false;
                            }
                            long elapsed = System.nanoTime() - t0;
                            if (ok) {
                                if (count == latencies.length) {
                                    latencies = Arrays.copyOf(latencies, count * 2);
                                }
                                latencies[count++] = elapsed;
                            } else {
                                errors++;
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        perWorker[worker] = Arrays.copyOf(latencies, count);
                        errorsPerWorker[worker] = errors;
                        finished.countDown();
                    }
                });
            }
            ready.await();
            window[0] = System.nanoTime();
            go.countDown();
            // Bounded: the round's duration plus the per-request timeout for the last requests in flight.
            if (!finished.await(seconds + REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a round of " + target.name + " did not finish in time");
            }
            window[1] = System.nanoTime();
        }
        int total = 0;
        for (long[] l : perWorker) {
            total += l.length;
        }
        long[] all = new long[total];
        int at = 0;
        for (long[] l : perWorker) {
            System.arraycopy(l, 0, all, at, l.length);
            at += l.length;
        }
        Arrays.sort(all);
        return new RoundResult(all, Arrays.stream(errorsPerWorker).sum(), window[1] - window[0]);
    }

    private static double minRoundRatio(List<RoundResult> plugin, List<RoundResult> host, boolean min) {
        double best = min ? Double.MAX_VALUE : 0;
        for (int i = 0; i < Math.min(plugin.size(), host.size()); i++) {
            double r = plugin.get(i).throughput() / host.get(i).throughput();
            best = min ? Math.min(best, r) : Math.max(best, r);
        }
        return best;
    }

    /** Nearest-rank percentile of sorted latencies, in nanoseconds. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    private record Target(String name, String path, URI uri) {
        HttpRequest request(String token) {
            return HttpRequest.newBuilder(uri)
                    .timeout(REQUEST_TIMEOUT)
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json")
                    .GET().build();
        }
    }

    private record RoundResult(long[] latencies, long errors, long elapsedNanos) {
        double throughput() {
            return latencies.length / (elapsedNanos / 1e9);
        }
    }

    private record Summary(long requests, long errors, double seconds, long p50, long p99, long max) {
        static Summary of(List<RoundResult> rounds) {
            long requests = 0;
            long errors = 0;
            long nanos = 0;
            for (RoundResult r : rounds) {
                requests += r.latencies.length;
                errors += r.errors;
                nanos += r.elapsedNanos;
            }
            long[] all = new long[(int) requests];
            int at = 0;
            for (RoundResult r : rounds) {
                System.arraycopy(r.latencies, 0, all, at, r.latencies.length);
                at += r.latencies.length;
            }
            Arrays.sort(all);
            return new Summary(requests, errors, nanos / 1e9, percentile(all, 0.50), percentile(all, 0.99),
                    all.length == 0 ? 0 : all[all.length - 1]);
        }

        double throughput() {
            return requests / seconds;
        }

        String line(String name, String path) {
            return String.format(Locale.ROOT, "RESULT %-6s %10.1f req/s  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms"
                            + "  requests %d in %.1f s  errors %d  GET %s",
                    name, throughput(), millis(p50), millis(p99), millis(max), requests, seconds, errors, path);
        }
    }

    // ---- settings -----------------------------------------------------------------------------------------

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value;
    }

    private static int intSetting(Map<String, String> env, String name, int defaultValue, int min, int max) {
        String text = env.get(name);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a whole number: " + text);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ": " + value);
        }
        return value;
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
