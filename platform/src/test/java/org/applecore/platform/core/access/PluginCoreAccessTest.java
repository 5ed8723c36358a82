package org.applecore.platform.core.access;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.database.Database;
import org.applecore.platform.testing.CoreClient;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestPluginArchive;
import org.applecore.platform.testing.TestResponse;
import org.applecore.testplugins.CoreCallingPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PluginCoreAccessTest {

    private static TestHost host;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        TestResponse installed = host.uploadPlugin(host.loginAsAdmin(),
                TestPluginArchive.plugin("corecall", CoreCallingPlugin.class).build());
        assertThat(installed.json().path("state").asText()).as(installed.toString()).isEqualTo("STARTED");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void aPluginReadsTheCoreAsTheCallingUser() {
        CoreClient alice = CoreClient.create(host, "plug-alice");
        String jwt = alice.jwt();

        JsonNode me = relay(jwt, "GET", "/core/me", null);

        assertThat(me.path("status").asInt()).isEqualTo(200);
        assertThat(me.path("json").path("id").asLong()).isEqualTo(alice.userId());
        assertThat(me.path("json").path("full_admin").asBoolean()).isFalse();
    }

    @Test
    void aRouteWriteIsRefusedWithoutReachingTheCoreAndTheSameChangeThroughAJobSucceeds() {
        CoreClient alice = CoreClient.create(host, "plug-writer");
        String jwt = alice.jwt();
        long groupsBefore = count("SELECT count(*) FROM core.user_group WHERE owner_id = ?", alice.userId());
        long tokensBefore = count("SELECT count(*) FROM core.core_token WHERE kind = 'job' AND user_id = ?", alice.userId());

        for (String method : new String[]{"POST", "PUT", "PATCH", "DELETE"}) {
            JsonNode refused = relay(jwt, method, "/core/groups", method.equals("DELETE") ? null : Map.of("name", "Made by a route"));
            assertThat(refused.path("status").asInt()).as(method).isEqualTo(409);
            assertThat(refused.path("code").asText()).as(method).isEqualTo("core.writes_go_through_jobs");
            assertThat(refused.path("json").path("detail").asText()).as(method).contains("submit a job");
        }
        // Refused in-process: no group, and no core token was even issued.
        assertThat(count("SELECT count(*) FROM core.user_group WHERE owner_id = ?", alice.userId())).isEqualTo(groupsBefore);
        assertThat(count("SELECT count(*) FROM core.core_token WHERE kind = 'job' AND user_id = ?", alice.userId()))
                .isEqualTo(tokensBefore);

        TestResponse submitted = host.post("/api/corecall/submit", jwt,
                Map.of("type", "core.group.create", "input", Map.of("body", Map.of("name", "Made by a job"))));
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
        JsonNode job = awaitEnd(jwt, submitted.json().path("ref").asText());

        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("succeeded");
        long group = job.path("results").path(0).path("result").path("id").asLong();
        assertThat(job.path("results").path(0).path("result").path("owner_id").asLong()).isEqualTo(alice.userId());
        assertThat(alice.get("/core/groups/" + group).json().path("name").asText()).isEqualTo("Made by a job");
    }

    @Test
    void aPluginGetsTheSameRefusalsAsTheRestApi() {
        CoreClient alice = CoreClient.create(host, "plug-owner");
        CoreClient mallory = CoreClient.create(host, "plug-mallory");
        long group = alice.post("/core/groups", Map.of("name", "Private")).json().path("id").asLong();
        TestResponse direct = mallory.get("/core/groups/" + group);

        JsonNode read = relay(mallory.jwt(), "GET", "/core/groups/" + group, null);
        JsonNode members = relay(mallory.jwt(), "GET", "/core/groups/" + group + "/members", null);

        assertThat(read.path("status").asInt()).isEqualTo(404);
        assertThat(read.path("code").asText()).isEqualTo("core.group_not_found");
        assertThat(read.path("json")).isEqualTo(direct.json());
        assertThat(members.path("status").asInt()).isEqualTo(404);
        assertThat(alice.get("/core/groups/" + group + "/members").json().path("items")).hasSize(1);
    }

    @Test
    void theTokensOfPluginCallsAreRevokedAfterEachCall() {
        CoreClient carol = CoreClient.create(host, "plug-carol");
        String jwt = carol.jwt();
        for (int i = 0; i < 3; i++) {
            assertThat(relay(jwt, "GET", "/core/me", null).path("status").asInt()).isEqualTo(200);
        }

        assertThat(count("SELECT count(*) FROM core.core_token WHERE kind = 'job' AND user_id = ?", carol.userId())).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM core.core_token WHERE kind = 'job' AND user_id = ? AND revoked_at IS NULL",
                carol.userId())).isZero();
        assertThat(carol.get("/core/me").status()).isEqualTo(200);
    }

    @Test
    void aPluginCannotReachPathsOutsideTheCore() {
        CoreClient dave = CoreClient.create(host, "plug-dave");
        String jwt = dave.jwt();

        for (String path : new String[]{"/admin/users", "/me", "/core/../admin/users", "http://example.com/core/me", "/corex"}) {
            JsonNode answer = relay(jwt, "GET", path, null);
            assertThat(answer.path("refused").asText()).as(path).startsWith("not a core API path");
        }
        assertThat(count("SELECT count(*) FROM core.core_token WHERE kind = 'job' AND user_id = ?", dave.userId())).isZero();
    }

    private static JsonNode relay(String jwt, String method, String path, Object body) {
        Map<String, Object> call = new HashMap<>();
        call.put("method", method);
        call.put("path", path);
        call.put("body", body);
        TestResponse response = host.post("/api/corecall/call", jwt, call);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode awaitEnd(String jwt, String ref) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            TestResponse response = host.get("/jobs/" + ref, jwt);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            String status = response.json().path("status").asText();
            if (status.equals("succeeded") || status.equals("failed") || status.equals("cancelled")) {
                return response.json();
            }
            assertThat(System.nanoTime()).as("job " + ref + " did not end: " + response).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static long count(String sql, long userId) {
        return host.context().getBean(Database.class).<Long>inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement(sql)) {
                select.setLong(1, userId);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }
}
