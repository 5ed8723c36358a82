package org.applecore.platform.core.tokentype;

import org.applecore.platform.core.ModelFixtures;
import org.applecore.platform.core.attribute.Attribute;
import org.applecore.platform.core.attribute.AttributeCatalog;
import org.applecore.platform.problem.ApiException;
import org.applecore.platform.testing.TestHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TokenTypes and AttributeCatalog on a real database: lineage order, descendants, inherited attributes. */
class TokenTypesLineageTest {

    private static TestHost host;
    private static ModelFixtures fixtures;
    private static TokenTypes types;
    private static AttributeCatalog catalog;
    private static long owner;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        fixtures = new ModelFixtures(host);
        types = host.context().getBean(TokenTypes.class);
        catalog = host.context().getBean(AttributeCatalog.class);
        owner = fixtures.coreUser("lineage-owner");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void lineageListsAncestorsFarthestFirstFollowingParentPositions() {
        // Diamond: d has parents [b, c]; b and c both have parent a; c also has parent x.
        long a = fixtures.tokenType(owner, "a", List.of(), List.of());
        long x = fixtures.tokenType(owner, "x", List.of(), List.of());
        long b = fixtures.tokenType(owner, "b", List.of(a), List.of());
        long c = fixtures.tokenType(owner, "c", List.of(x, a), List.of());
        long d = fixtures.tokenType(owner, "d", List.of(b, c), List.of());

        List<Long> lineage = fixtures.database().inTransaction(connection -> types.lineage(connection, d));
        assertThat(lineage).containsExactly(a, b, x, c, d);
        List<Long> rootLineage = fixtures.database().inTransaction(connection -> types.lineage(connection, a));
        assertThat(rootLineage).containsExactly(a);
        Set<Long> fromRoot = fixtures.database().inTransaction(connection -> types.selfAndDescendants(connection, a));
        assertThat(fromRoot).containsExactly(a, b, c, d);
        Set<Long> fromLeaf = fixtures.database().inTransaction(connection -> types.selfAndDescendants(connection, d));
        assertThat(fromLeaf).containsExactly(d);
    }

    @Test
    void effectiveAttributesAreTheFlagsThenInheritedThenOwnEachOnce() {
        long color = fixtures.attribute(owner, "eff-color");
        long size = fixtures.attribute(owner, "eff-size");
        long weight = fixtures.attribute(owner, "eff-weight");
        long left = fixtures.tokenType(owner, "left", List.of(), List.of(color));
        long right = fixtures.tokenType(owner, "right", List.of(), List.of(size, color));
        long child = fixtures.tokenType(owner, "child", List.of(left, right), List.of(weight));

        List<String> names = fixtures.database().inTransaction(connection -> types.effectiveAttributes(connection, child))
                .stream().map(Attribute::name).toList();
        assertThat(names).containsExactly("created", "allows_set", "allows_set_operation", "attribute_filter",
                "eff-color", "eff-size", "eff-weight");
    }

    @Test
    void systemUserTypeCarriesIdentificationAttributes() {
        long user = fixtures.systemType("user");
        List<String> names = fixtures.database().inTransaction(connection -> types.effectiveAttributes(connection, user))
                .stream().map(Attribute::name).toList();
        assertThat(names).contains("name", "email", "tag:user", "created").doesNotContain("tag");
    }

    @Test
    void unknownTypeAndAttributeAnswerNotFound() {
        assertThatThrownBy(() -> fixtures.database().inTransaction(connection -> types.require(connection, 999_999)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("core.token_type_not_found"));
        assertThatThrownBy(() -> fixtures.database().inTransaction(connection -> types.lineage(connection, 999_999)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> fixtures.database().inTransaction(connection -> catalog.require(connection, 999_999)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("core.attribute_not_found"));
    }

    @Test
    void catalogReadsSystemAttributesWithTheirRules() {
        Attribute created = fixtures.database().inTransaction(connection -> catalog.system(connection, "created"));
        assertThat(created.system()).isTrue();
        assertThat(created.ownerId()).isNull();
        assertThat(created.allowNull()).isFalse();
        assertThat(created.defaultValue().asBoolean()).isTrue();
        Attribute tagUser = fixtures.database().inTransaction(connection -> catalog.system(connection, "tag:user"));
        Attribute tag = fixtures.database().inTransaction(connection -> catalog.system(connection, "tag"));
        assertThat(tagUser.parentId()).isEqualTo(tag.id());
        assertThat(tag.writeUserGroups()).containsExactly(fixtures.systemGroup("full_admin_user"));
        Map<Long, Attribute> found = fixtures.database().inTransaction(connection -> catalog.findAll(connection, List.of(tag.id(), 999_999L)));
        assertThat(found).containsOnlyKeys(tag.id());
    }
}
