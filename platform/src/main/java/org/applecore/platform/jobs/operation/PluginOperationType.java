package org.applecore.platform.jobs.operation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import org.applecore.platform.jobs.JobError;
import org.applecore.platform.jobs.JobFailedException;
import org.applecore.sdk.core.CoreSession;
import org.applecore.sdk.http.ActingUser;
import org.applecore.sdk.jobs.JobOperationContext;
import org.applecore.sdk.jobs.JobOperationHandler;
import org.applecore.sdk.json.JsonCodec;

import java.util.Objects;

/**
 * An operation type a plugin registered: its handler runs with the plugin's class loader as the thread's
 * context class loader, reads its input and writes its result with the plugin's codec.
 */
public final class PluginOperationType implements OperationType {

    private final String name;
    private final JobOperationHandler handler;
    private final ClassLoader classLoader;
    private final JsonCodec json;
    private final OperationTypes types;
    private final CoreReads reads;
    private final ObjectMapper mapper;

    public PluginOperationType(String name, JobOperationHandler handler, ClassLoader classLoader, JsonCodec json,
                               OperationTypes types, CoreReads reads, ObjectMapper mapper) {
        this.name = Objects.requireNonNull(name, "name is null");
        this.handler = Objects.requireNonNull(handler, "handler is null");
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader is null");
        this.json = Objects.requireNonNull(json, "json is null");
        this.types = types;
        this.reads = reads;
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public JsonNode execute(OperationRun run, JsonNode input) {
        String inputJson = input.toString();
        CoreSession core = new JobCoreSession(run, types, reads, json, mapper);
        JobOperationContext context = new JobOperationContext() {
            @Override
            public String jobReference() {
                return run.jobReference();
            }

            @Override
            public int operationIndex() {
                return run.operationIndex();
            }

            @Override
            public ActingUser submitter() {
                return run.submitter();
            }

            @Override
            public ActingUser user() {
                return run.user();
            }

            @Override
            public String inputJson() {
                return inputJson;
            }

            @Override
            public <T> T input(Class<T> type) {
                return json.read(inputJson, type);
            }

            @Override
            public CoreSession core() {
                return core;
            }
        };
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
        try {
            Object result = handler.execute(context);
            return result == null ? NullNode.getInstance() : mapper.readTree(json.write(result));
        } catch (JsonProcessingException e) {
            throw new JobFailedException(JobError.of(500, "jobs.invalid_result",
                    "Operation " + name + " returned a result that is not JSON."));
        } catch (IllegalArgumentException e) {
            throw new JobFailedException(JobError.of(400, "jobs.invalid_input",
                    "The input of " + name + " does not fit the operation: " + e.getMessage()));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
