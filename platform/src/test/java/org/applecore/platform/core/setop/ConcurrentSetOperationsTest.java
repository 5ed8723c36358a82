package org.applecore.platform.core.setop;

import org.applecore.platform.core.SetsFixtures;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.typegroup.TypeGroup;
import org.applecore.platform.problem.ApiException;
import org.applecore.platform.testing.TestHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads run random combine / remove / create / delete operations against the same few sets; then the
 * invariants must hold in SQL: every token in at least one set, no duplicate membership, member_count equal
 * to the real count for every set, no token lost or made.
 */
class ConcurrentSetOperationsTest {

    private static final int THREADS = 8;
    private static final int OPERATIONS_PER_THREAD = 50;
    private static final int SETS = 4;
    private static final int TOKENS_PER_SET = 30;

    private static TestHost host;
    private static SetsFixtures f;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        f = new SetsFixtures(host);
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void concurrentOperationsNeverLoseDuplicateOrOrphanATokenAndKeepCountsExact() throws Exception {
        CoreCaller owner = f.user("racer");
        long type = f.typeWith(owner, "chip");
        List<Long> sets = new CopyOnWriteArrayList<>();
        for (int i = 0; i < SETS; i++) {
            long set = f.set(owner);
            sets.add(set);
            f.tokens(owner, type, set, TOKENS_PER_SET);
        }
        long totalTokens = SETS * TOKENS_PER_SET;
        long fewGroup = f.typeGroup(owner, List.of(new TypeGroup.Member(type, null, 5L)), Map.of());

        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            futures.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
                    // A snapshot: other threads add and remove sets between reading the size and picking.
                    List<Long> current = List.copyOf(sets);
                    long a = current.get(random.nextInt(current.size()));
                    long d = current.get(random.nextInt(current.size()));
                    String group = random.nextBoolean() ? ",\"type_group\":" + fewGroup : "";
                    int pick = random.nextInt(100);
                    String body;
                    if (pick < 35 || sets.size() < 3 && pick < 80) {
                        body = "{\"operation\":\"combine\",\"source_set\":" + a + ",\"destination_set\":" + d + group + "}";
                    } else if (pick < 55) {
                        if (a == d) {
                            continue;
                        }
                        body = "{\"operation\":\"remove\",\"source_set\":" + a + ",\"destination_set\":" + d + group + "}";
                    } else if (pick < 65 || sets.size() < 3) {
                        body = "{\"operation\":\"create_set\"}";
                    } else {
                        body = "{\"operation\":\"delete_set\",\"source_set\":" + a + "}";
                    }
                    try {
                        SetOperationResult result = f.op(owner, body);
                        if (result.operation().equals("create_set")) {
                            sets.add(result.setId());
                        } else if (result.operation().equals("delete_set")) {
                            sets.remove(result.setId());
                        }
                        outcomes.computeIfAbsent(result.operation() + " ok", k -> new AtomicInteger()).incrementAndGet();
                    } catch (ApiException refused) {
                        assertThat(refused.status()).isBetween(400, 499);
                        outcomes.computeIfAbsent(refused.code(), k -> new AtomicInteger()).incrementAndGet();
                    } catch (Throwable e) {
                        failures.add(new AssertionError(body, e));
                    }
                }
            }));
        }
        for (Future<?> future : futures) {
            future.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertThat(failures).isEmpty();
        assertThat(outcomes.keySet()).contains("combine ok", "remove ok", "delete_set ok", "core.set_delete_would_orphan");
        assertThat(f.count("SELECT count(*) FROM core.token WHERE type_id = ?", type)).isEqualTo(totalTokens);
        assertThat(f.count("""
                SELECT count(*) FROM core.token t WHERE t.type_id = ?
                AND NOT EXISTS (SELECT 1 FROM core.token_set_member m WHERE m.token_id = t.id)""", type)).isZero();
        assertThat(f.count("""
                SELECT count(*) FROM (SELECT set_id, token_id FROM core.token_set_member
                GROUP BY set_id, token_id HAVING count(*) > 1) duplicates""")).isZero();
        assertThat(f.count("""
                SELECT count(*) FROM core.token_set s
                WHERE s.member_count <> (SELECT count(*) FROM core.token_set_member m WHERE m.set_id = s.id)""")).isZero();
        assertThat(Set.copyOf(outcomes.keySet())).doesNotContain("internal");
    }
}
