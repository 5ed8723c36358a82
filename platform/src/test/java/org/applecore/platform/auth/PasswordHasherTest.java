package org.applecore.platform.auth;

import org.applecore.platform.account.PasswordHasher;
import org.applecore.platform.database.Database;
import org.applecore.platform.testing.TestHost;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(1000);

    @Test
    void hashIsNotThePasswordAndVerifiesOnlyThePassword() {
        String hash = hasher.hash("correct horse battery");

        assertThat(hash).doesNotContain("correct horse battery").startsWith("pbkdf2-sha256$1000$");
        assertThat(hasher.verify("correct horse battery", hash)).isTrue();
        assertThat(hasher.verify("correct horse batterz", hash)).isFalse();
        assertThat(hasher.verify("", hash)).isFalse();
    }

    @Test
    void everyHashHasItsOwnSalt() {
        assertThat(hasher.hash("same password here")).isNotEqualTo(hasher.hash("same password here"));
    }

    @Test
    void hashMadeWithFewerIterationsStillVerifiesButNeedsRehash() {
        String old = new PasswordHasher(1000).hash("upgrade me please");
        PasswordHasher stronger = new PasswordHasher(2000);

        assertThat(stronger.verify("upgrade me please", old)).isTrue();
        assertThat(stronger.needsRehash(old)).isTrue();
        assertThat(stronger.needsRehash(stronger.hash("upgrade me please"))).isFalse();
        assertThat(stronger.needsRehash("bcrypt$whatever")).isTrue();
    }

    @Test
    void unreadableEncodingsNeverVerify() {
        assertThat(hasher.verify("anything", "")).isFalse();
        assertThat(hasher.verify("anything", "pbkdf2-sha256$1000$!!!$!!!")).isFalse();
        assertThat(hasher.verify("anything", "pbkdf2-sha256$999999999$AAAA$AAAA")).isFalse();
        assertThat(hasher.verify("anything", "plain$anything")).isFalse();
    }

    @Test
    void tooFewIterationsAreRefused() {
        assertThatThrownBy(() -> new PasswordHasher(999)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void storedPasswordIsASaltedHashThatVerifies() {
        try (TestHost host = TestHost.start()) {
            host.createUserAndLogin("hash-stored");
            String stored = host.context().getBean(Database.class).inTransaction(connection -> {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT password_hash FROM platform.account WHERE username = 'hash-stored'");
                     ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getString(1);
                }
            });

            assertThat(stored).isNotEqualTo("password-of-hash-stored").doesNotContain("password-of-hash-stored")
                    .startsWith("pbkdf2-sha256$1000$");
            assertThat(host.context().getBean(PasswordHasher.class).verify("password-of-hash-stored", stored)).isTrue();
        }
    }
}
