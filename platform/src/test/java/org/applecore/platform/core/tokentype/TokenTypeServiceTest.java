package org.applecore.platform.core.tokentype;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.applecore.platform.core.ModelFixtures;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.attribute.Attribute;
import org.applecore.platform.core.attribute.AttributeService;
import org.applecore.platform.problem.ApiException;
import org.applecore.platform.testing.TestHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Token types through TokenTypeService on a real database: parents, cycles, required siblings, ownership. */
class TokenTypeServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestHost host;
    private static ModelFixtures fixtures;
    private static TokenTypeService service;
    private static AttributeService attributes;
    private static CoreCaller alice;
    private static CoreCaller bob;
    private static CoreCaller admin;
    private static long bobGroup;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        fixtures = new ModelFixtures(host);
        service = host.context().getBean(TokenTypeService.class);
        attributes = host.context().getBean(AttributeService.class);
        long aliceId = fixtures.coreUser("alice");
        long bobId = fixtures.coreUser("bob");
        bobGroup = fixtures.group("bob-only", bobId, bobId);
        alice = new CoreCaller(aliceId, "alice", false, Set.of());
        bob = new CoreCaller(bobId, "bob", false, Set.of(bobGroup));
        admin = new CoreCaller(fixtures.coreUser("root"), "root", true, Set.of());
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static long attribute(CoreCaller caller, String body) {
        return fixtures.database().inTransaction(c -> attributes.create(c, caller, json(body))).id();
    }

    private static long create(CoreCaller caller, String body) {
        return fixtures.database().inTransaction(c -> service.create(c, caller, json(body)));
    }

    private static void update(CoreCaller caller, long id, String body) {
        fixtures.database().inTransaction(c -> {
            service.update(c, caller, id, json(body));
            return null;
        });
    }

    private static JsonNode read(long id) {
        return fixtures.database().inTransaction(c -> service.json(c, id));
    }

    private static ApiException refusal(Runnable call) {
        try {
            call.run();
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("expected a refusal");
    }

    private static void refusedUpdate(CoreCaller caller, long id, String body, int status, String code) {
        JsonNode before = read(id);
        ApiException e = refusal(() -> update(caller, id, body));
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.status()).isEqualTo(status);
        assertThat(read(id)).isEqualTo(before);
    }

    private static void refusedCreate(CoreCaller caller, String body, int status, String code) {
        long before = fixtures.count("SELECT count(*) FROM core.token_type");
        ApiException e = refusal(() -> create(caller, body));
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.status()).isEqualTo(status);
        assertThat(fixtures.count("SELECT count(*) FROM core.token_type")).isEqualTo(before);
    }

    private static List<Long> ids(JsonNode array) {
        List<Long> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.path("id").isMissingNode() ? n.asLong() : n.path("id").asLong()));
        return ids;
    }

    @Test
    void inheritsAttributesThroughSeveralParents() {
        long color = attribute(alice, "{'name': 'inh-color', 'value': {'value_type': 'string', 'string_type': 'color'}}");
        long size = attribute(alice, "{'name': 'inh-size', 'value': {'value_type': 'numeric'}}");
        long weight = attribute(alice, "{'name': 'inh-weight', 'value': {'value_type': 'numeric'}}");
        long colored = create(alice, "{'name': 'colored', 'attributes': [" + color + "]}");
        long sized = create(alice, "{'name': 'sized', 'attributes': [" + size + "]}");
        long user = fixtures.systemType("user");
        long both = create(alice, "{'name': 'both', 'parents': [" + colored + ", " + sized + ", " + user + "], 'attributes': [" + weight + "]}");
        JsonNode view = read(both);
        assertThat(ids(view.path("parents"))).containsExactly(colored, sized, user);
        assertThat(ids(view.path("attributes"))).containsExactly(weight);
        assertThat(ids(view.path("effective_attributes"))).contains(color, size, weight, fixtures.systemAttribute("email"),
                fixtures.systemAttribute("created"));
        assertThat(ids(view.path("lineage")).getLast()).isEqualTo(both);
        assertThat(view.path("owner_id").asLong()).isEqualTo(alice.userId());
        assertThat(view.path("kind").asText()).isEqualTo("plain");

        // Dropping a parent drops what came through it.
        update(alice, both, "{'parents': [" + sized + "]}");
        assertThat(ids(read(both).path("effective_attributes"))).contains(size, weight).doesNotContain(color);
    }

    @Test
    void parentsMustBeOwnOrSystemTypesButNotPersonalOnes() {
        long bobs = create(bob, "{'name': 'bobs'}");
        refusedCreate(alice, "{'name': 'child-of-bobs', 'parents': [" + bobs + "]}", 400, "core.parent_not_allowed");
        long alicePersonal = fixtures.count("SELECT token_type_id FROM core.core_user WHERE id = ?", alice.userId());
        refusedCreate(alice, "{'name': 'child-of-me', 'parents': [" + alicePersonal + "]}", 400, "core.parent_not_allowed");
        refusedCreate(alice, "{'name': 'child-of-none', 'parents': [999999]}", 400, "core.unknown_token_type");
        create(alice, "{'name': 'child-of-group', 'parents': [" + fixtures.systemType("group") + "]}");
        create(admin, "{'name': 'admin-child-of-bobs', 'parents': [" + bobs + "]}");
    }

    @Test
    void attributesMustBeUsableByTheCaller() {
        long bobsOnly = attribute(bob, "{'name': 'bobs-only', 'value': {'value_type': 'json'}, "
                + "'permissions': {'owner_user_groups': [" + bobGroup + "]}}");
        refusedCreate(alice, "{'name': 'uses-bobs', 'attributes': [" + bobsOnly + "]}", 403, "core.attribute_not_usable");
        refusedCreate(alice, "{'name': 'uses-none', 'attributes': [999999]}", 400, "core.unknown_attribute");
        create(bob, "{'name': 'bob-uses', 'attributes': [" + bobsOnly + "]}");
        long open = attribute(bob, "{'name': 'bobs-open', 'value': {'value_type': 'json'}}");
        create(alice, "{'name': 'uses-open', 'attributes': [" + open + "]}");
    }

    @Test
    void requiredSiblingsMayBeMetThroughAttributeAndTypeAncestry() {
        long base = attribute(alice, "{'name': 'rs-base', 'value': {'value_type': 'json'}}");
        long derived = attribute(alice, "{'name': 'rs-derived', 'parent_id': " + base + ", 'value': {'value_type': 'json'}}");
        long needy = attribute(alice, "{'name': 'rs-needy', 'value': {'value_type': 'json'}, 'required_siblings': [" + base + "]}");
        ApiException missing = refusal(() -> create(alice, "{'name': 'lonely', 'attributes': [" + needy + "]}"));
        assertThat(missing.code()).isEqualTo("core.required_sibling_missing");
        assertThat(missing.getMessage()).contains("rs-needy");
        // A descendant of the required attribute counts.
        create(alice, "{'name': 'with-derived', 'attributes': [" + needy + ", " + derived + "]}");
        // So does an inherited one.
        long parent = create(alice, "{'name': 'has-base', 'attributes': [" + base + "]}");
        long child = create(alice, "{'name': 'inherits-base', 'parents': [" + parent + "], 'attributes': [" + needy + "]}");
        // The parent may not drop what its child relies on.
        refusedUpdate(alice, parent, "{'attributes': []}", 409, "core.required_sibling_missing");
        // Nor may the child lose the parent.
        refusedUpdate(alice, child, "{'parents': []}", 400, "core.required_sibling_missing");
        // Nor may an attribute gain a requirement its types do not meet.
        long other = attribute(alice, "{'name': 'rs-other', 'value': {'value_type': 'json'}}");
        ApiException broken = refusal(() -> fixtures.database().inTransaction(c -> attributes.update(c, alice, needy,
                json("{'required_siblings': [" + base + ", " + other + "]}"))));
        assertThat(broken.code()).isEqualTo("core.required_sibling_missing");
        Attribute unchanged = fixtures.database().inTransaction(c -> attributes.get(c, needy));
        assertThat(unchanged.requiredSiblings()).containsExactly(base);
    }

    @Test
    void cyclesAreRefusedNamingTheCycle() {
        long a = create(alice, "{'name': 'a'}");
        long b = create(alice, "{'name': 'b', 'parents': [" + a + "]}");
        long c = create(alice, "{'name': 'c', 'parents': [" + b + "]}");

        ApiException self = refusal(() -> update(alice, a, "{'parents': [" + a + "]}"));
        assertThat(self.code()).isEqualTo("core.type_cycle");
        assertThat(self.status()).isEqualTo(400);
        assertThat(self.getMessage()).contains("a(" + a + ") → a(" + a + ")");

        ApiException direct = refusal(() -> update(alice, a, "{'parents': [" + b + "]}"));
        assertThat(direct.getMessage()).contains("a(" + a + ") → b(" + b + ") → a(" + a + ")");

        ApiException indirect = refusal(() -> update(alice, a, "{'parents': [" + c + "]}"));
        assertThat(indirect.getMessage()).contains("a(" + a + ") → c(" + c + ") → b(" + b + ") → a(" + a + ")");
        refusedUpdate(alice, a, "{'parents': [" + c + "]}", 400, "core.type_cycle");
        assertThat(ids(read(a).path("parents"))).isEmpty();
    }

    @Test
    void concurrentChangesCannotTogetherMakeACycle() throws Exception {
        for (int round = 0; round < 5; round++) {
            long x = create(alice, "{'name': 'x" + round + "'}");
            long y = create(alice, "{'name': 'y" + round + "'}");
            CountDownLatch start = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                Future<Boolean> first = pool.submit(() -> {
                    start.await();
                    try {
                        update(alice, x, "{'parents': [" + y + "]}");
                        return true;
                    } catch (ApiException e) {
                        assertThat(e.code()).isEqualTo("core.type_cycle");
                        return false;
                    }
                });
                Future<Boolean> second = pool.submit(() -> {
                    start.await();
                    try {
                        update(alice, y, "{'parents': [" + x + "]}");
                        return true;
                    } catch (ApiException e) {
                        assertThat(e.code()).isEqualTo("core.type_cycle");
                        return false;
                    }
                });
                start.countDown();
                assertThat(first.get() ^ second.get()).as("exactly one succeeds in round " + round).isTrue();
            }
            long edges = fixtures.count("SELECT count(*) FROM core.token_type_parent WHERE type_id IN (?, ?)", x, y);
            assertThat(edges).isEqualTo(1);
        }
    }

    @Test
    void othersCannotChangeOrDeleteATypeAndSystemTypesStayAsTheyAre() {
        long mine = create(alice, "{'name': 'mine'}");
        refusedUpdate(bob, mine, "{'name': 'stolen'}", 403, "core.not_owner");
        ApiException delete = refusal(() -> fixtures.database().inTransaction(c -> {
            service.delete(c, bob, mine);
            return null;
        }));
        assertThat(delete.code()).isEqualTo("core.not_owner");
        assertThat(read(mine).path("name").asText()).isEqualTo("mine");
        long user = fixtures.systemType("user");
        refusedUpdate(admin, user, "{'name': 'person'}", 403, "core.system_token_type_immutable");
        update(admin, mine, "{'name': 'renamed-by-admin'}");
        assertThat(read(mine).path("name").asText()).isEqualTo("renamed-by-admin");
    }

    @Test
    void personalTypesTakeOnlyNonSystemAttributesFromTheirOwner() {
        long personal = fixtures.count("SELECT token_type_id FROM core.core_user WHERE id = ?", alice.userId());
        long hobby = attribute(alice, "{'name': 'hobby', 'value': {'value_type': 'string'}}");
        update(alice, personal, "{'attributes': [" + hobby + "]}");
        assertThat(ids(read(personal).path("attributes"))).containsExactly(hobby);
        refusedUpdate(alice, personal, "{'name': 'me'}", 400, "core.token_type_managed");
        refusedUpdate(alice, personal, "{'attributes': [" + fixtures.systemAttribute("email") + "]}", 400, "core.attribute_not_usable");
        refusedUpdate(bob, personal, "{'attributes': []}", 403, "core.not_owner");
        ApiException delete = refusal(() -> fixtures.database().inTransaction(c -> {
            service.delete(c, alice, personal);
            return null;
        }));
        assertThat(delete.code()).isEqualTo("core.token_type_managed");
    }

    @Test
    void deleteIsRefusedWhileInUse() {
        long parent = create(alice, "{'name': 'del-parent'}");
        long child = create(alice, "{'name': 'del-child', 'parents': [" + parent + "]}");
        ApiException inUse = refusal(() -> fixtures.database().inTransaction(c -> {
            service.delete(c, alice, parent);
            return null;
        }));
        assertThat(inUse.code()).isEqualTo("core.token_type_in_use");
        fixtures.database().inTransaction(c -> {
            ModelFixtures.insertId(c, "INSERT INTO core.token (type_id, owner_id) VALUES (?, ?) RETURNING id", child, alice.userId());
            return null;
        });
        ApiException tokens = refusal(() -> fixtures.database().inTransaction(c -> {
            service.delete(c, alice, child);
            return null;
        }));
        assertThat(tokens.code()).isEqualTo("core.token_type_in_use");
        assertThat(tokens.status()).isEqualTo(409);
        long free = create(alice, "{'name': 'del-free'}");
        fixtures.database().inTransaction(c -> {
            service.delete(c, alice, free);
            return null;
        });
        ApiException gone = refusal(() -> read(free));
        assertThat(gone.code()).isEqualTo("core.token_type_not_found");
        assertThat(gone.status()).isEqualTo(404);
    }

    @Test
    void requestShapesAreCheckedStrictly() {
        refusedCreate(alice, "{'name': ''}", 400, "core.invalid_request");
        refusedCreate(alice, "{'name': 't', 'parents': 'x'}", 400, "core.invalid_request");
        refusedCreate(alice, "{'name': 't', 'parents': [1, 1]}", 400, "core.invalid_request");
        refusedCreate(alice, "{'name': 't', 'attributes': [-1]}", 400, "core.invalid_request");
        refusedCreate(alice, "{'name': 't', 'owner': 3}", 400, "core.unknown_field");
        assertThatThrownBy(() -> create(alice, "[]")).isInstanceOf(ApiException.class);
    }
}
