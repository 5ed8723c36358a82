package org.applecore.platform.core.group;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class UserGroupsApiTest {

    private static TestHost host;
    private static Database database;
    private static CoreClient operator;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        database = host.context().getBean(Database.class);
        operator = CoreClient.operator(host);
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void theCreatorOwnsAdministersAndBelongsToANewGroup() {
        CoreClient alice = CoreClient.create(host, "grp-create-alice");

        TestResponse created = alice.post("/core/groups", Map.of("name", "Garden club"));
        long id = created.json().path("id").asLong();
        TestResponse read = alice.get("/core/groups/" + id);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("owner_id").asLong()).isEqualTo(alice.userId());
        assertThat(created.json().path("admin").asBoolean()).isTrue();
        assertThat(created.json().path("guid").asText()).hasSize(36);
        assertThat(read.status()).isEqualTo(200);
        assertThat(ids(read.json().path("members"))).containsExactly(alice.userId());
        assertThat(ids(read.json().path("admins"))).containsExactly(alice.userId());
        assertThat(typeParents(read.json().path("token_type_id").asLong())).containsExactly(systemGroupTypeId());
    }

    @Test
    void badGroupRequestsAreRefused() {
        CoreClient alice = CoreClient.create(host, "grp-bad-alice");
        long id = alice.post("/core/groups", Map.of("name", "Bad requests")).json().path("id").asLong();
        long before = memberRows();

        assertThat(alice.post("/core/groups", Map.of("name", " ")).problemCode()).isEqualTo("core.invalid_group_name");
        assertThat(alice.post("/core/groups", Map.of("name", "x".repeat(201))).status()).isEqualTo(400);
        assertThat(alice.put("/core/groups/" + id + "/members/98765432").problemCode()).isEqualTo("core.user_not_found");
        assertThat(alice.get("/core/groups?limit=0").problemCode()).isEqualTo("core.invalid_limit");
        assertThat(alice.get("/core/groups?cursor=nonsense").problemCode()).isEqualTo("core.invalid_cursor");
        assertThat(memberRows()).isEqualTo(before);
    }

    @Test
    void aGroupIsInvisibleToNonMembersWhateverTheyTry() {
        CoreClient alice = CoreClient.create(host, "grp-hidden-alice");
        CoreClient mallory = CoreClient.create(host, "grp-hidden-mallory");
        long id = alice.post("/core/groups", Map.of("name", "Secret")).json().path("id").asLong();
        long personal = alice.get("/core/me").json().path("personal_group_id").asLong();
        String before = alice.get("/core/groups/" + id).rawBody();
        long rowsBefore = memberRows();

        List<TestResponse> answers = new ArrayList<>();
        for (long target : new long[]{id, personal, 987654321L}) {
            answers.add(mallory.get("/core/groups/" + target));
            answers.add(mallory.get("/core/groups/" + target + "/members"));
            answers.add(mallory.get("/core/groups/" + target + "/admins"));
            answers.add(mallory.put("/core/groups/" + target + "/members/" + mallory.userId()));
            answers.add(mallory.put("/core/groups/" + target + "/admins/" + mallory.userId()));
            answers.add(mallory.delete("/core/groups/" + target + "/members/" + alice.userId()));
            answers.add(mallory.delete("/core/groups/" + target + "/admins/" + alice.userId()));
            answers.add(mallory.delete("/core/groups/" + target));
            answers.add(mallory.post("/core/groups", Map.of("name", "Child", "parent_group_id", target)));
        }

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
            assertThat(answer.problemCode()).isEqualTo("core.group_not_found");
        });
        assertThat(alice.get("/core/groups/" + id).rawBody()).isEqualTo(before);
        assertThat(memberRows()).isEqualTo(rowsBefore);
        assertThat(groupIdsOf(mallory)).doesNotContain(id, personal);
    }

    @Test
    void aUserListsTheGroupsTheyBelongToPageByPage() {
        CoreClient alice = CoreClient.create(host, "grp-list-alice");
        CoreClient bob = CoreClient.create(host, "grp-list-bob");
        Set<Long> made = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            made.add(alice.post("/core/groups", Map.of("name", "List " + i)).json().path("id").asLong());
        }
        long shared = alice.post("/core/groups", Map.of("name", "Shared")).json().path("id").asLong();
        assertThat(alice.put("/core/groups/" + shared + "/members/" + bob.userId()).status()).isEqualTo(204);

        List<Long> alicePaged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            TestResponse page = alice.get("/core/groups?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().path("items").size()).isLessThanOrEqualTo(2);
            page.json().path("items").forEach(item -> alicePaged.add(item.path("id").asLong()));
            cursor = page.json().path("next_cursor").isNull() ? null : page.json().path("next_cursor").asText();
            pages++;
        } while (cursor != null && pages < 20);

        long personal = alice.get("/core/me").json().path("personal_group_id").asLong();
        assertThat(alicePaged).doesNotHaveDuplicates().isSorted().containsAll(made).contains(shared, personal);
        assertThat(alicePaged).hasSize(8);
        assertThat(groupIdsOf(bob)).contains(shared).doesNotContainAnyElementsOf(made);
    }

    @Test
    void onlyAdminsChangeTheListsAndMembersWhoAreNotAdminsGet403() {
        CoreClient alice = CoreClient.create(host, "grp-admin-alice");
        CoreClient bob = CoreClient.create(host, "grp-admin-bob");
        CoreClient carol = CoreClient.create(host, "grp-admin-carol");
        long id = alice.post("/core/groups", Map.of("name", "Admins only")).json().path("id").asLong();
        assertThat(alice.put("/core/groups/" + id + "/members/" + bob.userId()).status()).isEqualTo(204);
        String before = alice.get("/core/groups/" + id).rawBody();

        List<TestResponse> refused = List.of(
                bob.put("/core/groups/" + id + "/members/" + carol.userId()),
                bob.put("/core/groups/" + id + "/admins/" + bob.userId()),
                bob.delete("/core/groups/" + id + "/members/" + alice.userId()),
                bob.delete("/core/groups/" + id + "/admins/" + alice.userId()),
                bob.post("/core/groups", Map.of("name", "Sub", "parent_group_id", id)));

        assertThat(bob.get("/core/groups/" + id).status()).isEqualTo(200);
        assertThat(bob.get("/core/groups/" + id).json().path("admin").asBoolean()).isFalse();
        assertThat(refused).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
            assertThat(answer.problemCode()).isEqualTo("core.not_group_admin");
        });
        assertThat(alice.get("/core/groups/" + id).rawBody()).isEqualTo(before);

        assertThat(alice.put("/core/groups/" + id + "/admins/" + bob.userId()).status()).isEqualTo(204);
        assertThat(bob.put("/core/groups/" + id + "/members/" + carol.userId()).status()).isEqualTo(204);
        assertThat(bob.delete("/core/groups/" + id + "/admins/" + alice.userId()).status()).isEqualTo(204);
        JsonNode after = alice.get("/core/groups/" + id).json();
        assertThat(ids(after.path("members"))).containsExactly(alice.userId(), bob.userId(), carol.userId());
        assertThat(ids(after.path("admins"))).containsExactly(bob.userId());
        assertThat(alice.put("/core/groups/" + id + "/members/" + carol.userId()).problemCode()).isEqualTo("core.not_group_admin");
    }

    @Test
    void aGroupKeepsAtLeastOneAdminAndAPersonalGroupKeepsItsUser() {
        CoreClient alice = CoreClient.create(host, "grp-last-alice");
        CoreClient bob = CoreClient.create(host, "grp-last-bob");
        long id = alice.post("/core/groups", Map.of("name", "Last admin")).json().path("id").asLong();
        long personal = alice.get("/core/me").json().path("personal_group_id").asLong();
        assertThat(alice.put("/core/groups/" + personal + "/admins/" + bob.userId()).status()).isEqualTo(204);
        long rowsBefore = memberRows();

        TestResponse dropAdmin = alice.delete("/core/groups/" + id + "/admins/" + alice.userId());
        TestResponse leave = alice.delete("/core/groups/" + id + "/members/" + alice.userId());
        TestResponse dropOwner = bob.delete("/core/groups/" + personal + "/members/" + alice.userId());
        TestResponse demoteOwner = bob.delete("/core/groups/" + personal + "/admins/" + alice.userId());

        assertThat(dropAdmin.status()).isEqualTo(409);
        assertThat(dropAdmin.problemCode()).isEqualTo("core.last_admin");
        assertThat(leave.problemCode()).isEqualTo("core.last_admin");
        assertThat(dropOwner.problemCode()).isEqualTo("core.personal_group_owner");
        assertThat(demoteOwner.problemCode()).isEqualTo("core.personal_group_owner");
        assertThat(memberRows()).isEqualTo(rowsBefore);
        assertThat(ids(alice.get("/core/groups/" + id).json().path("admins"))).containsExactly(alice.userId());
        assertThat(ids(alice.get("/core/groups/" + personal).json().path("admins"))).containsExactly(alice.userId(), bob.userId());
    }

    @Test
    void anInheritedGroupTakesItsParentsMembersAndAddsOrDropsSome() {
        CoreClient alice = CoreClient.create(host, "grp-inh-alice");
        CoreClient bob = CoreClient.create(host, "grp-inh-bob");
        CoreClient carol = CoreClient.create(host, "grp-inh-carol");
        CoreClient dave = CoreClient.create(host, "grp-inh-dave");
        CoreClient erin = CoreClient.create(host, "grp-inh-erin");
        long parent = alice.post("/core/groups", Map.of("name", "Company")).json().path("id").asLong();
        alice.put("/core/groups/" + parent + "/members/" + bob.userId());
        alice.put("/core/groups/" + parent + "/members/" + carol.userId());
        alice.put("/core/groups/" + parent + "/admins/" + erin.userId());
        TestResponse created = alice.post("/core/groups", Map.of("name", "Night shift", "parent_group_id", parent));
        long child = created.json().path("id").asLong();

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("parent_group_id").asLong()).isEqualTo(parent);
        long parentType = alice.get("/core/groups/" + parent).json().path("token_type_id").asLong();
        assertThat(typeParents(created.json().path("token_type_id").asLong())).containsExactly(systemGroupTypeId(), parentType);
        assertThat(members(alice, child)).containsExactly(alice.userId(), bob.userId(), carol.userId(), erin.userId());
        assertThat(admins(alice, child)).containsExactly(alice.userId(), erin.userId());
        assertThat(bob.get("/core/groups/" + child).status()).isEqualTo(200);

        // Drop an inherited member: gone from the child only.
        assertThat(alice.delete("/core/groups/" + child + "/members/" + bob.userId()).status()).isEqualTo(204);
        assertThat(members(alice, child)).containsExactly(alice.userId(), carol.userId(), erin.userId());
        assertThat(members(alice, parent)).contains(bob.userId());
        assertThat(bob.get("/core/groups/" + child).problemCode()).isEqualTo("core.group_not_found");
        assertThat(groupIdsOf(bob)).contains(parent).doesNotContain(child);

        // Re-add: inherited again.
        assertThat(alice.put("/core/groups/" + child + "/members/" + bob.userId()).status()).isEqualTo(204);
        assertThat(members(alice, child)).contains(bob.userId());
        assertThat(groupIdsOf(bob)).contains(child);

        // Add someone outside the parent: in the child only.
        assertThat(alice.put("/core/groups/" + child + "/members/" + dave.userId()).status()).isEqualTo(204);
        assertThat(members(alice, child)).contains(dave.userId());
        assertThat(dave.get("/core/groups/" + parent).status()).isEqualTo(404);
        assertThat(groupIdsOf(dave)).contains(child).doesNotContain(parent);

        // Leaving the parent also leaves the child; an inherited admin can be kept as a plain member.
        assertThat(alice.delete("/core/groups/" + parent + "/members/" + carol.userId()).status()).isEqualTo(204);
        assertThat(members(alice, child)).doesNotContain(carol.userId());
        assertThat(alice.delete("/core/groups/" + child + "/admins/" + erin.userId()).status()).isEqualTo(204);
        assertThat(admins(alice, child)).containsExactly(alice.userId());
        assertThat(members(alice, child)).contains(erin.userId());
        assertThat(admins(alice, parent)).contains(erin.userId());
    }

    @Test
    void deletingAGroupIsForItsOwnerAndLeavesProtectedGroupsAlone() {
        CoreClient alice = CoreClient.create(host, "grp-del-alice");
        CoreClient bob = CoreClient.create(host, "grp-del-bob");
        long id = alice.post("/core/groups", Map.of("name", "To delete")).json().path("id").asLong();
        alice.put("/core/groups/" + id + "/admins/" + bob.userId());
        long child = alice.post("/core/groups", Map.of("name", "Child", "parent_group_id", id)).json().path("id").asLong();
        long personal = alice.get("/core/me").json().path("personal_group_id").asLong();
        long regular = regularUserGroupId();

        TestResponse byAdmin = bob.delete("/core/groups/" + id);
        TestResponse withChild = alice.delete("/core/groups/" + id);
        TestResponse ownPersonal = alice.delete("/core/groups/" + personal);
        TestResponse system = operator.delete("/core/groups/" + regular);

        assertThat(byAdmin.status()).isEqualTo(403);
        assertThat(byAdmin.problemCode()).isEqualTo("core.not_group_owner");
        assertThat(withChild.status()).isEqualTo(409);
        assertThat(withChild.problemCode()).isEqualTo("core.group_has_inherited_groups");
        assertThat(ownPersonal.problemCode()).isEqualTo("core.group_protected");
        assertThat(system.problemCode()).isEqualTo("core.group_protected");
        assertThat(alice.get("/core/groups/" + id).status()).isEqualTo(200);

        assertThat(alice.delete("/core/groups/" + child).status()).isEqualTo(204);
        assertThat(alice.delete("/core/groups/" + id).status()).isEqualTo(204);
        assertThat(alice.get("/core/groups/" + id).problemCode()).isEqualTo("core.group_not_found");
        assertThat(groupIdsOf(bob)).doesNotContain(id, child);
    }

    @Test
    void fullAdminsSeeAndChangeEveryGroupAndOnlyTheyChangeTheFullAdminGroup() {
        CoreClient alice = CoreClient.create(host, "grp-full-alice");
        CoreClient bob = CoreClient.create(host, "grp-full-bob");
        long bobs = bob.post("/core/groups", Map.of("name", "Bob's")).json().path("id").asLong();
        long fullAdminGroup = fullAdminGroupId();

        assertThat(alice.get("/core/groups/" + fullAdminGroup).problemCode()).isEqualTo("core.group_not_found");
        assertThat(alice.put("/core/groups/" + fullAdminGroup + "/members/" + alice.userId()).status()).isEqualTo(404);
        assertThat(operator.get("/core/groups/" + bobs).status()).isEqualTo(200);
        assertThat(operator.put("/core/groups/" + bobs + "/members/" + alice.userId()).status()).isEqualTo(204);
        assertThat(members(bob, bobs)).contains(alice.userId());

        assertThat(operator.put("/core/groups/" + fullAdminGroup + "/members/" + alice.userId()).status()).isEqualTo(204);
        assertThat(alice.get("/core/me").json().path("full_admin").asBoolean()).isTrue();
        long bobsPersonal = bob.get("/core/me").json().path("personal_group_id").asLong();
        assertThat(alice.get("/core/groups/" + bobsPersonal).status()).isEqualTo(200);

        // A full admin made admin of full_admin_user is still the only kind who changes it; a plain member of a
        // group inheriting from it is not a full admin.
        long derived = operator.post("/core/groups", Map.of("name", "Derived", "parent_group_id", fullAdminGroup))
                .json().path("id").asLong();
        assertThat(operator.put("/core/groups/" + derived + "/members/" + bob.userId()).status()).isEqualTo(204);
        assertThat(bob.get("/core/me").json().path("full_admin").asBoolean()).isFalse();
        assertThat(bob.put("/core/groups/" + fullAdminGroup + "/members/" + bob.userId()).status()).isEqualTo(404);

        assertThat(operator.delete("/core/groups/" + fullAdminGroup + "/members/" + alice.userId()).status()).isEqualTo(204);
        assertThat(alice.get("/core/me").json().path("full_admin").asBoolean()).isFalse();
        assertThat(alice.get("/core/groups/" + bobsPersonal).status()).isEqualTo(404);
    }

    private static List<Long> members(CoreClient client, long group) {
        TestResponse page = client.get("/core/groups/" + group + "/members?limit=500");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return ids(page.json().path("items"));
    }

    private static List<Long> admins(CoreClient client, long group) {
        TestResponse page = client.get("/core/groups/" + group + "/admins?limit=500");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return ids(page.json().path("items"));
    }

    private static List<Long> groupIdsOf(CoreClient client) {
        return ids(client.get("/core/me").json().path("group_ids"));
    }

    private static List<Long> ids(JsonNode array) {
        List<Long> ids = new ArrayList<>();
        array.forEach(node -> ids.add(node.asLong()));
        return ids;
    }

    private static long memberRows() {
        return single("SELECT count(*) + coalesce(sum(CASE WHEN is_admin THEN 7 ELSE 0 END + CASE WHEN excluded THEN 13 ELSE 0 END), 0) FROM core.user_group_member");
    }

    private static long systemGroupTypeId() {
        return single("SELECT id FROM core.token_type WHERE system AND name = 'group'");
    }

    private static long regularUserGroupId() {
        return single("SELECT id FROM core.user_group WHERE system AND name = 'regular_user'");
    }

    private static long fullAdminGroupId() {
        return single("SELECT id FROM core.user_group WHERE system AND name = 'full_admin_user'");
    }

    private static List<Long> typeParents(long typeId) {
        return database.<List<Long>>inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT parent_id FROM core.token_type_parent WHERE type_id = ? ORDER BY position")) {
                select.setLong(1, typeId);
                List<Long> parents = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        parents.add(rows.getLong(1));
                    }
                }
                return parents;
            }
        });
    }

    private static long single(String sql) {
        Supplier<Long> query = () -> database.<Long>inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement(sql); ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
        return query.get();
    }
}
