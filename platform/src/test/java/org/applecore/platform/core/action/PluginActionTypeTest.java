package org.applecore.platform.core.action;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestPluginArchive;
import org.applecore.platform.testing.TestResponse;
import org.applecore.testplugins.ActionTypePlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.applecore.platform.core.action.ActionFixtures.created;
import static org.applecore.platform.core.bounds.BoundsFixtures.areaAttribute;
import static org.applecore.platform.core.bounds.BoundsFixtures.at;
import static org.applecore.platform.core.bounds.BoundsFixtures.locatedType;
import static org.applecore.platform.core.bounds.BoundsFixtures.location;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real plugin archive registers action types through the SDK; disabling the plugin withdraws them. Their changes
 * are held to the recipient's bounds and run the location triggers, as scripts' changes are.
 */
class PluginActionTypeTest {

    private static TestHost host;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        TestResponse installed = host.uploadPlugin(host.loginAsAdmin(),
                TestPluginArchive.plugin("actiontypes", ActionTypePlugin.class).build());
        assertThat(installed.json().path("state").asText()).as(installed.toString()).isEqualTo("STARTED");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void aPluginActionTypeRunsOnCreationAndFailsClearlyWhileItsPluginIsDisabled() {
        CoreClient alice = CoreClient.create(host, "alice");
        long bumped = created(alice.post("/core/attributes", Map.of("name", "bumped", "value",
                Map.of("value_type", "json", "default", false)))).path("id").asLong();
        long type = created(alice.post("/core/token-types", Map.of("name", "bumpy", "attributes", List.of(bumped))))
                .path("id").asLong();
        long action = created(alice.post("/core/actions", Map.of("name", "bumper", "target_attribute_id", bumped,
                "lifecycles", List.of("creation"), "recipient", Map.of("attribute_id", bumped),
                "script", Map.of("action_type", "actiontypes:bump", "global_state_init", Map.of("n", 0))))).path("id").asLong();
        alice.put("/core/actions/" + action + "/instances/" + type, Map.of());
        long set = created(alice.post("/core/token-sets", Map.of("name", "s"))).path("id").asLong();

        long token = created(alice.post("/core/tokens", Map.of("token_type", type, "set", set))).path("id").asLong();
        assertThat(alice.get("/core/tokens/" + token).json().path("values").toString()).contains("\"bumped\"", "true");
        assertThat(alice.get("/core/actions/" + action).json().path("script").path("global_state").path("n").asInt()).isEqualTo(1);

        String admin = host.loginAsAdmin();
        assertThat(host.post("/admin/plugins/actiontypes/disable", admin, "").status()).isEqualTo(200);
        TestResponse refused = alice.post("/core/tokens", Map.of("token_type", type, "set", set));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.problemCode()).isEqualTo("core.action_type_unavailable");
        assertThat(refused.json().path("detail").asText()).contains("bumper", "actiontypes:bump");
        assertThat(alice.get("/core/actions/" + action).status()).as("the definition stays").isEqualTo(200);

