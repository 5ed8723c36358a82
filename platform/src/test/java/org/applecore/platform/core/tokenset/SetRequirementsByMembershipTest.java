package org.applecore.platform.core.tokenset;

import org.applecore.platform.core.ModelFixtures;
import org.applecore.platform.core.SetsFixtures;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.attribute.AttributeCatalog;
import org.applecore.platform.core.permission.AttributePermissions;
import org.applecore.platform.core.permission.AttributePermissions.TokenRef;
import org.applecore.platform.core.permission.SetRequirements;
import org.applecore.platform.testing.TestHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Set requirements over real memberships: present in some set of the token, in one set for all, defaults, nulls. */
class SetRequirementsByMembershipTest {

    private static TestHost host;
    private static SetsFixtures f;
    private static SetRequirements requirements;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        f = new SetsFixtures(host);
        requirements = host.context().getBean(SetRequirements.class);
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    private static boolean satisfied(long token, Long... required) {
        return f.database().inTransaction(c -> requirements.satisfied(c, token, List.of(required)));
    }

    @Test
    void aRequiredAttributeMustBePresentOnSomeTokenOfOneOfTheTokensSets() {
        CoreCaller owner = f.user("req-owner");
        long badge = f.model().attribute(owner.userId(), "badge");
        long pass = f.model().attribute(owner.userId(), "pass");
        long holder = f.typeWith(owner, "holder", badge, pass);
        long plain = f.typeWith(owner, "plain");
        long room = f.set(owner);
        long hall = f.set(owner);

        long visitor = f.token(owner, plain, room);
        assertThat(satisfied(visitor, badge)).isFalse();
        long badgeHolder = f.token(owner, holder, room, Map.of(badge, "gold"));
        assertThat(satisfied(visitor, badge)).isTrue();
        assertThat(satisfied(badgeHolder, badge)).isTrue();
        assertThat(satisfied(visitor, badge, pass)).isFalse();

        // Both present, but in different sets of the token: not enough.
        long passHolder = f.token(owner, holder, hall, Map.of(pass, 1));
        f.op(owner, "{\"operation\":\"combine\",\"source_set\":" + room + ",\"destination_set\":" + hall + "}");
        long wanderer = f.token(owner, plain, f.set(owner));
        assertThat(satisfied(wanderer, badge)).isFalse();
        assertThat(satisfied(visitor, badge, pass)).isTrue();
        assertThat(passHolder).isPositive();

        // A JSON null value is not presence.
        long nullRoom = f.set(owner);
        long nobody = f.token(owner, holder, nullRoom, java.util.Collections.singletonMap(badge, null));
        assertThat(satisfied(nobody, badge)).isFalse();
    }

    @Test
    void aNonNullDefaultCountsForTokensWhoseTypeHasTheAttribute() {
        CoreCaller owner = f.user("req-default");
        long level = f.database().inTransaction(c -> ModelFixtures.insertId(c,
                "INSERT INTO core.attribute (owner_id, name, value_type, default_value) VALUES (?, 'level', 'json', '3') RETURNING id",
                owner.userId()));
        long leveled = f.typeWith(owner, "leveled", level);
        long child = f.subtype(owner, "leveled-child", leveled);
        long plain = f.typeWith(owner, "plain");
        long set = f.set(owner);
        long token = f.token(owner, plain, set);
        assertThat(satisfied(token, level)).isFalse();
        f.token(owner, child, set);
        assertThat(satisfied(token, level)).isTrue();
    }

    @Test
    void readPermissionsFollowSetRequirements() {
        CoreCaller owner = f.user("req-perm");
        CoreCaller reader = f.user("req-reader");
        long key = f.model().attribute(owner.userId(), "key");
        long diary = f.model().attribute(owner.userId(), "diary");
        f.database().inTransaction(c -> {
            ModelFixtures.execute(c, "UPDATE core.attribute SET read_set_requirements = ARRAY[?]::bigint[] WHERE id = ?", key, diary);
            return null;
        });
        long type = f.typeWith(owner, "book", key, diary);
        long shelf = f.set(owner);
        long book = f.token(owner, type, shelf, Map.of(diary, "dear diary"));
        AttributePermissions permissions = host.context().getBean(AttributePermissions.class);
        AttributeCatalog catalog = host.context().getBean(AttributeCatalog.class);
        boolean before = f.database().inTransaction(c -> permissions.canRead(c, reader, new TokenRef(book, owner.userId()), catalog.require(c, diary)));
        f.token(owner, type, shelf, Map.of(key, true));
        boolean after = f.database().inTransaction(c -> permissions.canRead(c, reader, new TokenRef(book, owner.userId()), catalog.require(c, diary)));
        assertThat(before).isFalse();
        assertThat(after).isTrue();
    }
}
