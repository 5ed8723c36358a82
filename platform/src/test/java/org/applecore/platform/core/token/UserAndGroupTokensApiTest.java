package org.applecore.platform.core.token;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.core.ModelFixtures;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Personal token types are instantiated by their owner only; every user has their own token in a personal set,
 * every group its token; the user's personal group reads (members) and writes (admins) every value of it.
 */
class UserAndGroupTokensApiTest {

    private static TestHost host;
    private static ModelFixtures model;
    private static CoreClient alice;
    private static CoreClient bob;
    private static CoreClient carol;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        model = new ModelFixtures(host);
        alice = CoreClient.create(host, "alice-t");
        bob = CoreClient.create(host, "bob-t");
        carol = CoreClient.create(host, "carol-t");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void personalTokenTypesAreInstantiatedOnlyByTheirOwner() {
        JsonNode aliceMe = alice.get("/core/me").json();
        long aliceType = aliceMe.path("token_type_id").asLong();
        long bobSet = bob.post("/core/token-sets", Map.of()).json().path("id").asLong();
        TestResponse refused = bob.post("/core/tokens", Map.of("token_type", aliceType, "set", bobSet));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.problemCode()).isEqualTo("core.token_type_not_usable");
        long aliceGroup = alice.post("/core/groups", Map.of("name", "alice-club")).json().path("id").asLong();
        long groupType = alice.get("/core/groups/" + aliceGroup).json().path("token_type_id").asLong();
        assertThat(bob.post("/core/tokens", Map.of("token_type", groupType, "set", bobSet)).problemCode())
                .isEqualTo("core.token_type_not_usable");
        long personalGroupType = model.count("SELECT token_type_id FROM core.user_group WHERE id = ?", aliceMe.path("personal_group_id").asLong());
        assertThat(bob.post("/core/tokens", Map.of("token_type", personalGroupType, "set", bobSet)).problemCode())
                .isEqualTo("core.token_type_not_usable");
        assertThat(model.count("SELECT count(*) FROM core.token_set_member WHERE set_id = ?", bobSet)).isZero();

