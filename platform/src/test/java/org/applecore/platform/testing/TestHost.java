package org.applecore.platform.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.applecore.platform.Application;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The real host, started in the test JVM on a random loopback port against its own database on the
 * shared embedded PostgreSQL, with the bundled plugin archives the reactor built (or another directory).
 * {@link #restart()} stops it and starts a new host on the same database, as an operator's restart would.
 */
public final class TestHost implements AutoCloseable {

    public static final String ADMIN_USERNAME = "operator";
    public static final String ADMIN_PASSWORD = "operator-password-for-tests";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String databaseName;
    private final Map<String, Object> properties;
    private final Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private EmbeddedServer server;

    private TestHost(String databaseName, Map<String, Object> extraProperties) {
        this.databaseName = databaseName;
        try {
            this.dataDir = Files.createTempDirectory("applecore-host");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> props = new HashMap<>(Application.embeddedDatasource(TestDatabaseServer.server(), databaseName));
        props.put("micronaut.server.port", -1);
        props.put("applecore.data-dir", dataDir.toString());
        props.put("applecore.plugins-dir", bundledPluginsDir().toString());
        props.put("applecore.admin.username", ADMIN_USERNAME);
        props.put("applecore.admin.password", ADMIN_PASSWORD);
        props.put("applecore.accounts.password-hash-iterations", 1000);
        props.putAll(extraProperties);
        this.properties = props;
    }

    /** A host on a fresh database with the bundled plugins. */
    public static TestHost start() {
        return start(Map.of());
    }

    /** A host on a fresh database; the properties override the defaults (for example {@code applecore.plugins-dir}). */
    public static TestHost start(Map<String, Object> properties) {
        TestHost host = new TestHost(TestDatabaseServer.createDatabase(), properties);
        host.startServer();
        return host;
    }

    /** A second host on this host's database, as another node of a cluster would be. */
    public TestHost startPeer() {
        TestHost peer = new TestHost(databaseName, properties);
        peer.startServer();
        return peer;
    }

    /** A second host on this host's database with some properties changed (another node's own settings). */
    public TestHost startPeer(Map<String, Object> overrides) {
        Map<String, Object> peerProperties = new HashMap<>(properties);
        peerProperties.putAll(overrides);
        TestHost peer = new TestHost(databaseName, peerProperties);
        peer.startServer();
        return peer;
    }

    /** The properties this host was started with (datasource, directories, operator account, overrides). */
    public Map<String, Object> properties() {
        return Map.copyOf(properties);
    }

    /** Where the build put the real plugin archives (set by the platform pom for surefire). */
    public static Path bundledPluginsDir() {
        String dir = System.getProperty("applecore.test.bundled-plugins");
        if (dir == null) {
            throw new IllegalStateException("system property applecore.test.bundled-plugins is not set; run the tests with Maven");
        }
        return Path.of(dir);
    }

    public void restart() {
        server.stop();
        startServer();
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    public String databaseName() {
        return databaseName;
    }

    public TestResponse get(String path, String token) {
        return send(request(path, token).GET());
    }

    public TestResponse delete(String path, String token) {
        return send(request(path, token).DELETE());
    }

    public TestResponse post(String path, String token, Object body) {
        return send(request(path, token).POST(jsonBody(body)).header("Content-Type", "application/json"));
    }

    public TestResponse put(String path, String token, Object body) {
        return send(request(path, token).PUT(jsonBody(body)).header("Content-Type", "application/json"));
    }

    public TestResponse patch(String path, String token, Object body) {
        return send(request(path, token).method("PATCH", jsonBody(body)).header("Content-Type", "application/json"));
    }

    /** Uploads a plugin archive through the operator API. */
    public TestResponse uploadPlugin(String token, byte[] archive) {
        return send(request("/admin/plugins", token).POST(HttpRequest.BodyPublishers.ofByteArray(archive))
                .header("Content-Type", "application/zip"));
    }

    /** The bytes of a plugin archive the build produced, such as {@code boards}. */
    public static byte[] bundledArchive(String pluginId) {
        try (var files = Files.list(bundledPluginsDir())) {
            Path archive = files.filter(f -> f.getFileName().toString().matches("(applecore-plugin-)?" + pluginId + "-[0-9].*\\.zip"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no bundled archive for " + pluginId));
            return Files.readAllBytes(archive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends any request built on {@link #request(String, String)}. */
    public TestResponse send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new TestResponse(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    /** Logs in and returns the access token. */
    public String login(String username, String password) {
        TestResponse response = post("/login", null, Map.of("username", username, "password", password));
        if (response.status() != 200) {
            throw new AssertionError("login of " + username + " failed: " + response);
        }
        return response.json().path("access_token").asText();
    }

    public String loginAsAdmin() {
        return login(ADMIN_USERNAME, ADMIN_PASSWORD);
    }

    /** Creates an account through the operator API and returns its access token. */
    public String createUserAndLogin(String username, String... roles) {
        String password = "password-of-" + username;
        TestResponse created = post("/admin/users", loginAsAdmin(),
                Map.of("username", username, "password", password, "roles", java.util.List.of(roles)));
        if (created.status() != 201) {
            throw new AssertionError("could not create user " + username + ": " + created);
        }
        return login(username, password);
    }

    /** A JSON body: a String is sent as it is, anything else is written as JSON. */
    public static HttpRequest.BodyPublisher jsonBody(Object body) {
        if (body instanceof String text) {
            return HttpRequest.BodyPublishers.ofString(text);
        }
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startServer() {
        server = ApplicationContext.run(EmbeddedServer.class, properties);
    }

    @Override
    public void close() {
        if (server != null && server.isRunning()) {
            server.stop();
        }
    }
}
