package org.applecore.platform.core.permission;

import com.fasterxml.jackson.databind.node.NullNode;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.exceptions.NoSuchBeanException;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.attribute.Attribute;
import org.applecore.platform.core.attribute.ValueType;
import org.applecore.platform.core.permission.AttributePermissions.TokenRef;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The read/write/use matrix of docs/design/core.md, with a hand-written SetRequirements. */
class GroupAttributePermissionsTest {

    private static final long OWNER = 1;
    private static final long MEMBER = 2;
    private static final long STRANGER = 3;
    private static final long ADMIN = 4;
    private static final long GROUP = 50;
    private static final TokenRef TOKEN = new TokenRef(100, OWNER);

    private static CoreCaller caller(long id) {
        return new CoreCaller(id, "u" + id, id == ADMIN, id == MEMBER ? Set.of(GROUP, 51L) : Set.of(51L));
    }

    private static Attribute attribute(List<Long> use, List<Long> read, List<Long> write, List<Long> readReq, List<Long> writeReq) {
        return new Attribute(9, UUID.randomUUID(), 77L, null, "a", ValueType.JSON, null, null, null, List.of(), null,
                NullNode.getInstance(), true, List.of(), use, read, write, readReq, writeReq, false, List.of(), List.of());
    }

    /** Answers with a fixed result and records what it was asked. */
    private static final class FixedRequirements implements SetRequirements {
        final boolean answer;
        final List<List<Long>> asked = new ArrayList<>();

        FixedRequirements(boolean answer) {
            this.answer = answer;
        }

        @Override
        public boolean satisfied(Connection connection, long tokenId, List<Long> requiredAttributeIds) {
            asked.add(requiredAttributeIds);
            return answer;
        }
    }

    private static BeanProvider<SetRequirements> provider(SetRequirements requirements) {
        return new BeanProvider<>() {
            @Override
            public SetRequirements get() {
                if (requirements == null) {
                    throw new NoSuchBeanException(SetRequirements.class);
                }
                return requirements;
            }

            @Override
            public boolean isPresent() {
                return requirements != null;
            }
        };
    }

    private final AttributePermissions permissions = new GroupAttributePermissions(provider(new FixedRequirements(true)), UserTokenAccess.NONE);

    private boolean read(AttributePermissions p, long who, Attribute attribute) throws Exception {
        return p.canRead(null, caller(who), TOKEN, attribute);
    }

    private boolean write(AttributePermissions p, long who, Attribute attribute) throws Exception {
        return p.canWrite(null, caller(who), TOKEN, attribute);
    }

    @Test
    void withoutGroupsAnyoneReadsAndOnlyTheOwnerWrites() throws Exception {
        Attribute open = attribute(List.of(), List.of(), List.of(), List.of(), List.of());
        for (long who : List.of(OWNER, MEMBER, STRANGER, ADMIN)) {
            assertThat(read(permissions, who, open)).as("read by %s", who).isTrue();
        }
        assertThat(write(permissions, OWNER, open)).isTrue();
        assertThat(write(permissions, MEMBER, open)).isFalse();
        assertThat(write(permissions, STRANGER, open)).isFalse();
        assertThat(write(permissions, ADMIN, open)).isTrue();
    }

    @Test
    void readGroupsAdmitMembersAndTheTokenOwner() throws Exception {
        Attribute restricted = attribute(List.of(), List.of(GROUP), List.of(), List.of(), List.of());
        assertThat(read(permissions, OWNER, restricted)).isTrue();
        assertThat(read(permissions, MEMBER, restricted)).isTrue();
        assertThat(read(permissions, STRANGER, restricted)).isFalse();
        assertThat(read(permissions, ADMIN, restricted)).isTrue();
    }

    @Test
    void writeGroupsAdmitMembersOnlyNotTheOwner() throws Exception {
        Attribute restricted = attribute(List.of(), List.of(), List.of(GROUP), List.of(), List.of());
        assertThat(write(permissions, OWNER, restricted)).isFalse();
        assertThat(write(permissions, MEMBER, restricted)).isTrue();
        assertThat(write(permissions, STRANGER, restricted)).isFalse();
        assertThat(write(permissions, ADMIN, restricted)).isTrue();
    }

    @Test
    void useGroupsAdmitMembersAndAdmins() {
        Attribute open = attribute(List.of(), List.of(), List.of(), List.of(), List.of());
        Attribute restricted = attribute(List.of(GROUP), List.of(), List.of(), List.of(), List.of());
        assertThat(permissions.canUse(caller(STRANGER), open)).isTrue();
        assertThat(permissions.canUse(caller(STRANGER), restricted)).isFalse();
        assertThat(permissions.canUse(caller(OWNER), restricted)).isFalse();
        assertThat(permissions.canUse(caller(MEMBER), restricted)).isTrue();
        assertThat(permissions.canUse(caller(ADMIN), restricted)).isTrue();
    }

    @Test
    void setRequirementsAreAskedAfterGroupsAndCanRefuse() throws Exception {
        Attribute conditional = attribute(List.of(), List.of(), List.of(), List.of(31L), List.of(32L, 33L));
        FixedRequirements unmet = new FixedRequirements(false);
        AttributePermissions strict = new GroupAttributePermissions(provider(unmet), UserTokenAccess.NONE);
        assertThat(read(strict, STRANGER, conditional)).isFalse();
        assertThat(write(strict, OWNER, conditional)).isFalse();
        assertThat(unmet.asked).containsExactly(List.of(31L), List.of(32L, 33L));
        // A stranger fails on groups before requirements are asked.
        assertThat(write(strict, STRANGER, conditional)).isFalse();
        assertThat(unmet.asked).hasSize(2);
        assertThat(read(strict, ADMIN, conditional)).isTrue();

        FixedRequirements met = new FixedRequirements(true);
        AttributePermissions lenient = new GroupAttributePermissions(provider(met), UserTokenAccess.NONE);
        assertThat(read(lenient, STRANGER, conditional)).isTrue();
        assertThat(write(lenient, OWNER, conditional)).isTrue();
    }

    @Test
    void withoutASetRequirementsImplementationRequirementsAreNeverMet() throws Exception {
        AttributePermissions missing = new GroupAttributePermissions(provider(null), UserTokenAccess.NONE);
        Attribute conditional = attribute(List.of(), List.of(), List.of(), List.of(31L), List.of(32L));
        Attribute plain = attribute(List.of(), List.of(), List.of(), List.of(), List.of());
        assertThat(read(missing, OWNER, conditional)).isFalse();
        assertThat(write(missing, OWNER, conditional)).isFalse();
        assertThat(read(missing, OWNER, plain)).isTrue();
        assertThat(write(missing, OWNER, plain)).isTrue();
    }
}
