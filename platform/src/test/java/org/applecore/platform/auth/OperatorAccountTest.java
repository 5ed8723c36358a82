package org.applecore.platform.auth;

import org.applecore.platform.account.AccountService;
import org.applecore.platform.database.Database;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorAccountTest {

    private static final Pattern PRINTED = Pattern.compile("Username: (\\S+)  Password: (\\S+)");

    @Test
    void configuredOperatorCanLogInWithTheAdminRole() {
        try (TestHost host = TestHost.start()) {
            TestResponse login = host.post("/login", null,
                    Map.of("username", TestHost.ADMIN_USERNAME, "password", TestHost.ADMIN_PASSWORD));

            assertThat(login.status()).isEqualTo(200);
            assertThat(login.json().path("roles").toString()).isEqualTo("[\"admin\"]");
        }
    }

    @Test
    void withoutAConfiguredPasswordAGeneratedOneIsPrintedOnceAndWorks() {
        Map<String, Object> noPassword = Map.of("applecore.admin.username", "root-op", "applecore.admin.password", "");
        TestHost[] started = new TestHost[1];
        String firstStart = captureStandardOutput(() -> started[0] = TestHost.start(noPassword));
        try (TestHost host = started[0]) {
            Matcher printed = PRINTED.matcher(firstStart);
            assertThat(printed.find()).as("printed credentials in:\n" + firstStart).isTrue();
            assertThat(printed.group(1)).isEqualTo("root-op");
            String password = printed.group(2);
            assertThat(password.length()).isGreaterThanOrEqualTo(24);
            // Printed once, on its own framed lines, not through the logger (whose lines carry a level).
            assertThat(firstStart.split(Pattern.quote(password), -1)).hasSize(2);
            assertThat(firstStart.lines().filter(line -> line.contains(password)))
                    .singleElement().satisfies(line -> assertThat(line).doesNotContain("INFO").doesNotContain("WARN"));

            TestResponse login = host.post("/login", null, Map.of("username", "root-op", "password", password));
            assertThat(login.status()).isEqualTo(200);
            assertThat(login.json().path("roles").toString()).isEqualTo("[\"admin\"]");

            String restart = captureStandardOutput(() -> {
                host.restart();
                return host;
            });
            assertThat(PRINTED.matcher(restart).find()).isFalse();
            assertThat(host.post("/login", null, Map.of("username", "root-op", "password", password)).status()).isEqualTo(200);
        }
    }

    @Test
    void secondHostOnTheSameDatabaseCreatesNoSecondOperator() {
        try (TestHost host = TestHost.start(); TestHost peer = host.startPeer()) {
            assertThat(accountCount(peer)).isEqualTo(1);
            assertThat(peer.loginAsAdmin()).isNotBlank();
        }
    }

    @Test
    void hostsRacingToCreateTheFirstAccountCreateExactlyOne() throws Exception {
        try (TestHost host = TestHost.start()) {
            AccountService accounts = host.context().getBean(AccountService.class);
            int racers = 16;
            ExecutorService pool = Executors.newFixedThreadPool(racers);
            try {
                // Several rounds, because one round of a race can come out right by luck.
                for (int round = 0; round < 10; round++) {
                    host.context().getBean(Database.class).inTransaction(connection -> {
                        // Each account has a core user (with its personal group and token types) to go first.
                        try (java.sql.Statement delete = connection.createStatement()) {
                            delete.execute("""
                                    UPDATE core.core_user SET personal_group_id = NULL, token_id = NULL, personal_set_id = NULL;
                                    UPDATE core.user_group SET token_id = NULL;
                                    DELETE FROM core.token_set;
                                    DELETE FROM core.token;
                                    DELETE FROM core.user_group_member;
                                    DELETE FROM core.user_group WHERE NOT system;
                                    DELETE FROM core.core_user;
                                    DELETE FROM core.token_type_parent WHERE type_id IN (SELECT id FROM core.token_type WHERE NOT system);
                                    DELETE FROM core.token_type WHERE NOT system;
                                    DELETE FROM platform.account""");
                            return null;
                        }
                    });
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<Boolean>> results = new ArrayList<>();
                    for (int i = 0; i < racers; i++) {
                        String username = "racer-" + round + "-" + i;
                        results.add(pool.submit(() -> {
                            start.await();
                            return accounts.createFirstAccount(username, "a-long-enough-password").isPresent();
                        }));
                    }
                    start.countDown();
                    int created = 0;
                    for (Future<Boolean> result : results) {
                        created += result.get() ? 1 : 0;
                    }

                    assertThat(created).as("accounts created in round " + round).isEqualTo(1);
                    assertThat(accountCount(host)).isEqualTo(1);
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    private static long accountCount(TestHost host) {
        return host.context().getBean(Database.class).inTransaction(connection -> {
            try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM platform.account");
                 ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    /** Runs the action with standard output also copied into a buffer, and returns what was printed. */
    private static String captureStandardOutput(Supplier<TestHost> action) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                captured.write(b);
                original.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                captured.write(bytes, offset, length);
                original.write(bytes, offset, length);
            }
        }, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        try {
            action.get();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
