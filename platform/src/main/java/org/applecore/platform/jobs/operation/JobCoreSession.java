package org.applecore.platform.jobs.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import org.applecore.platform.core.access.PluginCoreAccess;
import org.applecore.platform.jobs.JobError;
import org.applecore.platform.jobs.JobFailedException;
import org.applecore.platform.problem.ApiException;
import org.applecore.sdk.core.CoreResponse;
import org.applecore.sdk.core.CoreSession;
import org.applecore.sdk.http.HttpMethod;
import org.applecore.sdk.json.JsonCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Objects;
import java.util.Optional;

/**
 * The core as a plugin's job operation sees it: writes that are core job operations run in-process in the
 * job's transaction (each behind a savepoint, so a refused write is undone alone and answered as the REST API
 * would), reads go to this host's {@code /core} over loopback. Both authenticate with the job's core token.
 */
final class JobCoreSession implements CoreSession {

    private final OperationRun run;
    private final OperationTypes types;
    private final PluginCoreAccess loopback;
    private final JsonCodec pluginJson;
    private final ObjectMapper mapper;

    JobCoreSession(OperationRun run, OperationTypes types, PluginCoreAccess loopback, JsonCodec pluginJson,
                   ObjectMapper mapper) {
        this.run = run;
        this.types = types;
        this.loopback = loopback;
        this.pluginJson = pluginJson;
        this.mapper = mapper;
    }

    @Override
    public CoreResponse call(HttpMethod method, String path, Object body) {
        Objects.requireNonNull(method, "method is null");
        PluginCoreAccess.checkCorePath(path);
        String requestBody = body == null ? null : pluginJson.write(body);
        if (method == HttpMethod.GET) {
            return loopback.send(method, path, null, run.credentials().bearer());
        }
        int query = path.indexOf('?');
        Optional<OperationTypes.Match> match = types.matchCore(method, query < 0 ? path : path.substring(0, query));
        if (match.isEmpty()) {
            return PluginCoreAccess.problem(400, "jobs.core_call_not_supported",
                    method + " " + path + " is not a core job operation; inside a job only core writes that are job operations can be made.");
        }
        try {
            JsonNode bodyNode = requestBody == null ? NullNode.getInstance() : mapper.readTree(requestBody);
            return inSavepoint(match.get(), bodyNode);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CoreResponse inSavepoint(OperationTypes.Match match, JsonNode body) throws IOException {
        Savepoint savepoint;
        try {
            savepoint = run.connection().setSavepoint();
        } catch (SQLException e) {
            throw new JobFailedException(JobError.from(e));
        }
        try {
            JsonNode result = match.operation().call(run.connection(), run.caller(),
                    new CoreOperation.Call(match.variables(), body));
            run.connection().releaseSavepoint(savepoint);
            if (result == null || result.isNull()) {
                return new CoreResponse(match.operation().successStatus(), "", null);
            }
            String text = mapper.writeValueAsString(result);
            return new CoreResponse(match.operation().successStatus(), text, mapper.readValue(text, Object.class));
        } catch (ApiException refused) {
            rollback(savepoint);
            return PluginCoreAccess.problem(refused.status(), refused.code(), refused.getMessage());
        } catch (SQLException e) {
            rollback(savepoint);
            throw new JobFailedException(JobError.from(e));
        } catch (RuntimeException e) {
            rollback(savepoint);
            throw e;
        }
    }

    private void rollback(Savepoint savepoint) {
        try {
            run.connection().rollback(savepoint);
        } catch (SQLException e) {
            throw new JobFailedException(JobError.from(e));
        }
    }
}
