package org.applecore.platform.core.action;

import org.applecore.platform.core.bounds.GeoJson;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.applecore.platform.core.action.ActionFixtures.created;
import static org.applecore.platform.core.action.ActionFixtures.systemAttribute;
import static org.assertj.core.api.Assertions.assertThat;

/** The spec's examples through the real APIs: POST /core/tokens and POST /core/set-operations fire the actions. */
class ActionEndToEndTest {

    private static TestHost host;
    private static CoreClient shop;
    private static CoreClient buyer;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        shop = CoreClient.create(host, "shop");
        buyer = CoreClient.create(host, "buyer");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    private static long id(TestResponse response) {
        return created(response).path("id").asLong();
    }

    private static long memberCount(CoreClient owner, long set) {
        return owner.get("/core/token-sets/" + set).json().path("member_count").asLong();
    }

    @Test
    void creationIsRateLimitedAndChargedThroughTheTokenApi() {
        long createdAttribute = systemAttribute(shop, "created");
        long coin = id(shop.post("/core/token-types", Map.of("name", "coin")));
        long ticket = id(shop.post("/core/token-types", Map.of("name", "ticket")));
        long price = id(shop.post("/core/type-groups", Map.of("name", "price", "members",
                List.of(Map.of("token_type", coin, "minimum_needed", 2)))));
        long till = id(shop.post("/core/token-sets", Map.of("name", "till")));
        long limiter = id(shop.post("/core/actions", Map.of("name", "two-per-day", "target_attribute_id", createdAttribute,
                "lifecycles", List.of("creation"), "recipient", Map.of("attribute_id", createdAttribute),
                "script", Map.of("source", """
                        (input) => {
                          const day = input.now.slice(0, 10);
                          const state = input.global_state.day === day ? input.global_state : { day, made: 0 };
                          if (state.made >= 2) return { changes: [{ name: 'created', value: false }] };
                          return { global_state: { day, made: state.made + 1 } };
                        }""", "global_state_init", Map.of()))));
        long charge = id(shop.post("/core/actions", Map.of("name", "ticket-price", "target_attribute_id", createdAttribute,
                "lifecycles", List.of("creation"), "charge", Map.of("type_group_id", price, "destination_set_id", till),
                "script", Map.of("source", "(input) => ({ target: true })"))));
        assertThat(shop.put("/core/actions/" + limiter + "/instances/" + ticket, Map.of()).status()).isEqualTo(200);
        assertThat(shop.put("/core/actions/" + charge + "/instances/" + ticket, Map.of()).status()).isEqualTo(200);

        long wallet = id(buyer.post("/core/token-sets", Map.of("name", "wallet")));
        for (int i = 0; i < 6; i++) {
            created(buyer.post("/core/tokens", Map.of("token_type", coin, "set", wallet)));
        }
        created(buyer.post("/core/tokens", Map.of("token_type", ticket, "set", wallet)));
        created(buyer.post("/core/tokens", Map.of("token_type", ticket, "set", wallet)));
        assertThat(memberCount(shop, till)).isEqualTo(4);
        assertThat(memberCount(buyer, wallet)).isEqualTo(6 - 4 + 2);

        TestResponse third = buyer.post("/core/tokens", Map.of("token_type", ticket, "set", wallet));
        assertThat(third.status()).as(third.toString()).isEqualTo(422);
        assertThat(third.problemCode()).isEqualTo("core.creation_refused");
        assertThat(third.json().path("detail").asText()).contains("two-per-day");
        assertThat(memberCount(shop, till)).as("the charge rolled back with the refusal").isEqualTo(4);
        assertThat(memberCount(buyer, wallet)).isEqualTo(4);
    }

    @Test
    void aFailingActionRollsBackASetOperation() {
        long createdAttribute = systemAttribute(shop, "created");
        long box = id(shop.post("/core/token-types", Map.of("name", "box")));
        long guard = id(shop.post("/core/actions", Map.of("name", "no-moving", "target_attribute_id", createdAttribute,
                "lifecycles", List.of("token_set_addition"), "script", Map.of("source",
                        "(input) => { if (input.operation.name) throw new Error('boxes stay put'); return {}; }"))));
        shop.put("/core/actions/" + guard + "/instances/" + box, Map.of());
        long a = id(shop.post("/core/token-sets", Map.of("name", "a")));
        long d = id(shop.post("/core/token-sets", Map.of("name", "d")));
        created(shop.post("/core/tokens", Map.of("token_type", box, "set", a)));
        TestResponse moved = shop.post("/core/set-operations", Map.of("operation", "combine", "source_set", a,
                "destination_set", d));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(422);
        assertThat(moved.problemCode()).isEqualTo("core.action_failed");
        assertThat(moved.json().path("detail").asText()).contains("Action 'no-moving' failed", "boxes stay put");
        assertThat(memberCount(shop, d)).isZero();
    }

    @Test
    void aTokensTotalMapBoundsComeAsGeoJson() {
        long zone = id(shop.post("/core/map-bounds", Map.of("name", "market", "geometry", Map.of("type", "Polygon",
                "coordinates", List.of(List.of(List.of(0, 0), List.of(3, 0), List.of(3, 3), List.of(0, 3), List.of(0, 0)))))));
        long stall = id(shop.post("/core/attributes", Map.of("name", "stall", "value", Map.of("value_type", "string"),
                "bounds", Map.of("map", List.of(zone)))));
        long vendor = id(shop.post("/core/token-types", Map.of("name", "vendor", "attributes", List.of(stall))));
        long set = id(shop.post("/core/token-sets", Map.of("name", "vendors")));
        long token = id(shop.post("/core/tokens", Map.of("token_type", vendor, "set", set)));
        var total = GeoJson.readPolygons(buyer.get("/core/tokens/" + token + "/map-bounds").json());
        assertThat(total.getArea()).isEqualTo(9.0);
        assertThat(buyer.get("/core/tokens/999999/map-bounds").problemCode()).isEqualTo("core.token_not_found");
    }
}
