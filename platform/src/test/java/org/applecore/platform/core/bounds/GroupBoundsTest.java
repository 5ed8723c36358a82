package org.applecore.platform.core.bounds;

import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Inherited groups whose membership holds only inside an area or a time window, and the permissions that follow. */
class GroupBoundsTest {

    private static TestHost host;
    private static CoreClient alice;
    private static CoreClient bob;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        alice = CoreClient.create(host, "alice");
        bob = CoreClient.create(host, "bob");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    private static long id(TestResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().path("id").asLong();
    }

    /** What bob reads of the token's secret, from where he says he is (null: he says nothing). */
    private static String secretSeenBy(long token, String location) {
        var request = bob.request("/core/tokens/" + token).GET();
        if (location != null) {
            request.header("X-Applecore-Location", location);
        }
        TestResponse read = host.send(request);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        for (var value : read.json().path("values")) {
            if (value.path("name").asText().equals("shift-notes")) {
                return value.path("value").asText();
            }
        }
        return null;
    }

    @Test
    void boundedMembershipGrantsReadingOnlyWhereAndWhenItHolds() {
        long staff = id(alice.post("/core/groups", Map.of("name", "staff")));
        assertThat(alice.put("/core/groups/" + staff + "/members/" + bob.userId()).status()).isEqualTo(204);
        long onSite = id(alice.post("/core/groups", Map.of("name", "on-site", "parent_group_id", staff)));
        long notes = id(alice.post("/core/attributes", Map.of("name", "shift-notes", "value", Map.of("value_type", "string"),
                "permissions", Map.of("read_user_groups", List.of(onSite)))));
        long board = id(alice.post("/core/token-types", Map.of("name", "board", "attributes", List.of(notes))));
        long set = id(alice.post("/core/token-sets", Map.of("name", "boards")));
        long token = id(alice.post("/core/tokens", Map.of("token_type", board, "set", set,
                "values", Map.of(String.valueOf(notes), "door code 1234"))));
        assertThat(secretSeenBy(token, null)).as("inherited membership, no bounds yet").isEqualTo("door code 1234");

        long site = id(alice.post("/core/map-bounds", Map.of("name", "site", "geometry", Map.of("type", "Polygon",
                "coordinates", List.of(List.of(List.of(10, 50), List.of(11, 50), List.of(11, 51), List.of(10, 51), List.of(10, 50)))))));
        TestResponse bounded = alice.put("/core/groups/" + onSite + "/bounds", Map.of("map", List.of(site)));
        assertThat(bounded.status()).as(bounded.toString()).isEqualTo(200);
        assertThat(bounded.json().path("map").get(0).asLong()).isEqualTo(site);
        assertThat(secretSeenBy(token, "50.5,10.5")).isEqualTo("door code 1234");
        assertThat(secretSeenBy(token, "48.0,2.0")).as("outside the area").isNull();
        assertThat(secretSeenBy(token, null)).as("no location, no area membership").isNull();

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long past = id(alice.post("/core/time-bounds", Map.of("name", "last-year", "start", now.minus(400, ChronoUnit.DAYS).toString(),
                "stop", now.minus(35, ChronoUnit.DAYS).toString())));
        long current = id(alice.post("/core/time-bounds", Map.of("name", "this-week", "start", now.minus(1, ChronoUnit.DAYS).toString(),
                "stop", now.plus(6, ChronoUnit.DAYS).toString())));
        alice.put("/core/groups/" + onSite + "/bounds", Map.of("time", List.of(past)));
        assertThat(secretSeenBy(token, null)).as("outside the time window").isNull();
        alice.put("/core/groups/" + onSite + "/bounds", Map.of("time", List.of(current)));
        assertThat(secretSeenBy(token, null)).isEqualTo("door code 1234");

        // A group inheriting from the bounded one is bounded by it too.
        long subgroup = id(alice.post("/core/groups", Map.of("name", "on-site-leads", "parent_group_id", onSite)));
        alice.patch("/core/attributes/" + notes, Map.of("permissions", Map.of("read_user_groups", List.of(subgroup))));
        assertThat(secretSeenBy(token, null)).isEqualTo("door code 1234");
        alice.put("/core/groups/" + onSite + "/bounds", Map.of("time", List.of(past)));
        assertThat(secretSeenBy(token, null)).isNull();
    }

    @Test
    void onlyAdminsBoundInheritedGroups() {
        long crew = id(alice.post("/core/groups", Map.of("name", "crew")));
        alice.put("/core/groups/" + crew + "/members/" + bob.userId());
        long nights = id(alice.post("/core/groups", Map.of("name", "nights", "parent_group_id", crew)));
        assertThat(bob.put("/core/groups/" + nights + "/bounds", Map.of("time", List.of())).problemCode())
                .isEqualTo("core.not_group_admin");
        assertThat(alice.put("/core/groups/" + crew + "/bounds", Map.of("time", List.of())).problemCode())
                .isEqualTo("core.group_not_inherited");
        long bobsZone = id(bob.post("/core/map-bounds", Map.of("name", "bobs-zone", "geometry", Map.of("type", "Polygon",
                "coordinates", List.of(List.of(List.of(0, 0), List.of(1, 0), List.of(1, 1), List.of(0, 1), List.of(0, 0)))))));
        assertThat(alice.put("/core/groups/" + nights + "/bounds", Map.of("map", List.of(bobsZone))).problemCode())
                .isEqualTo("core.bound_not_usable");
        assertThat(alice.get("/core/groups/" + nights + "/bounds").json().path("map").isEmpty()).isTrue();
    }
}