        long aliceSet = alice.post("/core/token-sets", Map.of()).json().path("id").asLong();
        assertThat(alice.post("/core/tokens", Map.of("token_type", aliceType, "set", aliceSet)).status()).isEqualTo(201);
        assertThat(alice.post("/core/tokens", Map.of("token_type", groupType, "set", aliceSet)).status()).isEqualTo(201);
        // The system user type stays open to everyone.
        assertThat(bob.post("/core/tokens", Map.of("token_type", model.systemType("user"), "set", bobSet)).status()).isEqualTo(201);
        // A full admin may, for anyone.
        CoreClient operator = CoreClient.operator(host);
        long operatorSet = operator.post("/core/token-sets", Map.of()).json().path("id").asLong();
        assertThat(operator.post("/core/tokens", Map.of("token_type", aliceType, "set", operatorSet)).status()).isEqualTo(201);
    }

    @Test
    void everyUserHasTheirOwnTokenInAPersonalSet() {
        JsonNode me = carol.get("/core/me").json();
        long tokenId = me.path("token_id").asLong();
        long personalSet = me.path("personal_set_id").asLong();
        assertThat(tokenId).isPositive();
        assertThat(bob.get("/core/users/" + carol.userId()).json().path("token_id").asLong()).isEqualTo(tokenId);
        JsonNode token = carol.get("/core/tokens/" + tokenId).json();
        assertThat(token.path("owner_id").asLong()).isEqualTo(carol.userId());
        assertThat(token.path("token_type").asLong()).isEqualTo(me.path("token_type_id").asLong());
        assertThat(token.path("sets").get(0).asLong()).isEqualTo(personalSet);
        JsonNode set = carol.get("/core/token-sets/" + personalSet).json();
        assertThat(set.path("name").asText()).isEqualTo("carol-t's tokens");
        assertThat(set.path("owner_id").asLong()).isEqualTo(carol.userId());
        // Its personal group has a token too, in the same set; and a new group gets one in the owner's personal set.
        long personalGroupToken = carol.get("/core/groups/" + me.path("personal_group_id").asLong()).json().path("token_id").asLong();
        long club = carol.post("/core/groups", Map.of("name", "carol-club")).json().path("id").asLong();
        JsonNode clubView = carol.get("/core/groups/" + club).json();
        long clubToken = clubView.path("token_id").asLong();
        assertThat(model.count("SELECT count(*) FROM core.token_set_member WHERE set_id = ? AND token_id = ANY (?)", personalSet,
                new Long[] {tokenId, personalGroupToken, clubToken})).isEqualTo(3);
        assertThat(model.count("SELECT member_count FROM core.token_set WHERE id = ?", personalSet)).isEqualTo(3);
        JsonNode clubTokenView = carol.get("/core/tokens/" + clubToken).json();
        assertThat(clubTokenView.path("token_type").asLong()).isEqualTo(clubView.path("token_type_id").asLong());
        assertThat(clubTokenView.path("owner_id").asLong()).isEqualTo(carol.userId());
        // Groups carry image and docs.
        assertThat(clubTokenView.path("values").findValuesAsText("name")).contains("image", "docs");
        long docs = model.systemAttribute("docs");
        TestResponse written = carol.patch("/core/tokens/" + clubToken + "/values", Map.of("values", Map.of(String.valueOf(docs), "# Club\nRules.")));
        assertThat(written.status()).as(written.toString()).isEqualTo(200);
        // Asked for twice (and by someone else), the user still has one token.
        CoreClient dave = CoreClient.create(host, "dave-t");
        long daveToken = dave.get("/core/me").json().path("token_id").asLong();
        assertThat(dave.get("/core/me").json().path("token_id").asLong()).isEqualTo(daveToken);
        assertThat(bob.get("/core/users/" + dave.userId()).json().path("token_id").asLong()).isEqualTo(daveToken);
        assertThat(model.count("SELECT count(*) FROM core.token WHERE owner_id = ?", dave.userId())).isEqualTo(2);
    }

    @Test
    void theMigrationBackfillsUsersAndGroupsMadeBeforeIt() throws Exception {
        // A core user and a group as they were before V60: no token, no personal set.
        long erin = model.coreUser("erin-t");
        long group = model.group("erin-club", erin, erin);
        String migration;
        try (var in = getClass().getClassLoader().getResourceAsStream("db/platform/V60__core_user_and_group_tokens.sql")) {
            migration = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String backfill = migration.substring(migration.indexOf("DO $$"));
        model.database().inTransaction(c -> {
            try (var statement = c.createStatement()) {
                statement.execute(backfill);
            }
            return null;
        });
        long token = model.count("SELECT token_id FROM core.core_user WHERE id = ?", erin);
        long set = model.count("SELECT personal_set_id FROM core.core_user WHERE id = ?", erin);
        long groupToken = model.count("SELECT token_id FROM core.user_group WHERE id = ?", group);
        assertThat(model.count("SELECT type_id FROM core.token WHERE id = ?", token))
                .isEqualTo(model.count("SELECT token_type_id FROM core.core_user WHERE id = ?", erin));
        assertThat(model.count("SELECT owner_id FROM core.token WHERE id = ?", groupToken)).isEqualTo(erin);
        assertThat(model.count("SELECT count(*) FROM core.token_set_member WHERE set_id = ? AND token_id IN (?, ?)", set, token, groupToken))
                .isEqualTo(2);
        assertThat(model.count("SELECT member_count FROM core.token_set WHERE id = ?", set)).isEqualTo(2);
        // Run again, it changes nothing.
        long tokens = model.count("SELECT count(*) FROM core.token");
        model.database().inTransaction(c -> {
            try (var statement = c.createStatement()) {
                statement.execute(backfill);
            }
            return null;
        });
        assertThat(model.count("SELECT count(*) FROM core.token")).isEqualTo(tokens);
    }

    @Test
    void thePersonalGroupReadsAndItsAdminsWriteEveryValueOfTheUserToken() {
        JsonNode me = alice.get("/core/me").json();
        long aliceToken = me.path("token_id").asLong();
        long personalGroup = me.path("personal_group_id").asLong();
        long aliceType = me.path("token_type_id").asLong();
        // A private attribute on alice's type: readable by nobody's group but the owner, writable by a group alice is not in.
        long nobody = model.group("nobody-t", alice.userId());
        long privateAttribute = model.attribute(alice.userId(), "diary");
        model.database().inTransaction(c -> {
            ModelFixtures.execute(c, "UPDATE core.attribute SET read_user_groups = ARRAY[?]::bigint[], write_user_groups = ARRAY[?]::bigint[] WHERE id = ?",
                    nobody, nobody, privateAttribute);
            ModelFixtures.execute(c, "INSERT INTO core.token_type_attribute (type_id, attribute_id) VALUES (?, ?)", aliceType, privateAttribute);
            return null;
        });
        String key = String.valueOf(privateAttribute);
        // alice is admin of her personal group, so she writes it despite its write groups.
        TestResponse own = alice.patch("/core/tokens/" + aliceToken + "/values", Map.of("values", Map.of(key, "dear diary")));
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(bob.get("/core/tokens/" + aliceToken).json().toString()).doesNotContain("dear diary");
        assertThat(bob.patch("/core/tokens/" + aliceToken + "/values", Map.of("values", Map.of(key, "bob was here"))).status()).isEqualTo(403);

        // bob joins alice's personal group as a member: reads everything, writes nothing more.
        assertThat(alice.put("/core/groups/" + personalGroup + "/members/" + bob.userId()).status()).isEqualTo(204);
        assertThat(bob.get("/core/tokens/" + aliceToken).json().toString()).contains("dear diary");
        assertThat(bob.patch("/core/tokens/" + aliceToken + "/values", Map.of("values", Map.of(key, "bob was here"))).status()).isEqualTo(403);
        // ... as an admin: writes every value, public ones included.
        assertThat(alice.put("/core/groups/" + personalGroup + "/admins/" + bob.userId()).status()).isEqualTo(204);
        long name = model.systemAttribute("name");
        TestResponse byAdmin = bob.patch("/core/tokens/" + aliceToken + "/values",
                Map.of("values", Map.of(key, "bob was here", String.valueOf(name), "Alice")));
        assertThat(byAdmin.status()).as(byAdmin.toString()).isEqualTo(200);
        // Only on the user's own token: other tokens of alice stay hers.
        long aliceSet = alice.post("/core/token-sets", Map.of()).json().path("id").asLong();
        TestResponse otherCreated = alice.post("/core/tokens", Map.of("token_type", aliceType, "set", aliceSet));
        assertThat(otherCreated.status()).as(otherCreated.toString()).isEqualTo(201);
        long other = otherCreated.json().path("id").asLong();
        assertThat(bob.get("/core/tokens/" + other).json().path("values").findValuesAsText("attribute_id")).doesNotContain(key);
        assertThat(bob.get("/core/tokens/" + aliceToken).json().path("values").findValuesAsText("attribute_id")).contains(key);
        assertThat(bob.patch("/core/tokens/" + other + "/values", Map.of("values", Map.of(key, "x"))).status()).isEqualTo(403);
        // Carol, outside the group, still reads nothing private.
        assertThat(carol.get("/core/tokens/" + aliceToken).json().toString()).doesNotContain("bob was here");
    }
}
