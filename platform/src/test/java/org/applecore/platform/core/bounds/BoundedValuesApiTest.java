package org.applecore.platform.core.bounds;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.core.action.CronActionSweep;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.applecore.platform.core.bounds.BoundsFixtures.areaAttribute;
import static org.applecore.platform.core.bounds.BoundsFixtures.at;
import static org.applecore.platform.core.bounds.BoundsFixtures.locatedType;
import static org.applecore.platform.core.bounds.BoundsFixtures.pastTimeBound;
import static org.applecore.platform.core.bounds.BoundsFixtures.timeBound;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values of bounded attributes apply only where and when the bounds hold: reads and the copies given to action
 * scripts leave them out, attribute_filter selections do not match them, and writes (PATCH values, token
 * creation, edit_attribute, changes returned by actions) are refused with 409 core.attribute_out_of_bounds.
 */
class BoundedValuesApiTest {

    private static TestHost host;
    private static CoreClient alice;
    private static long location;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        alice = CoreClient.create(host, "alice");
        location = systemAttribute("location");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    private static long id(TestResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().path("id").asLong();
    }

    private static long systemAttribute(String name) {
        for (JsonNode item : alice.get("/core/attributes?owner=system&limit=500").json().path("items")) {
            if (item.path("name").asText().equals(name)) {
                return item.path("id").asLong();
            }
        }
        throw new AssertionError("no system attribute " + name);
    }

    /** The value shown for the attribute, or null when the read leaves it out. */
    private static JsonNode shown(long token, long attribute) {
        TestResponse read = alice.get("/core/tokens/" + token);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        for (JsonNode value : read.json().path("values")) {
            if (value.path("attribute_id").asLong() == attribute) {
                return value.path("value");
            }
        }
        return null;
    }

