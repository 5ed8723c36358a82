package org.applecore.platform.testing;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A core API client for tests: one account made through {@code /admin/users}, calling {@code /core} with
 * its core bearer token (regenerated through the operator API) or, for {@code core-service} accounts, with
 * HTTP Basic. Usage: {@code CoreClient alice = CoreClient.create(host, "alice"); alice.get("/core/me")}.
 */
public final class CoreClient {

    private final TestHost host;
    private final long userId;
    private final String username;
    private final String password;
    private final boolean basic;
    private volatile String token;
    private volatile long tokenId;

    private CoreClient(TestHost host, long userId, String username, String password, boolean basic) {
        this.host = host;
        this.userId = userId;
        this.username = username;
        this.password = password;
        this.basic = basic;
    }

    /** A new account with those platform roles, calling the core with its own core token. */
    public static CoreClient create(TestHost host, String username, String... roles) {
        CoreClient client = new CoreClient(host, createAccount(host, username, roles), username, passwordOf(username), false);
        client.regenerateToken();
        return client;
    }

    /** A new account with the {@code core-service} role (and those roles), calling the core with HTTP Basic. */
    public static CoreClient createBasic(TestHost host, String username, String... roles) {
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("core-service"),
                java.util.Arrays.stream(roles)).distinct().toArray(String[]::new);
        return new CoreClient(host, createAccount(host, username, all), username, passwordOf(username), true);
    }

    /** Operator credentials ({@code admin} role, so a full admin in the core) with a core token. */
    public static CoreClient operator(TestHost host) {
        long id = host.get("/me", host.loginAsAdmin()).json().path("id").asLong();
        CoreClient client = new CoreClient(host, id, TestHost.ADMIN_USERNAME, TestHost.ADMIN_PASSWORD, false);
        client.regenerateToken();
        return client;
    }

    public static String passwordOf(String username) {
        return "password-of-" + username;
    }

    /** Regenerates this user's core token through the operator API; the previous one stops working. */
    public String regenerateToken() {
        TestResponse issued = host.post("/admin/users/" + userId + "/core-token", host.loginAsAdmin(), Map.of());
        if (issued.status() != 201) {
            throw new AssertionError("could not issue a core token for " + username + ": " + issued);
        }
        token = issued.json().path("token").asText();
        tokenId = issued.json().path("token_id").asLong();
        return token;
    }

    public long userId() {
        return userId;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** The current core token (null for a Basic client). */
    public String token() {
        return token;
    }

    public long tokenId() {
        return tokenId;
    }

    /** The account's outer-API JWT, for checking that the core refuses it. */
    public String jwt() {
        return host.login(username, password);
    }

    public TestHost host() {
        return host;
    }

    public TestResponse get(String path) {
        return host.send(request(path).GET());
    }

    public TestResponse delete(String path) {
        return host.send(request(path).DELETE());
    }

    public TestResponse post(String path, Object body) {
        return host.send(request(path).POST(TestHost.jsonBody(body)).header("Content-Type", "application/json"));
    }

    public TestResponse put(String path, Object body) {
        return host.send(request(path).PUT(TestHost.jsonBody(body)).header("Content-Type", "application/json"));
    }

    /** PUT without a body, as membership changes are sent. */
    public TestResponse put(String path) {
        return host.send(request(path).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    public TestResponse patch(String path, Object body) {
        return host.send(request(path).method("PATCH", TestHost.jsonBody(body)).header("Content-Type", "application/json"));
    }

    /** A request to the host carrying this client's core credentials. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = host.request(path, null);
        return builder.header("Authorization", basic ? basicHeader(username, password) : "Bearer " + Objects.requireNonNull(token));
    }

    /** The {@code Authorization} value for HTTP Basic. */
    public static String basicHeader(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static long createAccount(TestHost host, String username, String... roles) {
        TestResponse created = host.post("/admin/users", host.loginAsAdmin(),
                Map.of("username", username, "password", passwordOf(username), "roles", List.of(roles)));
        if (created.status() != 201) {
            throw new AssertionError("could not create user " + username + ": " + created);
        }
        return created.json().path("id").asLong();
    }
}
