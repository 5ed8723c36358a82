package org.applecore.platform.core.lifecycle;

import org.applecore.platform.core.SetsFixtures;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.problem.ApiException;
import org.applecore.platform.testing.TestHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lifecycle events tokens, sets and set operations fire, and a refusing hook undoing the whole operation. */
class LifecycleEventsTest {

    private static TestHost host;
    private static SetsFixtures f;
    private static RecordingLifecycleHooks hooks;
    private static CoreCaller owner;
    private static CoreCaller other;
    private static long type;
    private static long color;

    @BeforeAll
    static void startHost() {
        host = TestHost.start(Map.of("applecore.test.recording-hooks", "true"));
        f = new SetsFixtures(host);
        hooks = host.context().getBean(RecordingLifecycleHooks.class);
        owner = f.user("hooked");
        other = f.user("hooked-other");
        color = f.model().attribute(owner.userId(), "color");
        type = f.typeWith(owner, "hooked-type", color);
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @BeforeEach
    void clear() {
        hooks.clear();
    }

    private static List<String> fired() {
        return hooks.events().stream().map(e -> e.lifecycle() + " " + e.tokenIds() + " set " + e.setId() + " " + e.operation()).toList();
    }

    @Test
    void everyChangeFiresItsEventsInsideItsTransaction() {
        long a = f.set(owner);
        long d = f.set(owner);
        long token = f.token(owner, type, a);
        f.op(owner, "{\"operation\":\"remove\",\"source_set\":" + a + ",\"destination_set\":" + d + "}");
        f.op(owner, "{\"operation\":\"edit_attribute\",\"source_set\":" + d + ",\"attribute\":" + color + ",\"value\":1}");
        f.op(owner, "{\"operation\":\"change_owner\",\"source_set\":" + d + ",\"new_owner\":" + other.userId() + "}");

        assertThat(fired()).containsExactly(
                "CREATION [" + token + "] set " + a + " null",
                "TOKEN_SET_ADDITION [" + token + "] set " + a + " null",
                "TOKEN_SET_ADDITION [" + token + "] set " + d + " remove",
                "TOKEN_SET_REMOVAL [" + token + "] set " + a + " remove",
                "MASS_ATTRIBUTE_CHANGE [" + token + "] set " + d + " edit_attribute",
                "OWNER_CHANGE [" + token + "] set " + d + " change_owner");
        assertThat(hooks.events()).allMatch(e -> e.caller().userId() == owner.userId());
    }

    @Test
    void aRefusingHookUndoesTheWholeOperation() {
        long a = f.set(owner);
        long d = f.set(owner);
        List<Long> tokens = f.tokens(owner, type, a, 3);

        hooks.refuse(TokenLifecycle.TOKEN_SET_REMOVAL);
        assertThatThrownBy(() -> f.op(owner, "{\"operation\":\"remove\",\"source_set\":" + a + ",\"destination_set\":" + d + "}"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("test.hook_refused"));
        assertThat(f.members(a)).containsExactlyElementsOf(tokens);
        assertThat(f.members(d)).isEmpty();
        assertThat(f.memberCount(a)).isEqualTo(3);
        assertThat(f.memberCount(d)).isZero();

        hooks.refuse(TokenLifecycle.CREATION);
        long before = f.count("SELECT count(*) FROM core.token");
        assertThatThrownBy(() -> f.token(owner, type, a)).isInstanceOf(ApiException.class);
        assertThat(f.count("SELECT count(*) FROM core.token")).isEqualTo(before);
        assertThat(f.memberCount(a)).isEqualTo(3);
    }
}
