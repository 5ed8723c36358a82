package org.applecore.platform.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestPluginArchive;
import org.applecore.platform.testing.TestResponse;
import org.applecore.testplugins.EchoPlugin;
import org.applecore.testplugins.ExplodingPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Installing, switching and removing plugins at runtime on the real host with the real Boards archive. */
class PluginLifecycleTest {

    private TestHost host;
    private String admin;

    @BeforeEach
    void startHost() {
        host = TestHost.start();
        admin = host.loginAsAdmin();
    }

    @AfterEach
    void stopHost() {
        host.close();
    }

    @Test
    void bundledBoardsPluginIsInstalledStartedAndListedWithItsRoutes() {
        JsonNode boards = plugin("boards");
        assertThat(boards.path("state").asText()).isEqualTo("STARTED");
        assertThat(boards.path("enabled").asBoolean()).isTrue();
        assertThat(boards.path("bundled").asBoolean()).isTrue();
        assertThat(boards.path("version").asText()).isEqualTo("1.0.0");
        assertThat(boards.path("routes").findValuesAsText("path")).contains("/api/boards", "/api/boards/{boardId}/entries");
        assertThat(host.get("/api/boards", admin).status()).isEqualTo(200);
    }

    @Test
    void disabledPluginAnswers404NotEnabledAndServesAgainOnceEnabled() {
        TestResponse disabled = host.post("/admin/plugins/boards/disable", admin, "");
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json().path("state").asText()).isEqualTo("DISABLED");
        assertThat(disabled.json().path("routes")).isEmpty();

        TestResponse route = host.get("/api/boards", admin);
        assertThat(route.status()).isEqualTo(404);
        assertThat(route.contentType()).startsWith("application/problem+json");
        assertThat(route.problemCode()).isEqualTo("plugin.not_enabled");
        assertThat(route.json().path("detail").asText()).contains("boards").contains("not enabled");

