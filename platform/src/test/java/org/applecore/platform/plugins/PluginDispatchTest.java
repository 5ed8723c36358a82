package org.applecore.platform.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The route contract between the host and a plugin, exercised through a test plugin on the real host. */
class PluginDispatchTest {

    private static TestHost host;
    private static String admin;
    private static String user;

    @BeforeAll
    static void startHost() {
        host = TestHost.start(Map.of(
                "applecore.plugin-host.handler-timeout", "1s",
                "applecore.plugin-host.max-body-bytes", 4096));
        admin = host.loginAsAdmin();
        TestResponse installed = host.uploadPlugin(admin, PluginLifecycleTest.echoArchive("echo"));
        assertThat(installed.json().path("state").asText()).as(installed.toString()).isEqualTo("STARTED");
        user = host.createUserAndLogin("echo-user");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void publicRouteGetsDecodedPathVariablesQueryAndHeadersWithoutLogin() {
        TestResponse response = host.send(host.request("/api/echo/items/a%20b%2Fc/notes/7?x=1&x=2&y=z", null)
                .header("User-Agent", "dispatch-test").GET());
        assertThat(response.status()).isEqualTo(200);
        JsonNode echo = response.json();
        assertThat(echo.path("plugin_id").asText()).isEqualTo("echo");
        assertThat(echo.path("path").asText()).isEqualTo("/items/a%20b%2Fc/notes/7");
        assertThat(echo.path("path_variables").path("itemId").asText()).isEqualTo("a b/c");
        assertThat(echo.path("path_variables").path("noteId").asText()).isEqualTo("7");
        assertThat(echo.path("query").path("x").get(0).asText()).isEqualTo("1");
        assertThat(echo.path("query").path("x").get(1).asText()).isEqualTo("2");
        assertThat(echo.path("user_agent").asText()).isEqualTo("dispatch-test");
        assertThat(echo.path("username").isNull()).isTrue();
    }

    @Test
    void rootRouteOfAPluginIsServedWithAndWithoutTrailingPath() {
        assertThat(host.get("/api/echo", null).json().path("plugin").asText()).isEqualTo("echo");
    }

    @Test
    void protectedRouteNeedsALoginAndGetsTheActingUserAndABoundBody() {
        Map<String, Object> greeting = Map.of("display_name", "Ann", "times", 2, "tags", List.of("a", "b"));
        TestResponse anonymous = host.post("/api/echo/greetings", null, greeting);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.problemCode()).isEqualTo("unauthenticated");

        TestResponse response = host.post("/api/echo/greetings", user, greeting);
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.headers().firstValue("X-Echo")).hasValue("yes");
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.json().path("username").asText()).isEqualTo("echo-user");
        assertThat(response.json().path("greeting").path("display_name").asText()).isEqualTo("Ann");
        assertThat(response.json().path("greeting").path("times").asInt()).isEqualTo(2);
    }

    @Test
    void invalidTokenIsTreatedAsNoLogin() {
        assertThat(host.post("/api/echo/greetings", "not-a-jwt", Map.of()).status()).isEqualTo(401);
    }

    @Test
    void badBodiesAreClear400sAndOversizeBodiesAre413() {
        assertProblem(host.post("/api/echo/greetings", user, "{\"display_name\": "), 400, "request.malformed_json");
        assertProblem(host.post("/api/echo/greetings", user, "{\"display_name\":\"A\",\"times\":1,\"tags\":[],\"extra\":1}"),
                400, "request.invalid_body");
        TestResponse wrongType = host.post("/api/echo/greetings", user, "{\"display_name\":\"A\",\"times\":\"lots\",\"tags\":[]}");
        assertProblem(wrongType, 400, "request.invalid_body");
        assertThat(wrongType.json().path("detail").asText()).contains("times");
        assertThat(wrongType.json().path("detail").asText()).doesNotContain("org.applecore").doesNotContain("class ");
        assertProblem(host.post("/api/echo/greetings", user, "{\"display_name\":\"A\",\"times\":\"2\",\"tags\":[]}"),
                400, "request.invalid_body");
        assertProblem(host.post("/api/echo/greetings", user, "{\"display_name\":\"A\",\"times\":2.5,\"tags\":[]}"),
                400, "request.invalid_body");
        assertProblem(host.post("/api/echo/greetings", user, ""), 400, "request.body_required");
        assertProblem(host.post("/api/echo/greetings", user, "null"), 400, "request.body_required");
        String huge = "{\"display_name\":\"" + "x".repeat(5000) + "\",\"times\":1,\"tags\":[]}";
        assertProblem(host.post("/api/echo/greetings", user, huge), 413, "request.body_too_large");
    }

    @Test
    void routeRequiringADeclaredRoleIs403WithoutItAnd200WithIt() {
        assertProblem(host.get("/api/echo/secret", null), 401, "unauthenticated");
        assertProblem(host.get("/api/echo/secret", user), 403, "forbidden");
        assertThat(host.get("/admin/roles", admin).rawBody()).contains("echo-reader");
        String reader = host.createUserAndLogin("echo-reader-user", "echo-reader");
        assertThat(host.get("/api/echo/secret", reader).json().path("secret").asInt()).isEqualTo(42);
    }

    @Test
    void classifiedPluginErrorsKeepTheirStatusAndCode() {
        TestResponse conflict = host.get("/api/echo/conflict", null);
        assertProblem(conflict, 409, "echo.already_there");
        assertThat(conflict.json().path("detail").asText()).isEqualTo("The echo is already there.");
    }

    @Test
    void unclassifiedPluginFailureIsA500ThatRevealsNothing() {
        TestResponse crash = host.get("/api/echo/crash", null);
        assertProblem(crash, 500, "plugin.internal_error");
        assertThat(crash.rawBody()).doesNotContain("hunter2").doesNotContain("IllegalStateException");
        assertThat(host.get("/api/echo", null).status()).isEqualTo(200);
    }

    @Test
    void handlerThatOverrunsItsTimeLimitIsCutOffAndTheHostKeepsServing() {
        long start = System.nanoTime();
        TestResponse slow = host.get("/api/echo/slow", null);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertProblem(slow, 503, "plugin.handler_timeout");
        assertThat(millis).isBetween(900L, 10_000L);
        assertThat(host.get("/api/echo", null).status()).isEqualTo(200);
    }

    @Test
    void unknownRoutesMethodsAndModulesAreDistinguished() {
        assertProblem(host.get("/api/echo/nothing-here", null), 404, "not_found");
        assertProblem(host.delete("/api/echo/secret", admin), 405, "method_not_allowed");
        assertProblem(host.get("/api/nosuchmodule/x", null), 404, "plugin.not_enabled");
    }

    @Test
    void pluginStorageUsesItsOwnMigratedSchema() {
        TestResponse created = host.post("/api/echo/notes", user, Map.of("display_name", "first", "times", 1, "tags", List.of()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("schema").asText()).isEqualTo("plugin_echo");
        TestResponse second = host.post("/api/echo/notes", user, Map.of("display_name", "second", "times", 1, "tags", List.of()));
        assertThat(second.json().path("id").asLong()).isGreaterThan(created.json().path("id").asLong());
    }

    private static void assertProblem(TestResponse response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.problemCode()).isEqualTo(code);
    }
}
