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
 * The core as a plugin's job operation sees it: every call runs in-process on the job's own connection, as the
 * job's operational user (resolved from the job's core token on each call, so a revoked token stops it), behind a
 * savepoint, so that a refusal is undone alone and answered as the REST API would. Reads ({@link CoreReads}) see
 * what the job's earlier operations wrote; writes are the core job operations ({@link CoreOperations}).
 */
final class JobCoreSession implements CoreSession {

    private final OperationRun run;
    private final OperationTypes types;
    private final CoreReads reads;
    private final JsonCodec pluginJson;
    private final ObjectMapper mapper;

    JobCoreSession(OperationRun run, OperationTypes types, CoreReads reads, JsonCodec pluginJson, ObjectMapper mapper) {
        this.run = run;
        this.types = types;
        this.reads = reads;
        this.pluginJson = pluginJson;
        this.mapper = mapper;
    }

    /** One core call on the job's connection; null for an answer without a body. */
    @FunctionalInterface
    private interface InProcessCall {
        Object run() throws SQLException;
    }

    @Override
    public CoreResponse call(HttpMethod method, String path, Object body) {
        Objects.requireNonNull(method, "method is null");
        PluginCoreAccess.checkCorePath(path);
        if (method == HttpMethod.GET) {
            Optional<CoreReads.Match> read = reads.match(path);
            if (read.isEmpty()) {
                // What the REST API answers for a path it has no GET for.
                return PluginCoreAccess.problem(404, "not_found", "No such resource.");
            }
            CoreReads.Match match = read.get();
            return inSavepoint(200, () -> match.read().action().run(run.connection(), run.caller(), match.request()));
        }
        int query = path.indexOf('?');
        Optional<OperationTypes.Match> write = types.matchCore(method, query < 0 ? path : path.substring(0, query));
        if (write.isEmpty()) {
            return PluginCoreAccess.problem(400, "jobs.core_call_not_supported",
                    method + " " + path + " is not a core job operation; inside a job only core writes that are job operations can be made.");
        }
        JsonNode bodyNode;
        try {
            bodyNode = body == null ? NullNode.getInstance() : mapper.readTree(pluginJson.write(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OperationTypes.Match match = write.get();
        CoreResponse written = inSavepoint(match.operation().successStatus(), () -> match.operation().call(run.connection(),
                run.caller(), new CoreOperation.Call(match.variables(), bodyNode)));
        // The next call of this operation is authorized with the groups as they are now, as a REST request would be.
        run.credentials().forgetResolvedCallers();
        return written;
    }

    private CoreResponse inSavepoint(int successStatus, InProcessCall call) {
        Savepoint savepoint;
        try {
            savepoint = run.connection().setSavepoint();
        } catch (SQLException e) {
            throw new JobFailedException(JobError.from(e));
        }
        Object result;
        try {
            result = call.run();
            run.connection().releaseSavepoint(savepoint);
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
        if (result == null || result instanceof JsonNode node && node.isNull()) {
            return new CoreResponse(successStatus, "", null);
        }
        try {
            // The REST API writes its answers with this same mapper, so the text is what HTTP would carry.
            String text = mapper.writeValueAsString(result);
            return new CoreResponse(successStatus, text, mapper.readValue(text, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