    private static Map<String, Object> values(Object... idsAndValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < idsAndValues.length; i += 2) {
            values.put(String.valueOf(idsAndValues[i]), idsAndValues[i + 1]);
        }
        return values;
    }

    private static long token(long type, long set, Map<String, Object> values) {
        return id(alice.post("/core/tokens", Map.of("token_type", type, "set", set, "values", values)));
    }

    /** An action of alice's, applied to the token types. */
    private static long action(Map<String, Object> definition, long... types) {
        long action = id(alice.post("/core/actions", definition));
        for (long type : types) {
            TestResponse applied = alice.put("/core/actions/" + action + "/instances/" + type, Map.of());
            assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
        }
        return action;
    }

    private static JsonNode globalState(long action) {
        return alice.get("/core/actions/" + action).json().path("script").path("global_state");
    }

    private static TestResponse editAttribute(long set, long attribute, Object value) {
        return alice.post("/core/set-operations", Map.of("operation", "edit_attribute", "source_set", set,
                "attribute", attribute, "value", value));
    }

    private static List<Long> sets(long token) {
        List<Long> sets = new ArrayList<>();
        alice.get("/core/tokens/" + token).json().path("sets").forEach(set -> sets.add(set.asLong()));
        return sets;
    }

    private static TestResponse write(long token, Map<Long, Object> values) {
        Map<String, Object> body = new HashMap<>();
        values.forEach((k, v) -> body.put(String.valueOf(k), v));
        return alice.patch("/core/tokens/" + token + "/values", Map.of("values", body));
    }

    @Test
    void mapBoundedValuesApplyOnlyInsideTheArea() {
        long stall = areaAttribute(alice, "market", 0, 0);
        long plain = id(alice.post("/core/attributes", Map.of("name", "plain", "value", Map.of("value_type", "string"))));
        long trader = locatedType(alice, "trader", stall, plain);
        long set = id(alice.post("/core/token-sets", Map.of("name", "traders")));

        TestResponse outside = alice.post("/core/tokens", Map.of("token_type", trader, "set", set,
                "values", Map.of(String.valueOf(location), at(5, 5), String.valueOf(stall), "fish")));
        assertThat(outside.status()).as(outside.toString()).isEqualTo(409);
        assertThat(outside.problemCode()).isEqualTo("core.attribute_out_of_bounds");
        TestResponse noLocation = alice.post("/core/tokens", Map.of("token_type", trader, "set", set,
                "values", Map.of(String.valueOf(stall), "fish")));
        assertThat(noLocation.problemCode()).as("map bounds and no location").isEqualTo("core.attribute_out_of_bounds");

        long token = id(alice.post("/core/tokens", Map.of("token_type", trader, "set", set,
                "values", Map.of(String.valueOf(location), at(0.5, 0.5), String.valueOf(stall), "fish",
                        String.valueOf(plain), "p"))));
        assertThat(shown(token, stall).asText()).isEqualTo("fish");
        assertThat(write(token, Map.of(stall, "bread")).status()).isEqualTo(200);
        assertThat(shown(token, stall).asText()).isEqualTo("bread");

        assertThat(write(token, Map.of(location, at(3, 3))).status()).isEqualTo(200);
        assertThat(shown(token, stall)).as("outside the area the value does not apply").isNull();
        assertThat(shown(token, plain).asText()).as("unbounded values are unaffected").isEqualTo("p");
        TestResponse refused = write(token, Map.of(stall, "cheese"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.problemCode()).isEqualTo("core.attribute_out_of_bounds");
        assertThat(write(token, Map.of(plain, "q")).status()).isEqualTo(200);
        assertThat(write(token, Map.of(stall, "cheese", location, at(0.2, 0.2))).status())
                .as("judged at the location written with it").isEqualTo(200);
        assertThat(shown(token, stall).asText()).isEqualTo("cheese");
    }

    @Test
    void timeBoundedValuesApplyOnlyWhileABoundHolds() {
        long past = pastTimeBound(alice, "last-century");
        long always = timeBound(alice, "this-era", "2000-01-01T00:00:00Z", "2999-12-31T23:59:59Z");
        long old = id(alice.post("/core/attributes", Map.of("name", "old-price", "value", Map.of("value_type", "numeric"),
                "bounds", Map.of("time", List.of(past)))));
        long current = id(alice.post("/core/attributes", Map.of("name", "price", "value", Map.of("value_type", "numeric"),
                "bounds", Map.of("time", List.of(past, always)))));
        long item = id(alice.post("/core/token-types", Map.of("name", "item", "attributes", List.of(old, current))));
        long set = id(alice.post("/core/token-sets", Map.of("name", "items")));
        long token = id(alice.post("/core/tokens", Map.of("token_type", item, "set", set,
                "values", Map.of(String.valueOf(current), 3))));

        assertThat(shown(token, current).asInt()).as("one of its time bounds holds").isEqualTo(3);
        assertThat(shown(token, old)).isNull();
        TestResponse refused = write(token, Map.of(old, 2));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.problemCode()).isEqualTo("core.attribute_out_of_bounds");
        TestResponse edit = alice.post("/core/set-operations", Map.of("operation", "edit_attribute", "source_set", set,
                "attribute", old, "value", 2));
        assertThat(edit.status()).as(edit.toString()).isEqualTo(409);
        assertThat(edit.problemCode()).isEqualTo("core.attribute_out_of_bounds");
    }

    @Test
    void editAttributeIsRefusedWhenATokenIsOutsideTheArea() {
        long bench = areaAttribute(alice, "park", 30, 30);
        long visitor = locatedType(alice, "visitor", bench);
        long set = id(alice.post("/core/token-sets", Map.of("name", "visitors")));
        long inside = id(alice.post("/core/tokens", Map.of("token_type", visitor, "set", set,
                "values", Map.of(String.valueOf(location), at(30.5, 30.5)))));
        id(alice.post("/core/tokens", Map.of("token_type", visitor, "set", set,
                "values", Map.of(String.valueOf(location), at(30.5, 30.5)))));

        TestResponse edit = alice.post("/core/set-operations", Map.of("operation", "edit_attribute", "source_set", set,
                "attribute", bench, "value", "north"));
        assertThat(edit.status()).as(edit.toString()).isEqualTo(200);
        assertThat(shown(inside, bench).asText()).isEqualTo("north");

        id(alice.post("/core/tokens", Map.of("token_type", visitor, "set", set,
                "values", Map.of(String.valueOf(location), at(40, 40)))));
        TestResponse refused = alice.post("/core/set-operations", Map.of("operation", "edit_attribute", "source_set", set,
                "attribute", bench, "value", "south"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.problemCode()).isEqualTo("core.attribute_out_of_bounds");
        assertThat(shown(inside, bench).asText()).as("all or nothing").isEqualTo("north");
    }

    @Test
    void actionScriptsSeeOnlyTheValuesThatApply() {
        long bygone = pastTimeBound(alice, "bygone");
        long pitch = areaAttribute(alice, "pitch", 50, 50);
        long expired = id(alice.post("/core/attributes", Map.of("name", "expired", "value",
                Map.of("value_type", "string", "default", "x"), "bounds", Map.of("time", List.of(bygone)))));
        long note = id(alice.post("/core/attributes", Map.of("name", "note", "value", Map.of("value_type", "string"))));
        long vendor = locatedType(alice, "vendor", pitch, expired, note);
        long watcher = action(Map.of("name", "watcher", "target_attribute_id", pitch,
                "lifecycles", List.of("creation", "mass_attribute_change"), "run_when_out_area", true,
                "script", Map.of("param_attributes", List.of(pitch, expired), "source", """
                        (input) => ({ global_state: { values: input.target_tokens[0].values,
                          target: input.target_tokens[0].target, params: input.params } })""")), vendor);
        long set = id(alice.post("/core/token-sets", Map.of("name", "vendors")));
        long token = token(vendor, set, values(location, at(50.5, 50.5), pitch, "fish", note, "n"));

        JsonNode inside = globalState(watcher);
        assertThat(inside.path("values").path("pitch").asText()).isEqualTo("fish");
        assertThat(inside.path("values").path("note").asText()).isEqualTo("n");
        assertThat(inside.path("values").has("expired")).as("its time bound does not hold").isFalse();
        assertThat(inside.path("target").asText()).isEqualTo("fish");
        assertThat(inside.path("params").path("pitch").asText()).isEqualTo("fish");
        assertThat(inside.path("params").path("expired").isNull()).isTrue();

        assertThat(write(token, Map.of(location, at(10, 10))).status()).isEqualTo(200);
        assertThat(editAttribute(set, note, "m").status()).isEqualTo(200);
        JsonNode outside = globalState(watcher);
        assertThat(outside.path("values").has("pitch")).as("outside the area, as a read shows it").isFalse();
        assertThat(outside.path("values").has("expired")).isFalse();
        assertThat(outside.path("values").path("note").asText()).isEqualTo("m");
        assertThat(outside.path("target").isNull()).isTrue();
        assertThat(outside.path("params").path("pitch").isNull()).isTrue();
    }

    @Test
    void actionChangesToABoundedRecipientAreJudgedWhereTheTokenIsWhenWritten() {
        long berth = areaAttribute(alice, "berth", 60, 60);
        long note = id(alice.post("/core/attributes", Map.of("name", "log", "value", Map.of("value_type", "string"))));
        long barge = locatedType(alice, "barge", berth, note);
        long towed = locatedType(alice, "towed", berth, note);
        // Runs first (lower id): moves the towed token into the wharf before the berth is assigned.
        action(Map.of("name", "tow-in", "target_attribute_id", note, "lifecycles", List.of("mass_attribute_change"),
                "recipient", Map.of("attribute_id", location),
                "script", Map.of("source", "(input) => ({ changes: [{ name: 'location', value: { lat: 60.5, lon: 60.5 } }] })")),
                towed);
        action(Map.of("name", "assign-berth", "target_attribute_id", note, "lifecycles", List.of("mass_attribute_change"),
                "recipient", Map.of("attribute_id", berth),
                "script", Map.of("source", "(input) => ({ changes: [{ name: 'berth', value: 'east' }] })")), barge, towed);

        long moored = id(alice.post("/core/token-sets", Map.of("name", "moored")));
        long inside = token(barge, moored, values(location, at(60.5, 60.5)));
        assertThat(editAttribute(moored, note, "a").status()).isEqualTo(200);
        assertThat(shown(inside, berth).asText()).isEqualTo("east");

        long adrift = id(alice.post("/core/token-sets", Map.of("name", "adrift")));
        long outside = token(barge, adrift, values(location, at(70, 70), note, "before"));
        TestResponse refused = editAttribute(adrift, note, "after");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.problemCode()).isEqualTo("core.attribute_out_of_bounds");
        assertThat(refused.json().path("detail").asText()).contains("assign-berth", "berth");
        assertThat(shown(outside, note).asText()).as("the whole operation rolled back").isEqualTo("before");

        long tow = id(alice.post("/core/token-sets", Map.of("name", "tow")));
        long pulled = token(towed, tow, values(location, at(70, 70)));
        TestResponse edited = editAttribute(tow, note, "a");
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(shown(pulled, berth).asText()).as("judged where tow-in left it").isEqualTo("east");
    }

    @Test
    void attributeFiltersDoNotMatchValuesOutOfBounds() {
        long zone = id(alice.post("/core/map-bounds", Map.of("name", "plaza", "geometry", BoundsFixtures.square(80, 80))));
        long bygone = pastTimeBound(alice, "old-times");
        long era = timeBound(alice, "our-era", "2000-01-01T00:00:00Z", "2999-12-31T23:59:59Z");
        long eligible = id(alice.post("/core/attributes", Map.of("name", "eligible", "value", Map.of("value_type", "json"),
                "bounds", Map.of("map", List.of(zone)))));
        long lapsed = id(alice.post("/core/attributes", Map.of("name", "lapsed", "value",
                Map.of("value_type", "json", "default", true), "bounds", Map.of("time", List.of(bygone)))));
        long current = id(alice.post("/core/attributes", Map.of("name", "current", "value",
                Map.of("value_type", "json", "default", true), "bounds", Map.of("time", List.of(era)))));
        long ticket = locatedType(alice, "ticket", eligible, lapsed, current);
        long filter = systemAttribute("attribute_filter");
        long source = id(alice.post("/core/token-sets", Map.of("name", "issued")));
        long stayed = token(ticket, source, values(location, at(80.5, 80.5), eligible, true));
        long left = token(ticket, source, values(location, at(80.5, 80.5), eligible, true));
        assertThat(write(left, Map.of(location, at(90, 90))).status()).isEqualTo(200);

        long inArea = id(alice.post("/core/type-groups", Map.of("name", "in-area",
                "members", List.of(Map.of("token_type", ticket)), "values", values(filter, eligible))));
        long used = id(alice.post("/core/token-sets", Map.of("name", "used")));
        TestResponse moved = alice.post("/core/set-operations", Map.of("operation", "remove", "source_set", source,
                "destination_set", used, "type_group", inArea));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.json().path("moved").asLong()).as("only the token inside the area matches").isEqualTo(1);
        assertThat(sets(stayed)).containsExactly(used);
        assertThat(sets(left)).containsExactly(source);

        long outOfTime = id(alice.post("/core/type-groups", Map.of("name", "lapsed-ones",
                "members", List.of(Map.of("token_type", ticket, "minimum_needed", 1)), "values", values(filter, lapsed))));
        TestResponse none = alice.post("/core/set-operations", Map.of("operation", "remove", "source_set", source,
                "destination_set", used, "type_group", outOfTime));
        assertThat(none.status()).as("a default out of its time bounds does not match either: " + none).isEqualTo(409);
        assertThat(none.problemCode()).isEqualTo("core.insufficient_tokens");

        long inTime = id(alice.post("/core/type-groups", Map.of("name", "current-ones",
                "members", List.of(Map.of("token_type", ticket, "minimum_needed", 1)), "values", values(filter, current))));
        TestResponse all = alice.post("/core/set-operations", Map.of("operation", "remove", "source_set", source,
                "destination_set", used, "type_group", inTime));
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        assertThat(all.json().path("moved").asLong()).isEqualTo(1);
    }

    /** An action script keeping, per token id, the values it was given as its global state. */
    private static final String RECORD_VALUES = """
            (input) => ({ global_state: Object.fromEntries(input.target_tokens.map(t => [String(t.id), t.values])) })""";

    @Test
    void cronRunsSeeOnlyTheValuesThatApplyAtTheFireTime() {
        long hourly = id(alice.post("/core/time-bounds", Map.of("name", "hourly-in-2025", "start", "2025-01-01T00:00:00Z",
                "stop", "2025-12-31T23:59:59Z", "cron", "0 * * * *", "period_length", "PT10M")));
        long summer = timeBound(alice, "summer-2025", "2025-05-01T00:00:00Z", "2025-07-01T00:00:00Z");
        long autumnOn = timeBound(alice, "autumn-2025-on", "2025-09-01T00:00:00Z", "2999-12-31T23:59:59Z");
        long meter = id(alice.post("/core/attributes", Map.of("name", "reading", "value",
                Map.of("value_type", "numeric", "default", 1), "bounds", Map.of("time", List.of(hourly)))));
        // Holds at the fire time (June 2025), not now: its default is all it can have.
        long season = id(alice.post("/core/attributes", Map.of("name", "season", "value",
                Map.of("value_type", "string", "default", "summer"), "bounds", Map.of("time", List.of(summer)))));
        // Holds now, not at the fire time.
        long tariff = id(alice.post("/core/attributes", Map.of("name", "tariff", "value", Map.of("value_type", "string"),
                "bounds", Map.of("time", List.of(autumnOn)))));
        long gauge = id(alice.post("/core/token-types", Map.of("name", "gauge", "attributes", List.of(meter, season, tariff))));
        long reader = action(Map.of("name", "meter-reader", "target_attribute_id", meter, "triggers", List.of("cron"),
                "script", Map.of("source", RECORD_VALUES)), gauge);
        long set = id(alice.post("/core/token-sets", Map.of("name", "gauges")));
        long token = token(gauge, set, values(tariff, "peak"));
        assertThat(shown(token, tariff).asText()).isEqualTo("peak");

        CronActionSweep sweep = host.context().getBean(CronActionSweep.class);
        assertThat(sweep.sweep(Instant.parse("2025-06-01T10:02:00Z"))).isEqualTo(1);
        JsonNode seen = globalState(reader).path(String.valueOf(token));
        assertThat(seen.path("reading").asInt()).as("its cron bound holds at 10:00").isEqualTo(1);
        assertThat(seen.path("season").asText()).as("judged at the fire time, not now").isEqualTo("summer");
        assertThat(seen.has("tariff")).as("its time bound does not hold at the fire time").isFalse();
    }

    @Test
    void aPerSetActionSeesEachTokensValuesAsTheyApplyToThatToken() {
        long stand = areaAttribute(alice, "stand", 70, 20);
        long tally = id(alice.post("/core/attributes", Map.of("name", "tally", "value", Map.of("value_type", "string"))));
        long stallholder = locatedType(alice, "stallholder", stand, tally);
        long survey = action(Map.of("name", "survey", "target_attribute_id", tally, "lifecycles",
                List.of("mass_attribute_change"), "per_token", false, "script", Map.of("source", RECORD_VALUES)), stallholder);
        long set = id(alice.post("/core/token-sets", Map.of("name", "stallholders")));
        long inside = token(stallholder, set, values(location, at(20.5, 70.5), stand, "apples"));
        long outside = token(stallholder, set, values(location, at(20.5, 70.5), stand, "pears"));
        assertThat(write(outside, Map.of(location, at(25, 75))).status()).isEqualTo(200);

        assertThat(editAttribute(set, tally, "counted").status()).isEqualTo(200);
        JsonNode seen = globalState(survey);
        assertThat(seen.size()).as("one run with both tokens").isEqualTo(2);
        assertThat(seen.path(String.valueOf(inside)).path("stand").asText()).isEqualTo("apples");
        assertThat(seen.path(String.valueOf(outside)).has("stand")).as("outside the area, for that token only").isFalse();
        assertThat(seen.path(String.valueOf(outside)).path("tally").asText()).isEqualTo("counted");
    }

    @Test
    void attributeFiltersMatchOnlyValuesTheCallerMayReadAndThatAreInBounds() {
        CoreClient bob = CoreClient.create(host, "bob");
        CoreClient carol = CoreClient.create(host, "carol");
        bob.get("/core/me");
        carol.get("/core/me");
        long readers = id(alice.post("/core/groups", Map.of("name", "badge-readers")));
        assertThat(alice.put("/core/groups/" + readers + "/members/" + bob.userId()).status()).isEqualTo(204);
        long gate = id(alice.post("/core/map-bounds", Map.of("name", "gate", "geometry", BoundsFixtures.square(20, 70))));
        long badge = id(alice.post("/core/attributes", Map.of("name", "badge", "value", Map.of("value_type", "json"),
                "bounds", Map.of("map", List.of(gate)), "permissions", Map.of("read_user_groups", List.of(readers)))));
        long guest = locatedType(alice, "guest", badge);
        long allowsSet = systemAttribute("allows_set");
        long open = id(alice.post("/core/token-sets", Map.of("name", "guests",
                "values", values(systemAttribute("allows_set_operation"), true))));
        long inside = token(guest, open, values(location, at(70.5, 20.5), badge, true, allowsSet, true));
        long outside = token(guest, open, values(location, at(70.5, 20.5), badge, true, allowsSet, true));
        assertThat(write(outside, Map.of(location, at(75, 25))).status()).isEqualTo(200);

        TestResponse byBob = combineBadged(bob, open, guest, badge);
        assertThat(byBob.status()).as(byBob.toString()).isEqualTo(200);
        assertThat(byBob.json().path("selected").asLong()).as("bob may read both, one is in bounds").isEqualTo(1);
        long bobs = byBob.json().path("destination_set").asLong();
        assertThat(bob.get("/core/token-sets/" + bobs + "/tokens").json().path("items").findValuesAsText("id"))
                .containsExactly(String.valueOf(inside));

        TestResponse byCarol = combineBadged(carol, open, guest, badge);
        assertThat(byCarol.status()).as(byCarol.toString()).isEqualTo(200);
        assertThat(byCarol.json().path("selected").asLong()).as("carol may read neither, in bounds or not").isZero();
    }

    /** The client combines into a new set of its own the tokens of the source whose badge is truthy. */
    private static TestResponse combineBadged(CoreClient client, long source, long type, long badge) {
        long group = id(client.post("/core/type-groups", Map.of("name", "badged-" + client.username(),
                "members", List.of(Map.of("token_type", type)), "values", values(systemAttribute("attribute_filter"), badge))));
        long destination = id(client.post("/core/token-sets", Map.of("name", "badged")));
        return client.post("/core/set-operations", Map.of("operation", "combine", "source_set", source,
                "destination_set", destination, "type_group", group));
    }
}
