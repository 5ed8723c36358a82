package org.applecore.bench.coresets;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * The core sets bench (bench/core-sets/README.md). Sets everything up through the real API (the million-member
 * set excepted: its rows are inserted with SQL), then measures and prints one RESULT line per figure.
 */
public final class CoreSetsBench {

    private static final String BASE_URL = env("BASE_URL", null);
    private static final int CONCURRENCY = Integer.parseInt(env("CONCURRENCY", "8"));
    private static final int DURATION_SECONDS = Integer.parseInt(env("DURATION_SECONDS", "10"));
    private static final int COMBINE_TOKENS = Integer.parseInt(env("COMBINE_TOKENS", "10000"));
    private static final int LARGE_SET = Integer.parseInt(env("LARGE_SET", "1000000"));
    private static final int SMALL_SET = 200;
    private static final int SAMPLES = Integer.parseInt(env("SAMPLES", "200"));

    private CoreSetsBench() {
    }

    public static void main(String[] args) {
        try {
            measure();
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void measure() throws Exception {
        Api anonymous = new Api(BASE_URL, null);
        String jwt = anonymous.post("/login", Map.of("username", env("BENCH_USERNAME", null), "password", env("BENCH_PASSWORD", null)), 200)
                .path("access_token").asText();
        Api admin = new Api(BASE_URL, "Bearer " + jwt);
        long aliceId = admin.post("/admin/users", Map.of("username", "alice", "password", "alice-password-123", "roles", List.of()), 201).path("id").asLong();
        long bobId = admin.post("/admin/users", Map.of("username", "bob", "password", "bob-password-1234", "roles", List.of()), 201).path("id").asLong();
        Api alice = coreClient(admin, aliceId);
        Api bob = coreClient(admin, bobId);

        long allowsSet = systemAttribute(alice, "allows_set");
        long allowsSetOperation = systemAttribute(alice, "allows_set_operation");
        measureMoves(alice, bob, allowsSet, allowsSetOperation);
        measureReads(alice, bob);
        measureCombine(alice);
        measureLargeSet(alice, aliceId);
    }

    /**
     * Figure 1: one token moved back and forth between a set of alice (open to operations: allows_set_operation
     * true) and a set of bob, by bob, an ordinary user.
     */
    private static void measureMoves(Api alice, Api bob, long allowsSet, long allowsSetOperation) throws Exception {
        long type = alice.post("/core/token-types", Map.of("name", "traveller"), 201).path("id").asLong();
        long[][] pairs = new long[CONCURRENCY][];
        for (int i = 0; i < CONCURRENCY; i++) {
            long aliceSet = alice.post("/core/token-sets", Map.of("values", Map.of(String.valueOf(allowsSetOperation), true)), 201)
                    .path("id").asLong();
            long bobSet = set(bob);
            alice.post("/core/tokens", Map.of("token_type", type, "set", aliceSet, "values", Map.of(String.valueOf(allowsSet), true)), 201);
            pairs[i] = new long[] {aliceSet, bobSet};
        }
        boolean[] inAlicesSet = new boolean[CONCURRENCY];
        Arrays.fill(inAlicesSet, true);
        Result result = closedLoop(worker -> {
            long[] pair = pairs[worker];
            return () -> {
                boolean forward = inAlicesSet[worker];
                long from = forward ? pair[0] : pair[1];
                long to = forward ? pair[1] : pair[0];
                JsonNode moved = bob.post("/core/set-operations", Map.of("operation", "remove", "source_set", from, "destination_set", to), 200);
                if (moved.path("moved").asLong() != 1) {
                    throw new IllegalStateException("expected one token moved: " + moved);
                }
                inAlicesSet[worker] = !forward;
            };
        });
        result.print("move_one_token_between_owners", "ops/s", "POST /core/set-operations remove by bob (ordinary user), alice's set (allows_set_operation true) <-> bob's set, allows_set true, "
                + CONCURRENCY + " workers each with its own pair");
    }

    /** Figure 2: bob reads alice's token with a dozen attributes, half of them readable by alice's group only. */
    private static void measureReads(Api alice, Api bob) throws Exception {
        long insiders = alice.post("/core/groups", Map.of("name", "insiders"), 201).path("id").asLong();
        List<Long> attributes = new ArrayList<>();
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < 12; i++) {
            Map<String, Object> body = new HashMap<>();
            body.put("name", "attr-" + i);
            body.put("value", Map.of("value_type", "string", "string_type", "any"));
            if (i % 2 == 0) {
                body.put("permissions", Map.of("read_user_groups", List.of(insiders)));
            }
            long id = alice.post("/core/attributes", body, 201).path("id").asLong();
            attributes.add(id);
            values.put(String.valueOf(id), "value of attribute " + i);
        }
        long type = alice.post("/core/token-types", Map.of("name", "dozen", "attributes", attributes), 201).path("id").asLong();
        long token = alice.post("/core/tokens", Map.of("token_type", type, "set", set(alice), "values", values), 201).path("id").asLong();
        JsonNode asBob = bob.get("/core/tokens/" + token, 200);
        int visible = asBob.path("values").size();
        Result result = closedLoop(worker -> () -> bob.get("/core/tokens/" + token, 200));
        result.print("read_token_12_attributes", "reads/s", "GET /core/tokens/{id} by another user: 16 attributes (12 + 4 flags), "
                + visible + " readable, 6 hidden by read_user_groups; " + CONCURRENCY + " workers");
    }

    /** Figure 3: one combine moving COMBINE_TOKENS tokens of a type, selected by a type group, out of a mixed set. */
    private static void measureCombine(Api alice) throws Exception {
        long coin = alice.post("/core/token-types", Map.of("name", "coin"), 201).path("id").asLong();
        long pebble = alice.post("/core/token-types", Map.of("name", "pebble"), 201).path("id").asLong();
        long source = set(alice);
        long started = System.nanoTime();
        createTokens(alice, coin, source, COMBINE_TOKENS);
        createTokens(alice, pebble, source, COMBINE_TOKENS / 5);
        double creationSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("setup: %d tokens created through POST /core/tokens in %.1f s (%.0f creations/s, %d workers)%n",
                COMBINE_TOKENS + COMBINE_TOKENS / 5, creationSeconds, (COMBINE_TOKENS + COMBINE_TOKENS / 5) / creationSeconds, CONCURRENCY);
        long group = alice.post("/core/type-groups", Map.of("name", "coins", "members", List.of(Map.of("token_type", coin))), 201).path("id").asLong();

        long destination = set(alice);
        long t0 = System.nanoTime();
        JsonNode combined = alice.post("/core/set-operations", Map.of("operation", "combine", "source_set", source, "destination_set", destination,
                "type_group", group), 200);
        double combineMs = (System.nanoTime() - t0) / 1e6;
        check(combined.path("added").asLong() == COMBINE_TOKENS, "combine added " + combined);

        long moved = set(alice);
        long t1 = System.nanoTime();
        JsonNode removed = alice.post("/core/set-operations", Map.of("operation", "remove", "source_set", destination, "destination_set", moved,
                "type_group", group), 200);
        double removeMs = (System.nanoTime() - t1) / 1e6;
        check(removed.path("moved").asLong() == COMBINE_TOKENS, "remove moved " + removed);
        System.out.printf("RESULT combine_%d_tokens  %.0f ms  (one POST /core/set-operations combine with a type group; source holds %d tokens of two types)%n",
                COMBINE_TOKENS, combineMs, COMBINE_TOKENS + COMBINE_TOKENS / 5);
        System.out.printf("RESULT remove_%d_tokens   %.0f ms  (one remove moving them on to a third set)%n", COMBINE_TOKENS, removeMs);
    }

    /** Counts, pages and a one-token move on a set of LARGE_SET members against a set of 10. */
    private static void measureLargeSet(Api alice, long aliceId) throws Exception {
        long type = alice.post("/core/token-types", Map.of("name", "grain"), 201).path("id").asLong();
        long large = set(alice);
        long small = set(alice);
        // 200 members: enough for a full page of 100, so the page figures compare equal amounts of work.
        createTokens(alice, type, small, SMALL_SET);
        long t0 = System.nanoTime();
        long lastId;
        try (Connection db = DriverManager.getConnection(env("DB_URL", null), "postgres", "")) {
            db.setAutoCommit(false);
            try (PreparedStatement insert = db.prepareStatement("""
                    WITH made AS (
                        INSERT INTO core.token (type_id, owner_id) SELECT ?, ? FROM generate_series(1, ?) RETURNING id)
                    INSERT INTO core.token_set_member (set_id, token_id) SELECT ?, id FROM made""")) {
                insert.setLong(1, type);
                insert.setLong(2, aliceId);
                insert.setInt(3, LARGE_SET);
                insert.setLong(4, large);
                insert.executeUpdate();
            }
            try (PreparedStatement count = db.prepareStatement(
                    "UPDATE core.token_set SET member_count = (SELECT count(*) FROM core.token_set_member WHERE set_id = ?) WHERE id = ?")) {
                count.setLong(1, large);
                count.setLong(2, large);
                count.executeUpdate();
            }
            db.commit();
            db.setAutoCommit(true);
            try (Statement analyze = db.createStatement()) {
                analyze.execute("VACUUM ANALYZE core.token");
                analyze.execute("VACUUM ANALYZE core.token_set_member");
            }
            try (PreparedStatement max = db.prepareStatement("SELECT max(token_id) FROM core.token_set_member WHERE set_id = ?")) {
                max.setLong(1, large);
                try (ResultSet row = max.executeQuery()) {
                    row.next();
                    lastId = row.getLong(1);
                }
            }
        }
        System.out.printf("setup: %d tokens and memberships inserted with SQL (documented exception to API-only setup) in %.1f s%n",
                LARGE_SET, (System.nanoTime() - t0) / 1e9);
        JsonNode counted = alice.get("/core/token-sets/" + large, 200);
        check(counted.path("member_count").asLong() == LARGE_SET, "member_count " + counted);

        String deepCursor = Base64.getUrlEncoder().withoutPadding().encodeToString(("id:" + (lastId - 150)).getBytes(StandardCharsets.UTF_8));
        latency("count_large", () -> alice.get("/core/token-sets/" + large, 200), "GET /core/token-sets/{id} (member_count) on " + LARGE_SET + " members");
        latency("count_small", () -> alice.get("/core/token-sets/" + small, 200), "the same on " + SMALL_SET + " members");
        latency("page_first_large", () -> alice.get("/core/token-sets/" + large + "/tokens?limit=100", 200), "first page of 100 of " + LARGE_SET);
        latency("page_deep_large", () -> alice.get("/core/token-sets/" + large + "/tokens?limit=100&cursor=" + deepCursor, 200),
                "a page of 100 near the end of " + LARGE_SET + " (cursor)");
        latency("page_first_small", () -> alice.get("/core/token-sets/" + small + "/tokens?limit=100", 200), "first page of 100 of " + SMALL_SET);

        long one = alice.post("/core/type-groups", Map.of("name", "one grain", "members", List.of(Map.of("token_type", type, "minimum_needed", 1))), 201)
                .path("id").asLong();
        long outOfLarge = set(alice);
        long outOfSmall = set(alice);
        latency("move_one_from_large", () -> alice.post("/core/set-operations", Map.of("operation", "remove", "source_set", large,
                "destination_set", outOfLarge, "type_group", one), 200), "remove one token (type group min 1) out of the " + LARGE_SET + " set");
        latency("move_one_from_small", () -> alice.post("/core/set-operations", Map.of("operation", "remove", "source_set", small,
                "destination_set", outOfSmall, "type_group", one), 200), "the same out of the small set (refilled from its destination)",
                () -> alice.post("/core/set-operations", Map.of("operation", "remove", "source_set", outOfSmall, "destination_set", small), 200));
        JsonNode after = alice.get("/core/token-sets/" + large, 200);
        System.out.printf("check: large set member_count %d after the moves%n", after.path("member_count").asLong());
    }

    private static void createTokens(Api client, long type, long set, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < CONCURRENCY; w++) {
            int share = count / CONCURRENCY + (w < count % CONCURRENCY ? 1 : 0);
            futures.add(pool.submit(() -> {
                for (int i = 0; i < share; i++) {
                    client.post("/core/tokens", Map.of("token_type", type, "set", set), 201);
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
    }

    private static void latency(String name, Runnable call, String what) {
        latency(name, call, what, null);
    }

    /** SAMPLES sequential calls after 20 warm-up calls; {@code between} runs untimed after each call. */
    private static void latency(String name, Runnable call, String what, Runnable between) {
        for (int i = 0; i < 20; i++) {
            call.run();
            if (between != null) {
                between.run();
            }
        }
        long[] nanos = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long t = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - t;
            if (between != null) {
                between.run();
            }
        }
        Arrays.sort(nanos);
        System.out.printf("RESULT %-22s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  (%d calls; %s)%n", name, nanos[SAMPLES / 2] / 1e6,
                nanos[(int) Math.ceil(SAMPLES * 0.99) - 1] / 1e6, nanos[SAMPLES - 1] / 1e6, SAMPLES, what);
    }

    /** CONCURRENCY closed-loop workers for DURATION_SECONDS after a 3-second warm-up. */
    private static Result closedLoop(IntFunction<Runnable> workerFactory) throws Exception {
        run(workerFactory, 3, null);
        List<long[]> latencies = new ArrayList<>();
        long elapsed = run(workerFactory, DURATION_SECONDS, latencies);
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(all, elapsed);
    }

    private static long run(IntFunction<Runnable> workerFactory, int seconds, List<long[]> latencies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<long[]>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < CONCURRENCY; w++) {
            Runnable work = workerFactory.apply(w);
            futures.add(pool.submit(() -> {
                long[] mine = new long[1024];
                int n = 0;
                while (!stop.get()) {
                    long t = System.nanoTime();
                    work.run();
                    if (n == mine.length) {
                        mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = System.nanoTime() - t;
                }
                return Arrays.copyOf(mine, n);
            }));
        }
        TimeUnit.SECONDS.sleep(seconds);
        stop.set(true);
        for (Future<long[]> future : futures) {
            long[] mine = future.get();
            if (latencies != null) {
                latencies.add(mine);
            }
        }
        pool.shutdown();
        return System.nanoTime() - start;
    }

    private record Result(long[] sortedNanos, long elapsedNanos) {
        void print(String name, String unit, String what) {
            int n = sortedNanos.length;
            System.out.printf("RESULT %-30s %8.1f %s  p50 %6.2f ms  p99 %6.2f ms  (%d requests in %.1f s; %s)%n", name,
                    n / (elapsedNanos / 1e9), unit, sortedNanos[n / 2] / 1e6, sortedNanos[(int) Math.ceil(n * 0.99) - 1] / 1e6, n,
                    elapsedNanos / 1e9, what);
        }
    }

    private static Api coreClient(Api admin, long userId) {
        String token = admin.post("/admin/users/" + userId + "/core-token", Map.of(), 201).path("token").asText();
        Api client = new Api(BASE_URL, null).withBearer(token);
        client.get("/core/me", 200);
        return client;
    }

    private static long set(Api client) {
        return client.post("/core/token-sets", Map.of(), 201).path("id").asLong();
    }

    private static long systemAttribute(Api client, String name) {
        for (JsonNode attribute : client.get("/core/attributes?owner=system&limit=500", 200).path("items")) {
            if (attribute.path("name").asText().equals(name)) {
                return attribute.path("id").asLong();
            }
        }
        throw new IllegalStateException("no system attribute " + name);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            if (fallback == null) {
                throw new IllegalStateException("environment variable " + name + " is required");
            }
            return fallback;
        }
        return value;
    }
}