        TestResponse enabled = host.post("/admin/plugins/boards/enable", admin, "");
        assertThat(enabled.json().path("state").asText()).isEqualTo("STARTED");
        assertThat(host.get("/api/boards", admin).status()).isEqualTo(200);
    }

    @Test
    void removedPluginDisappearsAndCanBeReinstalledByUpload() {
        assertThat(host.delete("/admin/plugins/boards", admin).status()).isEqualTo(204);
        assertThat(host.get("/api/boards", admin).problemCode()).isEqualTo("plugin.not_enabled");
        assertThat(host.get("/admin/plugins", admin).json().path("items").findValuesAsText("id")).doesNotContain("boards");
        assertThat(host.get("/admin/plugins/boards", admin).status()).isEqualTo(404);

        TestResponse installed = host.uploadPlugin(admin, TestHost.bundledArchive("boards"));
        assertThat(installed.status()).isEqualTo(201);
        assertThat(installed.json().path("state").asText()).isEqualTo("STARTED");
        assertThat(installed.json().path("bundled").asBoolean()).isFalse();
        assertThat(host.get("/api/boards", admin).status()).isEqualTo(200);
    }

    @Test
    void operatorChoicesSurviveARestart() {
        host.post("/admin/plugins/boards/disable", admin, "");
        host.uploadPlugin(admin, echoArchive("echo"));
        host.restart();
        admin = host.loginAsAdmin();
        assertThat(plugin("boards").path("state").asText()).isEqualTo("DISABLED");
        assertThat(plugin("echo").path("state").asText()).isEqualTo("STARTED");
        assertThat(host.get("/api/boards", admin).problemCode()).isEqualTo("plugin.not_enabled");

        host.delete("/admin/plugins/boards", admin);
        host.restart();
        admin = host.loginAsAdmin();
        // A removed bundled plugin is not installed again from the bundled directory.
        assertThat(host.get("/admin/plugins", admin).json().path("items").findValuesAsText("id"))
                .containsExactly("echo");
    }

    @Test
    void disablingAPluginLetsItsRequestsInFlightFinishAndTakesNoNewOnes() throws Exception {
        assertThat(host.uploadPlugin(admin, echoArchive("echo")).status()).isEqualTo(201);
        java.util.concurrent.CompletableFuture<TestResponse> inFlight = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> host.get("/api/echo/wait?ms=1500", null));
        Thread.sleep(400);

        long started = System.nanoTime();
        TestResponse disabled = host.post("/admin/plugins/echo/disable", admin, "");
        long disableMillis = (System.nanoTime() - started) / 1_000_000;
        TestResponse afterwards = host.get("/api/echo/wait?ms=0", null);

        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
        TestResponse finished = inFlight.get();
        assertThat(finished.status()).as("the request in flight finished on a running plugin: " + finished).isEqualTo(200);
        assertThat(finished.json().path("notes").asLong()).isZero();
        assertThat(disableMillis).as("the disable waited for it").isGreaterThanOrEqualTo(700);
        assertThat(afterwards.status()).isEqualTo(404);
        assertThat(afterwards.problemCode()).isEqualTo("plugin.not_enabled");
    }

    @Test
    void newerBundledArchiveReplacesTheBundledOneButKeepsTheOperatorsChoice() throws IOException {
        Path bundled = Files.createTempDirectory("bundled");
        Files.write(bundled.resolve("echo-1.0.0.zip"), echoArchive("echo"));
        try (TestHost own = TestHost.start(java.util.Map.of("applecore.plugins-dir", bundled.toString()))) {
            String operator = own.loginAsAdmin();
            assertThat(own.get("/admin/plugins/echo", operator).json().path("version").asText()).isEqualTo("1.0.0");
            own.post("/admin/plugins/echo/disable", operator, "");

            Files.delete(bundled.resolve("echo-1.0.0.zip"));
            Files.write(bundled.resolve("echo-1.1.0.zip"), TestPluginArchive.plugin("echo", EchoPlugin.class)
                    .version("1.1.0").build());
            own.restart();
            operator = own.loginAsAdmin();
            JsonNode echo = own.get("/admin/plugins/echo", operator).json();
            assertThat(echo.path("version").asText()).isEqualTo("1.1.0");
            assertThat(echo.path("state").asText()).isEqualTo("DISABLED");
        }
    }

    @Test
    void pluginWhoseStartThrowsIsFailedAndIsolated() {
        TestResponse upload = host.uploadPlugin(admin,
                TestPluginArchive.plugin("exploding", ExplodingPlugin.class).build());
        assertThat(upload.status()).isEqualTo(201);
        assertThat(upload.json().path("state").asText()).isEqualTo("FAILED");
        assertThat(upload.json().path("last_error").asText()).contains("exploding plugin refuses to start");

        JsonNode listed = plugin("exploding");
        assertThat(listed.path("state").asText()).isEqualTo("FAILED");
        assertThat(listed.path("last_error").asText()).contains("exploding plugin refuses to start");
        // The route it registered before throwing was never published.
        assertThat(host.get("/api/exploding/ping", null).problemCode()).isEqualTo("plugin.not_enabled");
        assertThat(host.get("/api/boards", admin).status()).isEqualTo(200);
        assertThat(host.get("/health", null).status()).isEqualTo(200);
    }

    @Test
    void pluginRequiringAnotherPlatformVersionIsRefused() {
        TestResponse upload = host.uploadPlugin(admin,
                TestPluginArchive.plugin("future", EchoPlugin.class).requires(">=2.0.0").build());
        assertThat(upload.status()).isEqualTo(422);
        assertThat(upload.problemCode()).isEqualTo("plugin.platform_version_mismatch");
        assertThat(upload.json().path("detail").asText()).contains(">=2.0.0").contains("1.0.0");
        assertThat(host.get("/admin/plugins/future", admin).status()).isEqualTo(404);
    }

    @Test
    void pluginWithAMissingDependencyIsRefused() {
        TestResponse upload = host.uploadPlugin(admin,
                TestPluginArchive.plugin("needy", EchoPlugin.class).dependencies("ledger@>=1.0.0").build());
        assertThat(upload.status()).isEqualTo(422);
        assertThat(upload.problemCode()).isEqualTo("plugin.dependency_missing");
        assertThat(upload.json().path("detail").asText()).contains("ledger");

        TestResponse wrongVersion = host.uploadPlugin(admin,
                TestPluginArchive.plugin("needy", EchoPlugin.class).dependencies("boards@>=3.0.0").build());
        assertThat(wrongVersion.status()).isEqualTo(422);
        assertThat(wrongVersion.json().path("detail").asText()).contains("boards").contains("1.0.0");
        assertThat(host.get("/admin/plugins/needy", admin).status()).isEqualTo(404);
    }

    @Test
    void disablingOrRemovingAPluginThatAnEnabledPluginNeedsIsRefusedNamingIt() {
        TestResponse dependant = host.uploadPlugin(admin,
                TestPluginArchive.plugin("boards-addon", EchoPlugin.class).dependencies("boards@>=1.0.0").build());
        assertThat(dependant.json().path("state").asText()).isEqualTo("STARTED");

        TestResponse disable = host.post("/admin/plugins/boards/disable", admin, "");
        assertThat(disable.status()).isEqualTo(409);
        assertThat(disable.problemCode()).isEqualTo("plugin.required_by");
        assertThat(disable.json().path("detail").asText()).contains("boards-addon");
        assertThat(host.delete("/admin/plugins/boards", admin).status()).isEqualTo(409);
        assertThat(plugin("boards").path("state").asText()).isEqualTo("STARTED");

        host.post("/admin/plugins/boards-addon/disable", admin, "");
        assertThat(host.post("/admin/plugins/boards/disable", admin, "").status()).isEqualTo(200);
        TestResponse enableAddon = host.post("/admin/plugins/boards-addon/enable", admin, "");
        assertThat(enableAddon.status()).isEqualTo(409);
        assertThat(enableAddon.problemCode()).isEqualTo("plugin.dependency_disabled");
    }

    @Test
    void malformedArchivesAreRejectedAndLeaveNothingBehind() throws IOException {
        String before = host.get("/admin/plugins", admin).rawBody();

        assertRejected("this is not a zip".getBytes(StandardCharsets.UTF_8), "plugin.archive_not_zip");
        assertRejected(new byte[0], "plugin.archive_empty");
        assertRejected(zipWith("../evil.txt", "plugin.properties"), "plugin.archive_unsafe_entry");
        assertRejected(zipWith("classes/../../evil.class", "plugin.properties"), "plugin.archive_unsafe_entry");
        assertRejected(zipWith("/etc/evil", "plugin.properties"), "plugin.archive_unsafe_entry");
        assertRejected(TestPluginArchive.plugin("nodescriptor", EchoPlugin.class).withoutDescriptor().build(),
                "plugin.descriptor_missing");
        assertRejected(TestPluginArchive.plugin("Bad_Id", EchoPlugin.class).build(), "plugin.descriptor_invalid");
        assertRejected(TestPluginArchive.plugin("sneaky", EchoPlugin.class)
                .entry("classes/org/applecore/sdk/ApplecorePlugin.class", "x").build(), "plugin.archive_bundles_host_classes");

        assertRejected(TestPluginArchive.plugin("sneakylib", EchoPlugin.class)
                .entry("lib/helpers.jar", zipWith("org/pf4j/PluginManager.class"))
                .build(), "plugin.archive_bundles_host_classes");

        assertThat(host.get("/admin/plugins", admin).rawBody()).isEqualTo(before);
        Path work = Path.of(host.context().getProperty("applecore.data-dir", String.class).orElseThrow()).resolve("plugin-work");
        try (var dirs = Files.walk(work)) {
            assertThat(dirs.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("evil") || n.startsWith("nodescriptor")
                    || n.startsWith("sneaky"));
        }
    }

    @Test
    void pluginOperatorApiNeedsAnAdmin() {
        assertThat(host.get("/admin/plugins", null).status()).isEqualTo(401);
        String user = host.createUserAndLogin("plain-user");
        TestResponse forbidden = host.get("/admin/plugins", user);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.contentType()).startsWith("application/problem+json");
        assertThat(host.post("/admin/plugins/boards/disable", user, "").status()).isEqualTo(403);
        assertThat(host.uploadPlugin(user, echoArchive("echo")).status()).isEqualTo(403);
        assertThat(host.delete("/admin/plugins/boards", user).status()).isEqualTo(403);
        assertThat(plugin("boards").path("state").asText()).isEqualTo("STARTED");
    }

    @Test
    void anotherHostOnTheSameDatabaseFollowsTheOperatorsChoice() throws InterruptedException {
        try (TestHost peer = host.startPeer()) {
            String peerAdmin = peer.loginAsAdmin();
            assertThat(peer.get("/api/boards", peerAdmin).status()).isEqualTo(200);
            host.post("/admin/plugins/boards/disable", admin, "");
            awaitStatus(peer, "/api/boards", peerAdmin, 404);
            host.uploadPlugin(admin, echoArchive("echo"));
            awaitStatus(peer, "/api/echo", null, 200);
            host.post("/admin/plugins/boards/enable", admin, "");
            awaitStatus(peer, "/api/boards", peerAdmin, 200);
        }
    }

    private static void awaitStatus(TestHost target, String path, String token, int status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = target.get(path, token).status();
            if (last == status) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " on the peer answered " + last + ", expected " + status);
    }

    private void assertRejected(byte[] archive, String code) {
        TestResponse response = host.uploadPlugin(admin, archive);
        assertThat(response.status()).as(code).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.problemCode()).isEqualTo(code);
    }

    private JsonNode plugin(String id) {
        TestResponse response = host.get("/admin/plugins/" + id, admin);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    static byte[] echoArchive(String id) {
        return TestPluginArchive.plugin(id, EchoPlugin.class)
                .entry("classes/db/migration/V1__note.sql", "CREATE TABLE note (id BIGSERIAL PRIMARY KEY, text TEXT NOT NULL);")
                .build();
    }

    private static byte[] zipWith(String... names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : names) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(name.equals("plugin.properties")
                        ? "plugin.id=evil\nplugin.version=1.0.0\nplugin.class=x.Y\n".getBytes(StandardCharsets.UTF_8)
                        : new byte[]{1, 2, 3});
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
