package org.applecore.platform.core.user;

import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.access.CoreCallers;
import org.applecore.platform.core.group.GroupMemberships;
import org.applecore.platform.database.Database;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class CoreUsersTest {

    private static TestHost host;
    private static Database database;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        database = host.context().getBean(Database.class);
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void creatingAnAccountMakesItsCoreUserWithPersonalGroup() {
        CoreClient ivy = CoreClient.create(host, "users-ivy");

        long userType = query("SELECT token_type_id FROM core.core_user WHERE id = ?", ivy.userId())[0];
        long personalGroup = query("SELECT personal_group_id FROM core.core_user WHERE id = ?", ivy.userId())[0];
        SystemItems.Ids system = database.inTransaction(c -> host.context().getBean(SystemItems.class).ids(c));

        assertThat(query("SELECT parent_id FROM core.token_type_parent WHERE type_id = ? ORDER BY position", userType))
                .containsExactly(system.userTypeId());
        long groupType = query("SELECT token_type_id FROM core.user_group WHERE id = ? AND personal_of = owner_id", personalGroup)[0];
        assertThat(query("SELECT parent_id FROM core.token_type_parent WHERE type_id = ? ORDER BY position", groupType))
                .containsExactly(system.groupTypeId(), userType);
        assertThat(query("SELECT kind = 'group' AND owner_id = " + ivy.userId() + " FROM core.token_type WHERE id = ?", groupType))
                .containsExactly(1);
        GroupMemberships memberships = host.context().getBean(GroupMemberships.class);
        boolean admin = database.inTransaction(c -> memberships.isAdmin(c, personalGroup, ivy.userId()));
        Set<Long> groups = database.inTransaction(c -> memberships.effectiveGroupIds(c, ivy.userId()));
        assertThat(admin).isTrue();
        assertThat(groups)
                .containsExactlyInAnyOrder(personalGroup, system.regularUserGroupId());
    }

    @Test
    void theUserEndpointsShowThePublicIdentity() {
        CoreClient jack = CoreClient.create(host, "users-jack");
        CoreClient kim = CoreClient.create(host, "users-kim");

        TestResponse me = jack.get("/core/me");
        TestResponse other = kim.get("/core/users/" + jack.userId());
        TestResponse missing = kim.get("/core/users/98765432");

        assertThat(other.status()).isEqualTo(200);
        assertThat(other.json().path("id").asLong()).isEqualTo(jack.userId());
        assertThat(other.json().path("guid").asText()).isEqualTo(me.json().path("guid").asText()).hasSize(36);
        assertThat(other.json().path("token_type_id").asLong()).isEqualTo(me.json().path("token_type_id").asLong());
        assertThat(other.json().path("personal_group_id").asLong()).isEqualTo(me.json().path("personal_group_id").asLong());
        assertThat(other.json().has("username")).isFalse();
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.problemCode()).isEqualTo("core.user_not_found");
    }

    @Test
    void concurrentFirstCallsMakeOneCoreUser() throws Exception {
        // An account inserted behind the service's back has no core user yet.
        long accountId = query("INSERT INTO platform.account (username, password_hash) VALUES (?, 'x') RETURNING id", "users-racer")[0];
        CoreUsers coreUsers = host.context().getBean(CoreUsers.class);
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<CoreUser>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return database.inTransaction(c -> coreUsers.ensure(c, accountId));
                }));
            }
            start.countDown();
            Set<CoreUser> users = new java.util.HashSet<>();
            for (Future<CoreUser> result : results) {
                users.add(result.get());
            }
            assertThat(users).hasSize(1);
        }
        assertThat(count("SELECT count(*) FROM core.core_user WHERE id = ?", accountId)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM core.user_group WHERE personal_of = ?", accountId)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM core.token_type WHERE owner_id = ?", accountId)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM core.user_group_member WHERE user_id = ?", accountId)).isEqualTo(2);
    }

    @Test
    void ensureRefusesAnIdWithoutAccountAndWritesNothing() {
        CoreUsers coreUsers = host.context().getBean(CoreUsers.class);
        long typesBefore = count("SELECT count(*) FROM core.token_type");

        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                () -> database.inTransaction(c -> coreUsers.ensure(c, 77777777))))
                .hasMessageContaining("No user with id 77777777");
        assertThat(count("SELECT count(*) FROM core.token_type")).isEqualTo(typesBefore);
    }

    @Test
    void aMemberOfTheFullAdminGroupIsAFullAdmin() {
        CoreClient lea = CoreClient.create(host, "users-lea");
        CoreCallers callers = host.context().getBean(CoreCallers.class);
        CoreCaller before = database.inTransaction(c -> callers.forUser(c, lea.userId()));
        assertThat(before.fullAdmin()).isFalse();

        database.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO core.user_group_member (group_id, user_id)
                    SELECT id, ? FROM core.user_group WHERE system AND name = 'full_admin_user'""")) {
                insert.setLong(1, lea.userId());
                return insert.executeUpdate();
            }
        });

        CoreCaller caller = database.inTransaction(c -> callers.forUser(c, lea.userId()));
        assertThat(caller.fullAdmin()).isTrue();
        assertThat(caller.username()).isEqualTo("users-lea");
        assertThat(lea.get("/core/me").json().path("full_admin").asBoolean()).isTrue();
    }

    private static long count(String sql, long parameter) {
        return query(sql, parameter)[0];
    }

    private static long count(String sql) {
        return query(sql, null)[0];
    }

    private static long[] query(String sql, Object parameter) {
        return database.<long[]>inTransaction(c -> longs(c, sql, parameter));
    }

    private static long[] longs(Connection connection, String sql, Object parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setObject(1, parameter);
            }
            List<Long> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getObject(1) instanceof Boolean b ? (b ? 1L : 0L) : rows.getLong(1));
                }
            }
            return values.stream().mapToLong(Long::longValue).toArray();
        }
    }
}
