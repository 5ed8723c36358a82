package org.applecore.platform.auth;

import org.applecore.platform.account.RoleCatalog;
import org.applecore.platform.account.RoleInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoleCatalogTest {

    private final RoleCatalog catalog = new RoleCatalog();

    @Test
    void builtInRolesAreKnownAndListedFirst() {
        assertThat(catalog.isKnown("admin")).isTrue();
        assertThat(catalog.isKnown("job-write")).isTrue();
        assertThat(catalog.isKnown("board-moderator")).isFalse();
        assertThat(catalog.list()).extracting(RoleInfo::name).containsExactly("admin", "tester", "job-read", "job-write", "act-on-behalf", "core-service");
        assertThat(catalog.list()).allMatch(RoleInfo::builtIn);
    }

    @Test
    void declaredRoleIsKnownUntilItsDeclarerWithdraws() {
        catalog.declare("board-moderator", "Moderates boards", "boards");
        catalog.declare("wallet-payer", "Pays out", "wallet");

        assertThat(catalog.isKnown("board-moderator")).isTrue();
        assertThat(catalog.list()).extracting(RoleInfo::name).endsWith("board-moderator", "wallet-payer");
        assertThat(catalog.list()).filteredOn(role -> role.name().equals("board-moderator")).singleElement()
                .satisfies(role -> {
                    assertThat(role.declaredBy()).isEqualTo("boards");
                    assertThat(role.builtIn()).isFalse();
                });

        catalog.withdrawAllDeclaredBy("boards");

        assertThat(catalog.isKnown("board-moderator")).isFalse();
        assertThat(catalog.isKnown("wallet-payer")).isTrue();
    }

    @Test
    void sameDeclarerMayDeclareAgainWithANewDescription() {
        catalog.declare("board-moderator", "Moderates boards", "boards");
        catalog.declare("board-moderator", "Moderates every board", "boards");

        assertThat(catalog.list()).filteredOn(role -> role.name().equals("board-moderator"))
                .extracting(RoleInfo::description).containsExactly("Moderates every board");
    }

    @Test
    void builtInAndOtherDeclarersRolesCannotBeRedefined() {
        catalog.declare("board-moderator", "Moderates boards", "boards");

        assertThatThrownBy(() -> catalog.declare("admin", "mine now", "boards")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> catalog.declare("board-moderator", "mine now", "wallet"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("boards");
        assertThat(catalog.list()).filteredOn(role -> role.name().equals("board-moderator"))
                .extracting(RoleInfo::declaredBy).containsExactly("boards");
    }

    @Test
    void roleNamesAreValidated() {
        for (String bad : new String[]{"Admin2", "1role", "r", "role_x", "role x", "-role", "a".repeat(65)}) {
            assertThatThrownBy(() -> catalog.declare(bad, "d", "boards")).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        catalog.declare("ab", "shortest", "boards");
        catalog.declare("a" + "-".repeat(63), "longest", "boards");
        assertThat(catalog.isKnown("ab")).isTrue();
    }
}
