package org.applecore.platform.core.group;

import org.applecore.platform.database.Database;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class UserGroupConcurrencyTest {

    private static TestHost host;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void twoAdminsDemotingEachOtherAtOnceLeaveOneAdmin() throws Exception {
        CoreClient alice = CoreClient.create(host, "race-alice");
        CoreClient bob = CoreClient.create(host, "race-bob");
        // Several rounds, because one round of a race can come out right by luck.
        for (int round = 0; round < 8; round++) {
            long group = alice.post("/core/groups", Map.of("name", "Race " + round)).json().path("id").asLong();
            assertThat(alice.put("/core/groups/" + group + "/admins/" + bob.userId()).status()).isEqualTo(204);

            List<TestResponse> answers = atOnce(
                    () -> alice.delete("/core/groups/" + group + "/admins/" + bob.userId()),
                    () -> bob.delete("/core/groups/" + group + "/admins/" + alice.userId()));

            assertThat(answers).extracting(TestResponse::status).containsAnyOf(204);
            TestResponse admins = alice.get("/core/groups/" + group + "/admins");
            assertThat(admins.json().path("items").size()).as("round " + round + ": " + answers).isEqualTo(1);
        }
    }

    @Test
    void concurrentRegenerationsLeaveOneLiveUserToken() throws Exception {
        CoreClient carol = CoreClient.create(host, "race-carol");
        String admin = host.loginAsAdmin();
        List<Callable<TestResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> host.post("/admin/users/" + carol.userId() + "/core-token", admin, Map.of()));
        }

        List<TestResponse> issued = atOnce(calls.toArray(Callable[]::new));

        assertThat(issued).extracting(TestResponse::status).containsOnly(201);
        long live = host.context().getBean(Database.class).<Long>inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT count(*) FROM core.core_token WHERE user_id = ? AND kind = 'user' AND revoked_at IS NULL")) {
                select.setLong(1, carol.userId());
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
        assertThat(live).isEqualTo(1);
        long working = issued.stream()
                .filter(answer -> host.get("/core/me", answer.json().path("token").asText()).status() == 200).count();
        assertThat(working).isEqualTo(1);
    }

    @SafeVarargs
    private static List<TestResponse> atOnce(Callable<TestResponse>... calls) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TestResponse>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(calls.length)) {
            for (Callable<TestResponse> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<TestResponse> answers = new ArrayList<>();
            for (Future<TestResponse> future : futures) {
                answers.add(future.get());
            }
            return answers;
        }
    }
}