        assertThat(host.post("/admin/plugins/actiontypes/enable", admin, "").status()).isEqualTo(200);
        created(alice.post("/core/tokens", Map.of("token_type", type, "set", set)));
        assertThat(alice.get("/core/actions/" + action).json().path("script").path("global_state").path("n").asInt()).isEqualTo(2);
    }

    private static long id(TestResponse response) {
        return created(response).path("id").asLong();
    }

    /**
     * An action of the client's running {@code actiontypes:assign} on creation wherever the token is (its target,
     * {@code location}, has no bounds), applied to the type.
     */
    private static void assignOnCreation(CoreClient client, long type, long attribute, String attributeName, Object value) {
        long action = id(client.post("/core/actions", Map.of("name", "assign-" + attributeName,
                "target_attribute_id", location(client), "lifecycles", List.of("creation"),
                "recipient", Map.of("attribute_id", attribute), "script", Map.of("action_type", "actiontypes:assign",
                        "global_state_init", Map.of("attribute", attributeName, "value", value)))));
        assertThat(client.put("/core/actions/" + action + "/instances/" + type, Map.of()).status()).isEqualTo(200);
    }

    @Test
    void aPluginActionTypesChangeToABoundedRecipientOutsideItsBoundsIsRefused() {
        CoreClient carol = CoreClient.create(host, "carol");
        long mooring = areaAttribute(carol, "mooring", 10, 10);
        long dinghy = locatedType(carol, "dinghy", mooring);
        long location = location(carol);
        assignOnCreation(carol, dinghy, mooring, "mooring", "m1");
        long set = id(carol.post("/core/token-sets", Map.of("name", "dinghies")));

        TestResponse refused = carol.post("/core/tokens", Map.of("token_type", dinghy, "set", set,
                "values", Map.of(String.valueOf(location), at(20, 20))));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.problemCode()).isEqualTo("core.attribute_out_of_bounds");
        assertThat(carol.get("/core/token-sets/" + set + "/tokens").json().path("items").size()).as("not created").isZero();
        long inside = id(carol.post("/core/tokens", Map.of("token_type", dinghy, "set", set,
                "values", Map.of(String.valueOf(location), at(10.5, 10.5)))));
        assertThat(carol.get("/core/tokens/" + inside).json().path("values").toString()).contains("\"m1\"");
    }

    @Test
    void aPluginActionTypeMovingATokenRunsTheLocationTriggers() {
        CoreClient dave = CoreClient.create(host, "dave");
        long slip = areaAttribute(dave, "slipway", 30, 30);
        long kayak = locatedType(dave, "kayak", slip);
        assignOnCreation(dave, kayak, location(dave), "location", at(30.5, 30.5));
        long entering = id(dave.post("/core/actions", Map.of("name", "launched", "target_attribute_id", slip,
                "triggers", List.of("location_entering"), "script", Map.of("source",
                        "(input) => ({ global_state: { n: (input.global_state.n || 0) + 1 } })"))));
        assertThat(dave.put("/core/actions/" + entering + "/instances/" + kayak, Map.of()).status()).isEqualTo(200);
        long set = id(dave.post("/core/token-sets", Map.of("name", "kayaks")));

        id(dave.post("/core/tokens", Map.of("token_type", kayak, "set", set)));
        assertThat(dave.get("/core/actions/" + entering).json().path("script").path("global_state").path("n").asInt())
                .isEqualTo(1);
    }

    @Test
    void aPluginActionTypeIsGivenOnlyTheValuesThatApply() {
        CoreClient erin = CoreClient.create(host, "erin");
        long quay = areaAttribute(erin, "quay", 50, 50);
        long logbook = id(erin.post("/core/attributes", Map.of("name", "logbook", "value", Map.of("value_type", "string"))));
        long skiff = locatedType(erin, "skiff", quay, logbook);
        long location = location(erin);
        long recorder = id(erin.post("/core/actions", Map.of("name", "recorder", "target_attribute_id", quay,
                "lifecycles", List.of("mass_attribute_change"), "run_when_out_area", true,
                "script", Map.of("action_type", "actiontypes:record", "param_attributes", List.of(quay)))));
        assertThat(erin.put("/core/actions/" + recorder + "/instances/" + skiff, Map.of()).status()).isEqualTo(200);
        long set = id(erin.post("/core/token-sets", Map.of("name", "skiffs")));
        long token = id(erin.post("/core/tokens", Map.of("token_type", skiff, "set", set,
                "values", Map.of(String.valueOf(location), at(50.5, 50.5), String.valueOf(quay), "north"))));

        assertThat(erin.post("/core/set-operations", Map.of("operation", "edit_attribute",
                "source_set", set, "attribute", logbook, "value", "moored")).status()).isEqualTo(200);
        JsonNode inside = erin.get("/core/actions/" + recorder).json().path("script").path("global_state");
        assertThat(inside.path("values").path("quay").asText()).isEqualTo("north");
        assertThat(inside.path("values").path("logbook").asText()).isEqualTo("moored");
        assertThat(inside.path("target").asText()).isEqualTo("north");
        assertThat(inside.path("params").path("quay").asText()).isEqualTo("north");

        assertThat(erin.patch("/core/tokens/" + token + "/values", Map.of("values",
                Map.of(String.valueOf(location), at(55, 55)))).status()).isEqualTo(200);
        assertThat(erin.post("/core/set-operations", Map.of("operation", "edit_attribute",
                "source_set", set, "attribute", logbook, "value", "at sea")).status()).isEqualTo(200);
        JsonNode outside = erin.get("/core/actions/" + recorder).json().path("script").path("global_state");
        assertThat(outside.path("values").has("quay")).as("outside the quay's area, as a read shows it").isFalse();
        assertThat(outside.path("values").path("logbook").asText()).isEqualTo("at sea");
        assertThat(outside.path("target").isNull()).isTrue();
        assertThat(outside.path("params").path("quay").isNull()).isTrue();
    }
}
