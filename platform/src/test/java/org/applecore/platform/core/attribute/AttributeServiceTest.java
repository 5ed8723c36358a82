package org.applecore.platform.core.attribute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.applecore.platform.core.ModelFixtures;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.paging.IdCursor;
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

/** Attribute definitions through AttributeService on a real database, each refusal leaving the row as it was. */
class AttributeServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestHost host;
    private static ModelFixtures fixtures;
    private static AttributeService service;
    private static CoreCaller alice;
    private static CoreCaller bob;
    private static CoreCaller admin;
    private static long aliceGroup;
    private static long bobGroup;
    private static long shared;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        fixtures = new ModelFixtures(host);
        service = host.context().getBean(AttributeService.class);
        long aliceId = fixtures.coreUser("alice");
        long bobId = fixtures.coreUser("bob");
        long adminId = fixtures.coreUser("root");
        aliceGroup = fixtures.group("alice-friends", aliceId, aliceId);
        bobGroup = fixtures.group("bob-friends", bobId, bobId);
        shared = fixtures.group("shared", bobId, aliceId, bobId);
        alice = new CoreCaller(aliceId, "alice", false, Set.of(aliceGroup, shared));
        bob = new CoreCaller(bobId, "bob", false, Set.of(bobGroup, shared));
        admin = new CoreCaller(adminId, "root", true, Set.of());
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

    private static Attribute create(CoreCaller caller, String body) {
        return fixtures.database().inTransaction(connection -> service.create(connection, caller, json(body)));
    }

    private static Attribute update(CoreCaller caller, long id, String body) {
        return fixtures.database().inTransaction(connection -> service.update(connection, caller, id, json(body)));
    }

    private static Attribute read(long id) {
        return fixtures.database().inTransaction(connection -> service.get(connection, id));
    }

    private static void refused(Runnable call, int status, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.status()).isEqualTo(status);
        });
    }

    private static void refusedCreate(CoreCaller caller, String body, int status, String code) {
        long before = fixtures.count("SELECT count(*) FROM core.attribute");
        refused(() -> create(caller, body), status, code);
        assertThat(fixtures.count("SELECT count(*) FROM core.attribute")).isEqualTo(before);
    }

    /** Refused, and the attribute reads exactly as before. */
    private static void refusedUpdate(CoreCaller caller, long id, String body, int status, String code) {
        Attribute before = read(id);
        refused(() -> update(caller, id, body), status, code);
        assertThat(read(id)).isEqualTo(before);
    }

    @Test
    void createsWithEveryFieldAndReadsItBack() {
        Attribute a = create(alice, "{'name': 'size', 'value': {'value_type': 'numeric', 'min': 1, 'max': 10.5, "
                + "'default': 3, 'allow_null': false}, 'permissions': {'owner_user_groups': [" + aliceGroup + "], "
                + "'read_user_groups': [], 'write_user_groups': [" + shared + "], 'set_requirements': {'read': [], 'write': []}}, "
                + "'bounds': {'map': [], 'time': []}}");
        assertThat(a.ownerId()).isEqualTo(alice.userId());
        assertThat(a.system()).isFalse();
        assertThat(a.valueType()).isEqualTo(ValueType.NUMERIC);
        assertThat(a.max()).isEqualByComparingTo("10.5");
        assertThat(a.defaultValue().asInt()).isEqualTo(3);
        assertThat(a.allowNull()).isFalse();
        assertThat(a.ownerUserGroups()).containsExactly(aliceGroup);
        assertThat(a.writeUserGroups()).containsExactly(shared);
        assertThat(read(a.id())).isEqualTo(a);
        JsonNode wire = AttributeJson.of(a);
        assertThat(wire.path("value").path("value_type").asText()).isEqualTo("numeric");
        assertThat(wire.path("bounds").path("map").isArray()).isTrue();
        assertThat(wire.path("permissions").path("set_requirements").path("read").isArray()).isTrue();

        Attribute s = create(alice, "{'name': 'mood', 'value': {'value_type': 'string', 'enum': ['happy', 'sad'], 'default': 'happy'}}");
        assertThat(s.stringType()).isEqualTo(StringType.ANY);
        assertThat(s.enumValues()).containsExactly("happy", "sad");
        assertThat(s.allowNull()).isTrue();
    }

    @Test
    void namesAreUniquePerOwnerOnly() {
        create(alice, "{'name': 'color', 'value': {'value_type': 'string', 'string_type': 'color'}}");
        create(bob, "{'name': 'color', 'value': {'value_type': 'string', 'string_type': 'color'}}");
        // A user may reuse a system attribute's name: system names are unique among themselves.
        create(bob, "{'name': 'name', 'value': {'value_type': 'string'}}");
        refusedCreate(alice, "{'name': 'color', 'value': {'value_type': 'json'}}", 409, "core.attribute_name_taken");
        Attribute other = create(alice, "{'name': 'colour', 'value': {'value_type': 'json'}}");
        refusedUpdate(alice, other.id(), "{'name': 'color'}", 409, "core.attribute_name_taken");
    }

    @Test
    void valueRulesAreCheckedAtDefinition() {
        refusedCreate(alice, "{'name': 'r1', 'value': {'value_type': 'numeric', 'min': 5, 'max': 1}}", 400, "core.invalid_attribute");
        refusedCreate(alice, "{'name': 'r2', 'value': {'value_type': 'numeric', 'enum': ['a']}}", 400, "core.invalid_attribute");
        refusedCreate(alice, "{'name': 'r3', 'value': {'value_type': 'string', 'min': 1}}", 400, "core.invalid_attribute");
        refusedCreate(alice, "{'name': 'r4', 'value': {'value_type': 'json', 'allow_null': false}}", 400, "core.invalid_attribute");
        refusedCreate(alice, "{'name': 'r5', 'value': {'value_type': 'string', 'regex': '[a-'}}", 400, "core.invalid_regex");
        refusedCreate(alice, "{'name': 'r6', 'value': {'value_type': 'numeric', 'max': 3, 'default': 4}}", 400, "core.invalid_default");
        refusedCreate(alice, "{'name': 'r7', 'value': {'value_type': 'string', 'regex': '[0-9]+', 'enum': ['x'], 'default': 'x'}}",
                400, "core.invalid_default");
        refusedCreate(alice, "{'name': 'r8', 'value': {'value_type': 'string', 'string_type': 'color', 'enum': ['red']}}",
                400, "core.invalid_attribute");
        refusedCreate(alice, "{'name': 'r9', 'value': {'value_type': 'text'}}", 400, "core.invalid_request");
        refusedCreate(alice, "{'name': 'r10'}", 400, "core.invalid_request");
        refusedCreate(alice, "{'value': {'value_type': 'json'}}", 400, "core.invalid_request");
        refusedCreate(alice, "{'name': 'r11', 'value': {'value_type': 'json'}, 'colour': 1}", 400, "core.unknown_field");
        refusedCreate(alice, "{'name': 'r12', 'value': {'value_type': 'json'}, 'bounds': {'map': [1]}}", 400, "core.unknown_map_bound");
        refusedCreate(alice, "{'name': ' padded', 'value': {'value_type': 'json'}}", 400, "core.invalid_request");
        // Regex wins: a default matching the regex but outside the enum is fine.
        Attribute regexWins = create(alice, "{'name': 'r13', 'value': {'value_type': 'string', 'regex': '[0-9]+', 'enum': ['x'], 'default': '42'}}");
        assertThat(regexWins.defaultValue().asText()).isEqualTo("42");
        // Defaults are stored normalised.
        Attribute color = create(alice, "{'name': 'r14', 'value': {'value_type': 'string', 'string_type': 'color', 'default': '#ABC'}}");
        assertThat(color.defaultValue().asText()).isEqualTo("#abc");
    }

    @Test
    void referencesMustExistAndGroupsMustBeVisible() {
        refusedCreate(alice, "{'name': 'x1', 'value': {'value_type': 'json'}, 'required_siblings': [999999]}", 400, "core.unknown_attribute");
        refusedCreate(alice, "{'name': 'x2', 'value': {'value_type': 'json'}, 'parent_id': 999999}", 400, "core.unknown_attribute");
        refusedCreate(alice, "{'name': 'x3', 'value': {'value_type': 'json'}, 'permissions': {'set_requirements': {'read': [999999]}}}",
                400, "core.unknown_attribute");
        refusedCreate(alice, "{'name': 'x4', 'value': {'value_type': 'json'}, 'permissions': {'read_user_groups': [999999]}}",
                400, "core.unknown_user_group");
        // Bob's private group exists, but Alice is not in it: it answers like a missing one.
        refusedCreate(alice, "{'name': 'x5', 'value': {'value_type': 'json'}, 'permissions': {'read_user_groups': [" + bobGroup + "]}}",
                400, "core.unknown_user_group");
        long regular = fixtures.systemGroup("regular_user");
        create(alice, "{'name': 'x6', 'value': {'value_type': 'json'}, 'permissions': {'read_user_groups': [" + regular + "]}}");
        create(admin, "{'name': 'x7', 'value': {'value_type': 'json'}, 'permissions': {'read_user_groups': [" + bobGroup + "]}}");
    }

    @Test
    void systemAttributesCannotBeChangedOrDeletedEvenByAdmins() {
        long name = fixtures.systemAttribute("name");
        refusedUpdate(alice, name, "{'name': 'renamed'}", 403, "core.system_attribute_immutable");
        refusedUpdate(admin, name, "{'value': {'value_type': 'json'}}", 403, "core.system_attribute_immutable");
        refused(() -> fixtures.database().inTransaction(c -> {
            service.delete(c, admin, name);
            return null;
        }), 403, "core.system_attribute_immutable");
        assertThat(read(name).name()).isEqualTo("name");
    }

    @Test
    void othersCannotChangeOrDeleteAnAttributeButAnAdminCan() {
        Attribute mine = create(alice, "{'name': 'private-note', 'value': {'value_type': 'markdown'}}");
        refusedUpdate(bob, mine.id(), "{'name': 'stolen'}", 403, "core.not_owner");
        refused(() -> fixtures.database().inTransaction(c -> {
            service.delete(c, bob, mine.id());
            return null;
        }), 403, "core.not_owner");
        assertThat(read(mine.id())).isEqualTo(mine);
        Attribute renamed = update(admin, mine.id(), "{'name': 'note'}");
        assertThat(renamed.name()).isEqualTo("note");
        assertThat(renamed.ownerId()).isEqualTo(alice.userId());
        refused(() -> update(alice, 999_999, "{'name': 'x'}"), 404, "core.attribute_not_found");
    }

    @Test
    void patchIsAMergePatch() {
        Attribute a = create(alice, "{'name': 'weight', 'value': {'value_type': 'numeric', 'min': 0, 'max': 100}, "
                + "'permissions': {'read_user_groups': [" + shared + "]}}");
        Attribute b = update(alice, a.id(), "{'value': {'max': 50}}");
        assertThat(b.min()).isEqualByComparingTo("0");
        assertThat(b.max()).isEqualByComparingTo("50");
        assertThat(b.readUserGroups()).containsExactly(shared);
        Attribute c = update(alice, a.id(), "{'value': {'min': null}, 'permissions': {'write_user_groups': [" + aliceGroup + "]}}");
        assertThat(c.min()).isNull();
        assertThat(c.readUserGroups()).containsExactly(shared);
        assertThat(c.writeUserGroups()).containsExactly(aliceGroup);
        // Changing to string while min/max are set is refused until they are cleared too.
        refusedUpdate(alice, a.id(), "{'value': {'value_type': 'string'}}", 400, "core.invalid_attribute");
        Attribute d = update(alice, a.id(), "{'value': {'value_type': 'string', 'max': null}}");
        assertThat(d.valueType()).isEqualTo(ValueType.STRING);
        assertThat(d.stringType()).isEqualTo(StringType.ANY);
    }

    @Test
    void descendantsMayOnlyNarrowTheirParentsGroups() {
        Attribute parent = create(alice, "{'name': 'narrow-parent', 'value': {'value_type': 'json'}, "
                + "'permissions': {'read_user_groups': [" + aliceGroup + ", " + shared + "]}}");
        refusedCreate(alice, "{'name': 'wide-child', 'parent_id': " + parent.id() + ", 'value': {'value_type': 'json'}}",
                400, "core.groups_not_narrowed");
        long regular = fixtures.systemGroup("regular_user");
        refusedCreate(alice, "{'name': 'other-child', 'parent_id': " + parent.id() + ", 'value': {'value_type': 'json'}, "
                + "'permissions': {'read_user_groups': [" + regular + "]}}", 400, "core.groups_not_narrowed");
        Attribute child = create(alice, "{'name': 'narrow-child', 'parent_id': " + parent.id() + ", 'value': {'value_type': 'json'}, "
                + "'permissions': {'read_user_groups': [" + shared + "], 'write_user_groups': [" + aliceGroup + "]}}");
        // The child may not widen later...
        refusedUpdate(alice, child.id(), "{'permissions': {'read_user_groups': []}}", 400, "core.groups_not_narrowed");
        // ...and the parent may not narrow below what the child has.
        refusedUpdate(alice, parent.id(), "{'permissions': {'read_user_groups': [" + aliceGroup + "]}}", 409, "core.attribute_children_wider");
        update(alice, parent.id(), "{'permissions': {'read_user_groups': [" + shared + "]}}");
        // Widening the parent is always fine.
        update(alice, parent.id(), "{'permissions': {'read_user_groups': []}}");
        // A parent with descendants cannot be deleted.
        refused(() -> fixtures.database().inTransaction(c -> {
            service.delete(c, alice, parent.id());
            return null;
        }), 409, "core.attribute_in_use");
    }

    @Test
    void descendingFromAnAttributeNeedsItsUseGroups() {
        Attribute bobs = create(bob, "{'name': 'bob-tag', 'value': {'value_type': 'string'}, "
                + "'permissions': {'owner_user_groups': [" + bobGroup + "]}}");
        refusedCreate(alice, "{'name': 'alice-tag', 'parent_id': " + bobs.id() + ", 'value': {'value_type': 'string'}}",
                403, "core.attribute_not_usable");
        long tag = fixtures.systemAttribute("tag");
        Attribute mine = create(alice, "{'name': 'tag:mine', 'parent_id': " + tag + ", 'value': {'value_type': 'string'}, "
                + "'permissions': {'write_user_groups': [" + fixtures.systemGroup("full_admin_user") + "]}}");
        assertThat(mine.parentId()).isEqualTo(tag);
    }

    @Test
    void attributeAncestryCannotBecomeCyclic() {
        Attribute a = create(alice, "{'name': 'cyc-a', 'value': {'value_type': 'json'}}");
        Attribute b = create(alice, "{'name': 'cyc-b', 'parent_id': " + a.id() + ", 'value': {'value_type': 'json'}}");
        Attribute c = create(alice, "{'name': 'cyc-c', 'parent_id': " + b.id() + ", 'value': {'value_type': 'json'}}");
        assertThatThrownBy(() -> update(alice, a.id(), "{'parent_id': " + c.id() + "}"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo("core.attribute_cycle");
                    assertThat(e.getMessage()).contains("cyc-a(" + a.id() + ") → cyc-c(" + c.id() + ") → cyc-b(" + b.id()
                            + ") → cyc-a(" + a.id() + ")");
                });
        refusedUpdate(alice, a.id(), "{'parent_id': " + a.id() + "}", 400, "core.attribute_cycle");
        assertThat(read(a.id()).parentId()).isNull();
    }

    @Test
    void deleteIsRefusedWhileInUseAndOtherwiseRemoves() {
        Attribute used = create(alice, "{'name': 'used', 'value': {'value_type': 'json'}}");
        Attribute referrer = create(alice, "{'name': 'referrer', 'value': {'value_type': 'json'}, 'required_siblings': [" + used.id() + "]}");
        refused(() -> fixtures.database().inTransaction(c -> {
            service.delete(c, alice, used.id());
            return null;
        }), 409, "core.attribute_in_use");
        fixtures.tokenType(alice.userId(), "uses-referrer", List.of(), List.of(referrer.id(), used.id()));
        refused(() -> fixtures.database().inTransaction(c -> {
            service.delete(c, alice, referrer.id());
            return null;
        }), 409, "core.attribute_in_use");
        assertThat(read(referrer.id())).isEqualTo(referrer);
        Attribute free = create(alice, "{'name': 'free', 'value': {'value_type': 'json'}}");
        fixtures.database().inTransaction(c -> {
            service.delete(c, alice, free.id());
            return null;
        });
        refused(() -> read(free.id()), 404, "core.attribute_not_found");
    }

    @Test
    void listsOwnOrSystemAttributesByCursor() {
        CoreCaller carol = new CoreCaller(fixtures.coreUser("carol"), "carol", false, Set.of());
        for (int i = 0; i < 5; i++) {
            create(carol, "{'name': 'c" + i + "', 'value': {'value_type': 'json'}}");
        }
        IdCursor.Page<Attribute> first = fixtures.database().inTransaction(c -> service.list(c, carol, "me", 3, 0));
        assertThat(first.items()).extracting(Attribute::name).containsExactly("c0", "c1", "c2");
        long after = IdCursor.after(first.nextCursor());
        IdCursor.Page<Attribute> second = fixtures.database().inTransaction(c -> service.list(c, carol, null, 3, after));
        assertThat(second.items()).extracting(Attribute::name).containsExactly("c3", "c4");
        assertThat(second.nextCursor()).isNull();
        IdCursor.Page<Attribute> system = fixtures.database().inTransaction(c -> service.list(c, carol, "system", 500, 0));
        assertThat(system.items()).allMatch(Attribute::system).extracting(Attribute::name).contains("name", "created", "tag:user");
        refused(() -> fixtures.database().inTransaction(c -> service.list(c, carol, "everyone", 3, 0)), 400, "core.invalid_request");
    }

    @Test
    void valueTypeCannotChangeWhileValuesAreStored() {
        Attribute a = create(alice, "{'name': 'stored', 'value': {'value_type': 'json'}}");
        long type = fixtures.tokenType(alice.userId(), "holder", List.of(), List.of(a.id()));
        fixtures.database().inTransaction(c -> {
            long token = ModelFixtures.insertId(c, "INSERT INTO core.token (type_id, owner_id) VALUES (?, ?) RETURNING id", type, alice.userId());
            ModelFixtures.execute(c, "INSERT INTO core.token_value (token_id, attribute_id, value) VALUES (?, ?, '1'::jsonb)", token, a.id());
            return null;
        });
        refusedUpdate(alice, a.id(), "{'value': {'value_type': 'numeric'}}", 409, "core.attribute_in_use");
        assertThat(update(alice, a.id(), "{'name': 'stored-renamed'}").name()).isEqualTo("stored-renamed");
    }

    @Test
    void catalogSeesWhatTheServiceWrote() {
        Attribute a = create(alice, "{'name': 'seen', 'value': {'value_type': 'location'}}");
        AttributeCatalog catalog = host.context().getBean(AttributeCatalog.class);
        Map<Long, Attribute> found = fixtures.database().inTransaction(c -> catalog.findAll(c, List.of(a.id())));
        assertThat(found.get(a.id())).isEqualTo(a);
    }
}
