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
    void aPluginCallsTheCoreAsTheCallingUser() {
        CoreClient alice = CoreClient.create(host, "plug-alice");
        String jwt = alice.jwt();

        JsonNode me = relay(jwt, "GET", "/core/me", null);
        JsonNode created = relay(jwt, "POST", "/core/groups", Map.of("name", "Made by a plugin"));

        assertThat(me.path("status").asInt()).isEqualTo(200);
        assertThat(me.path("json").path("id").asLong()).isEqualTo(alice.userId());
        assertThat(me.path("json").path("full_admin").asBoolean()).isFalse();
        assertThat(created.path("status").asInt()).isEqualTo(201);
        long group = created.path("json").path("id").asLong();
        assertThat(created.path("json").path("owner_id").asLong()).isEqualTo(alice.userId());
        assertThat(alice.get("/core/groups/" + group).status()).isEqualTo(200);
    }

    @Test
    void aPluginGetsTheSameRefusalsAsTheRestApi() {
        CoreClient alice = CoreClient.create(host, "plug-owner");
        CoreClient mallory = CoreClient.create(host, "plug-mallory");
        long group = alice.post("/core/groups", Map.of("name", "Private")).json().path("id").asLong();
        TestResponse direct = mallory.get("/core/groups/" + group);

        JsonNode read = relay(mallory.jwt(), "GET", "/core/groups/" + group, null);
        JsonNode join = relay(mallory.jwt(), "PUT", "/core/groups/" + group + "/members/" + mallory.userId(), null);
        JsonNode badName = relay(mallory.jwt(), "POST", "/core/groups", Map.of("name", ""));

        assertThat(read.path("status").asInt()).isEqualTo(404);
        assertThat(read.path("code").asText()).isEqualTo("core.group_not_found");
        assertThat(read.path("json")).isEqualTo(direct.json());
        assertThat(join.path("status").asInt()).isEqualTo(404);
        assertThat(badName.path("status").asInt()).isEqualTo(400);
        assertThat(badName.path("code").asText()).isEqualTo("core.invalid_group_name");
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
