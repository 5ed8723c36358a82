package org.applecore.platform.core.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Singleton;
import org.applecore.platform.core.coretoken.CoreTokens;
import org.applecore.platform.core.coretoken.IssuedCoreToken;
import org.applecore.platform.database.Database;
import org.applecore.platform.problem.ApiException;
import org.applecore.platform.problem.Problem;
import org.applecore.sdk.core.CoreAccess;
import org.applecore.sdk.core.CoreResponse;
import org.applecore.sdk.core.CoreSession;
import org.applecore.sdk.errors.ErrorKind;
import org.applecore.sdk.errors.PluginException;
import org.applecore.sdk.http.ActingUser;
import org.applecore.sdk.http.HttpMethod;
import org.applecore.sdk.json.JsonCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The core for plugins ({@link CoreAccess}): each call is a real request to this host's own {@code /core}
 * API over loopback, authenticated by a core token of kind {@code job} issued for the acting user just
 * before and revoked right after. So a plugin gets exactly the REST API's rules, statuses and problem
 * bodies, and nothing a user could not do. The token never leaves the host and is never logged.
 *
 * <p>This session (the one a plugin gets outside a job, from {@code context.core()}) is <b>read-only</b>:
 * changes to core data go through jobs, so any call but {@code GET} answers 409
 * {@value #WRITES_GO_THROUGH_JOBS} without reaching the core (and without issuing a token). Inside a job
 * operation the plugin gets the job's own session ({@code JobCoreSession}), which reads and writes in-process in
 * the job's transaction.
 */
@Singleton
public class PluginCoreAccess {

    private static final Logger LOG = LoggerFactory.getLogger(PluginCoreAccess.class);
    // A /core path with an optional query; no fragments, no backslashes, no dot segments, no spaces.
    private static final Pattern CORE_PATH = Pattern.compile("/core(/[A-Za-z0-9._~%!$&'()*+,;=:@-]*)*(\\?[^#\\s\\\\]*)?");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The problem code of a write made outside a job. */
    public static final String WRITES_GO_THROUGH_JOBS = "core.writes_go_through_jobs";

    private final Database database;
    private final CoreTokens tokens;
    private final BeanProvider<EmbeddedServer> server;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    PluginCoreAccess(Database database, CoreTokens tokens, BeanProvider<EmbeddedServer> server,
                     @Value("${applecore.plugin-host.core-call-timeout:30s}") Duration timeout) {
        this.database = database;
        this.tokens = tokens;
        this.server = server;
        this.timeout = timeout;
    }

    /** The core access of one plugin, writing request bodies with the plugin's codec. */
    public CoreAccess forPlugin(String pluginId, JsonCodec json) {
        Objects.requireNonNull(pluginId, "pluginId is null");
        Objects.requireNonNull(json, "json is null");
        return user -> {
            Objects.requireNonNull(user, "user is null");
            return new Session(pluginId, json, user);
        };
    }

    private final class Session implements CoreSession {

        private final String pluginId;
        private final JsonCodec json;
        private final ActingUser user;

        Session(String pluginId, JsonCodec json, ActingUser user) {
            this.pluginId = pluginId;
            this.json = json;
            this.user = user;
        }

        @Override
        public CoreResponse call(HttpMethod method, String path, Object body) {
            Objects.requireNonNull(method, "method is null");
            checkCorePath(path);
            if (method != HttpMethod.GET) {
                return problem(409, WRITES_GO_THROUGH_JOBS, method + " " + path + " changes core data, and plugin "
                        + "routes change core data through jobs only: submit a job (context.jobs().submit(user, "
                        + "JobRequest.of(...))) with the matching core operation, or make the call from your own job "
                        + "operation's op.core(). Outside a job, context.core() sessions can only read (GET).");
            }
            String requestBody = body == null ? null : json.write(body);
            IssuedCoreToken token;
            try {
                token = database.inTransaction(connection -> tokens.issue(connection, user.id(), CoreTokens.KIND_JOB));
            } catch (ApiException e) {
                return problem(e.status(), e.code(), e.getMessage());
            }
            try {
                return send(method, path, requestBody, token.token());
            } finally {
                revoke(token);
            }
        }

        private void revoke(IssuedCoreToken token) {
            try {
                database.inTransaction(connection -> tokens.revoke(connection, token.id()));
            } catch (RuntimeException e) {
                LOG.warn("Could not revoke core token {} used by plugin {} for user {}", token.id(), pluginId, user.id(), e);
            }
        }
    }

    /** Sends one request to this host's {@code /core} API with the session's core token, which is never logged. */
    private CoreResponse send(HttpMethod method, String path, String requestBody, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUri().resolve(path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (requestBody == null) {
            request.method(method.name(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(method.name(), HttpRequest.BodyPublishers.ofString(requestBody))
                    .header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body() == null ? "" : response.body();
            return new CoreResponse(response.statusCode(), text, text.isBlank() ? null : JSON.readValue(text, Object.class));
        } catch (IOException e) {
            throw new PluginException(ErrorKind.UNAVAILABLE, "core.unavailable",
                    "The core did not answer " + method + " " + path + ": " + e.getClass().getSimpleName(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException(ErrorKind.UNAVAILABLE, "core.unavailable",
                    "Interrupted while calling the core.", true, e);
        }
    }

    /**
     * Refuses anything but an absolute {@code /core} path with an optional query.
     *
     * @throws IllegalArgumentException when the path is not a core API path
     */
    public static void checkCorePath(String path) {
        Objects.requireNonNull(path, "path is null");
        if (!CORE_PATH.matcher(path).matches() || path.contains("/../") || path.contains("/./")
                || path.endsWith("/..") || path.endsWith("/.")) {
            throw new IllegalArgumentException("not a core API path: " + path);
        }
    }

    /** A core answer for a refusal made in-process, shaped as the REST API's problem body. */
    public static CoreResponse problem(int status, String code, String detail) {
        Problem problem = Problem.of(status, code, detail);
        try {
            String text = JSON.writeValueAsString(problem);
            return new CoreResponse(status, text, JSON.readValue(text, Object.class));
        } catch (IOException e) {
            throw new IllegalStateException("a problem always serializes", e);
        }
    }

    private URI baseUri() {
        EmbeddedServer running = server.get();
        String host = running.getHost();
        if (host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + running.getPort() + "/");
    }
}
