package org.applecore.platform.core.setop;

import org.applecore.platform.core.SetsFixtures;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.typegroup.TypeGroup;
import org.applecore.platform.problem.ApiException;
import org.applecore.platform.testing.TestHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Set operations through the service, on a real database: effects, amounts, filters, refusals that change nothing. */
class SetOperationsTest {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static TestHost host;
    private static SetsFixtures f;
    private static long allowsSet;
    private static long allowsSetOperation;
    private static long attributeFilter;

    private CoreCaller alice;
    private CoreCaller bob;
    private long type;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        f = new SetsFixtures(host);
        allowsSet = f.model().systemAttribute("allows_set");
        allowsSetOperation = f.model().systemAttribute("allows_set_operation");
        attributeFilter = f.model().systemAttribute("attribute_filter");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @BeforeEach
    void users() {
        int n = NAMES.incrementAndGet();
        alice = f.user("alice" + n);
        bob = f.user("bob" + n);
        type = f.typeWith(alice, "coin" + n);
    }

    private static void assertRefused(Runnable action, int status, String code) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.status()).isEqualTo(status);
        });
    }

    @Test
    void combineAddsTheTokensOfBothSourcesToTheDestinationAndLeavesTheSourcesAlone() {
        long a = f.set(alice);
        long b = f.set(alice);
        long d = f.set(alice);
        List<Long> inA = f.tokens(alice, type, a, 3);
        List<Long> inB = f.tokens(alice, type, b, 2);

        SetOperationResult result = f.op(alice, "{\"operation\":\"combine\",\"source_set\":" + a + ",\"second_source_set\":" + b
                + ",\"destination_set\":" + d + "}");

        assertThat(result.added()).isEqualTo(5);
        assertThat(f.members(d)).containsExactlyElementsOf(concat(inA, inB));
        assertThat(f.members(a)).containsExactlyElementsOf(inA);
        assertThat(f.members(b)).containsExactlyElementsOf(inB);
        assertThat(f.memberCount(d)).isEqualTo(5);
        // Adding again adds nothing and keeps the count exact.
        assertThat(f.op(alice, "{\"operation\":\"add\",\"source_set\":" + a + ",\"destination_set\":" + d + "}").added()).isZero();
        assertThat(f.memberCount(d)).isEqualTo(5);
    }

    @Test
    void removeMovesTheSelectedTokensFromTheSourceToTheDestination() {
        long a = f.set(alice);
        long d = f.set(alice);
        List<Long> tokens = f.tokens(alice, type, a, 4);

        SetOperationResult result = f.op(alice, "{\"operation\":\"remove\",\"source_set\":" + a + ",\"destination_set\":" + d + "}");

        assertThat(result.moved()).isEqualTo(4);
        assertThat(f.members(a)).isEmpty();
        assertThat(f.members(d)).containsExactlyElementsOf(tokens);
        assertThat(f.memberCount(a)).isZero();
        assertThat(f.memberCount(d)).isEqualTo(4);
        assertRefused(() -> f.op(alice, "{\"operation\":\"remove\",\"source_set\":" + d + ",\"destination_set\":" + d + "}"),
                400, "core.same_source_and_destination");
    }

    @Test
    void deleteSetIsRefusedWhileATokenWouldBeLeftInNoSet() {
        long a = f.set(alice);
        long other = f.set(alice);
        long shared = f.token(alice, type, a);
        long onlyHere = f.token(alice, type, a);
        f.op(alice, "{\"operation\":\"combine\",\"source_set\":" + a + ",\"destination_set\":" + other + "}");
        f.op(alice, "{\"operation\":\"remove\",\"source_set\":" + other + ",\"destination_set\":" + a + "}");
        // now both tokens are only in a; put one back into other
        long keep = f.set(alice);
        f.op(alice, "{\"operation\":\"combine\",\"source_set\":" + a + ",\"destination_set\":" + keep + "}");
        long lonely = f.set(alice);
        long solo = f.token(alice, type, lonely);

        assertRefused(() -> f.op(alice, "{\"operation\":\"delete_set\",\"source_set\":" + lonely + "}"), 409, "core.set_delete_would_orphan");
        assertThat(f.members(lonely)).containsExactly(solo);

        SetOperationResult deleted = f.op(alice, "{\"operation\":\"delete_set\",\"source_set\":" + a + "}");
        assertThat(deleted.removed()).isEqualTo(2);
        assertThat(f.count("SELECT count(*) FROM core.token_set WHERE id = ?", a)).isZero();
        assertThat(f.members(keep)).containsExactly(shared, onlyHere);
    }

    @Test
    void typeGroupAmountsAreTheMinimumElseTheMaximumElseAll() {
        long sub = f.subtype(alice, "sub-" + alice.username(), type);
        long a = f.set(alice);
        List<Long> plain = f.tokens(alice, type, a, 3);
        List<Long> subs = f.tokens(alice, sub, a, 3);

        long min2 = f.typeGroup(alice, List.of(new TypeGroup.Member(type, 2L, 5L)), Map.of());
        long d1 = f.set(alice);
        f.op(alice, op("combine", a, d1, min2));
        assertThat(f.members(d1)).containsExactly(plain.get(0), plain.get(1));

        long max4 = f.typeGroup(alice, List.of(new TypeGroup.Member(type, null, 4L)), Map.of());
        long d2 = f.set(alice);
        f.op(alice, op("combine", a, d2, max4));
        assertThat(f.members(d2)).containsExactlyElementsOf(concat(plain, subs.subList(0, 1)));

        long all = f.typeGroup(alice, List.of(new TypeGroup.Member(sub, null, null)), Map.of());
        long d3 = f.set(alice);
        f.op(alice, op("combine", a, d3, all));
        assertThat(f.members(d3)).containsExactlyElementsOf(subs);

        long tooMany = f.typeGroup(alice, List.of(new TypeGroup.Member(sub, null, null), new TypeGroup.Member(type, 7L, null)), Map.of());
        long d4 = f.set(alice);
        assertRefused(() -> f.op(alice, op("remove", a, d4, tooMany)), 409, "core.insufficient_tokens");
        assertThat(f.members(d4)).isEmpty();
        assertThat(f.members(a)).hasSize(6);
    }

    @Test
    void attributeFilterSelectsOnlyTokensWithATruthyValueOfTheNamedAttribute() {
        long flag = f.model().attribute(alice.userId(), "shiny-" + alice.username());
        long shinyType = f.typeWith(alice, "shiny-type-" + alice.username(), flag);
        long a = f.set(alice);
        long shiny = f.token(alice, shinyType, a, Map.of(flag, true));
        f.token(alice, shinyType, a, Map.of(flag, 0));
        f.token(alice, shinyType, a);
        long group = f.typeGroup(alice, List.of(new TypeGroup.Member(shinyType, null, null)), Map.of(attributeFilter, flag));
        long d = f.set(alice);

        f.op(alice, op("combine", a, d, group));

        assertThat(f.members(d)).containsExactly(shiny);
        long broken = f.typeGroup(alice, List.of(new TypeGroup.Member(shinyType, null, null)), Map.of(attributeFilter, "nope"));
        assertRefused(() -> f.op(alice, op("combine", a, d, broken)), 422, "core.invalid_attribute_filter");
    }

    @Test
    void allowsSetRules() {
        long aliceSet = f.set(alice);
        long bobSet = f.set(bob);
        f.token(alice, type, aliceSet);
        f.token(alice, type, aliceSet, Map.of(allowsSet, true));
        long closed = f.token(alice, type, aliceSet, Map.of(allowsSet, true));
        // Bob cannot read alice's set; combine by bob needs his own sets. Alice moves into her own sets freely:
        long aliceOther = f.set(alice);
        assertThat(f.op(alice, "{\"operation\":\"combine\",\"source_set\":" + aliceSet + ",\"destination_set\":" + aliceOther + "}").added())
                .isEqualTo(3);

        // Into bob's set: only tokens with a truthy allows_set, and only bob (the set's owner) or a full admin may add.
        assertRefused(() -> f.op(alice, "{\"operation\":\"combine\",\"source_set\":" + aliceSet + ",\"destination_set\":" + bobSet + "}"),
                404, "core.token_set_not_found");
        CoreCaller admin = f.admin("admin-" + alice.username());
        assertThat(f.op(admin, "{\"operation\":\"combine\",\"source_set\":" + aliceSet + ",\"destination_set\":" + bobSet + "}").added())
                .isEqualTo(3);

        // A falsy allows_set stops even the owner.
        f.database().inTransaction(c -> {
            try (var s = c.prepareStatement("UPDATE core.token_value SET value = 'false' WHERE token_id = ? AND attribute_id = ?")) {
                s.setLong(1, closed);
                s.setLong(2, allowsSet);
                s.executeUpdate();
            }
            return null;
        });
        long third = f.set(alice);
        assertRefused(() -> f.op(alice, "{\"operation\":\"combine\",\"source_set\":" + aliceSet + ",\"destination_set\":" + third + "}"),
                403, "core.set_addition_refused");
        assertRefused(() -> f.op(admin, "{\"operation\":\"combine\",\"source_set\":" + aliceSet + ",\"destination_set\":" + third + "}"),
                403, "core.set_addition_refused");
        assertThat(f.members(third)).isEmpty();
    }

    @Test
    void allowsSetOperationFalsyStopsEveryOperationUsingTheSet() {
        long a = f.set(alice);
        long d = f.set(alice);
        f.tokens(alice, type, a, 2);
        f.setValue(alice, d, allowsSetOperation, 0);
        assertRefused(() -> f.op(alice, "{\"operation\":\"combine\",\"source_set\":" + a + ",\"destination_set\":" + d + "}"),
                409, "core.set_operation_not_allowed");
        assertThat(f.members(d)).isEmpty();
        f.setValue(alice, d, allowsSetOperation, "yes");
        assertThat(f.op(alice, "{\"operation\":\"combine\",\"source_set\":" + a + ",\"destination_set\":" + d + "}").added()).isEqualTo(2);
        f.setValue(alice, a, allowsSetOperation, false);
        assertRefused(() -> f.op(alice, "{\"operation\":\"delete_set\",\"source_set\":" + a + "}"), 409, "core.set_operation_not_allowed");
    }

    @Test
    void editAttributeSetsTheValueOnEverySelectedTokenOrOnNone() {
        long color = f.model().attribute(alice.userId(), "color-" + alice.username());
        long colored = f.typeWith(alice, "colored-" + alice.username(), color);
        long a = f.set(alice);
        List<Long> tokens = f.tokens(alice, colored, a, 3);

        SetOperationResult result = f.op(alice, "{\"operation\":\"edit_attribute\",\"source_set\":" + a + ",\"attribute\":" + color
                + ",\"value\":\"red\"}");
        assertThat(result.edited()).isEqualTo(3);
        for (long token : tokens) {
            assertThat(f.storedValue(token, color)).isEqualTo("\"red\"");
        }

        // A token of another type in the set makes the whole edit fail.
        long plain = f.token(alice, type, a);
        assertRefused(() -> f.op(alice, "{\"operation\":\"edit_attribute\",\"source_set\":" + a + ",\"attribute\":" + color
                + ",\"value\":\"blue\"}"), 422, "core.attribute_not_on_type");
        assertThat(f.storedValue(tokens.getFirst(), color)).isEqualTo("\"red\"");
        assertThat(f.storedValue(plain, color)).isNull();
    }

    @Test
    void changeOwnerNeedsTheCallerToOwnEveryToken() {
        long a = f.set(alice);
        List<Long> tokens = f.tokens(alice, type, a, 2);

        SetOperationResult result = f.op(alice, "{\"operation\":\"change_owner\",\"source_set\":" + a + ",\"new_owner\":" + bob.userId() + "}");
        assertThat(result.ownerChanged()).isEqualTo(2);
        assertThat(f.count("SELECT count(*) FROM core.token WHERE owner_id = ? AND id = ANY (?)", bob.userId(), tokens.toArray(Long[]::new)))
                .isEqualTo(2);

        // Now alice's set holds bob's tokens: alice may not give them away again.
        assertRefused(() -> f.op(alice, "{\"operation\":\"change_owner\",\"source_set\":" + a + ",\"new_owner\":" + alice.userId() + "}"),
                403, "core.not_token_owner");
        assertThat(f.count("SELECT count(*) FROM core.token WHERE owner_id = ? AND id = ANY (?)", bob.userId(), tokens.toArray(Long[]::new)))
                .isEqualTo(2);
    }

    @Test
    void createSetMakesAnEmptySetOwnedByTheCaller() {
        SetOperationResult result = f.op(alice, "{\"operation\":\"create_set\",\"name\":\"fresh\"}");
        assertThat(f.count("SELECT owner_id FROM core.token_set WHERE id = ?", result.setId())).isEqualTo(alice.userId());
        assertThat(f.memberCount(result.setId())).isZero();
    }

    @Test
    void requestsWithMissingOrForeignFieldsAreRefused() {
        assertRefused(() -> f.op(alice, "{\"operation\":\"remove\",\"source_set\":1}"), 400, "core.invalid_request");
        assertRefused(() -> f.op(alice, "{\"operation\":\"delete_set\",\"source_set\":1,\"destination_set\":2}"), 400, "core.invalid_request");
        assertRefused(() -> f.op(alice, "{\"operation\":\"explode\"}"), 400, "core.invalid_request");
        assertRefused(() -> f.op(alice, "{\"operation\":\"combine\",\"source_set\":\"x\",\"destination_set\":2}"), 400, "core.invalid_request");
    }

    private static String op(String operation, long a, long d, long typeGroup) {
        return "{\"operation\":\"" + operation + "\",\"source_set\":" + a + ",\"destination_set\":" + d + ",\"type_group\":" + typeGroup + "}";
    }

    private static List<Long> concat(List<Long> first, List<Long> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
