package org.applecore.platform.jobs.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import org.applecore.platform.jobs.operation.CoreReads;
import org.applecore.platform.jobs.operation.OperationType;
import org.applecore.platform.jobs.operation.OperationTypes;
import org.applecore.platform.jobs.operation.PluginOperationType;
import org.applecore.platform.problem.ApiException;
import org.applecore.sdk.errors.ErrorKind;
import org.applecore.sdk.errors.PluginException;
import org.applecore.sdk.http.ActingUser;
import org.applecore.sdk.jobs.JobOperation;
import org.applecore.sdk.jobs.JobOperationHandler;
import org.applecore.sdk.jobs.JobReference;
import org.applecore.sdk.jobs.JobRequest;
import org.applecore.sdk.jobs.Jobs;
import org.applecore.sdk.json.JsonCodec;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The job engine for plugins: one {@link Registration} per plugin start collects the plugin's operation types
 * while {@code start} runs; the plugin host activates them when the start succeeded and withdraws them when the
 * plugin stops.
 */
@Singleton
public class PluginJobs {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private final JobSubmission submission;
    private final OperationTypes types;
    private final CoreReads reads;
    private final ObjectMapper mapper;

    PluginJobs(JobSubmission submission, OperationTypes types, CoreReads reads, ObjectMapper mapper) {
        this.submission = submission;
        this.types = types;
        this.reads = reads;
        this.mapper = mapper;
    }

    /** The {@link Jobs} of one plugin start. */
    public Registration open(String pluginId, ClassLoader classLoader, JsonCodec json) {
        return new Registration(pluginId, classLoader, json);
    }

    /** Removes a plugin's operation types: queued jobs that need them fail with {@code jobs.operation_type_unavailable}. */
    public void withdraw(String pluginId) {
        types.withdrawPlugin(pluginId);
    }

    /** A plugin's {@link Jobs}, collecting operation types until {@link #activate()}. */
    public final class Registration implements Jobs {

        private final String pluginId;
        private final ClassLoader classLoader;
        private final JsonCodec json;
        private final Map<String, OperationType> collected = new LinkedHashMap<>();
        private boolean sealed;

        private Registration(String pluginId, ClassLoader classLoader, JsonCodec json) {
            this.pluginId = Objects.requireNonNull(pluginId, "pluginId is null");
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader is null");
            this.json = Objects.requireNonNull(json, "json is null");
        }

        @Override
        public JobReference submit(ActingUser submitter, JobRequest request) {
            Objects.requireNonNull(submitter, "submitter is null");
            Objects.requireNonNull(request, "request is null");
            var operations = mapper.createArrayNode();
            try {
                for (JobOperation operation : request.operations()) {
                    var node = operations.addObject();
                    if (operation.id() != null) {
                        node.put("id", operation.id());
                    }
                    node.put("type", operation.type());
                    if (operation.input() != null) {
                        node.set("input", mapper.readTree(json.write(operation.input())));
                    }
                }
                JobSubmission.Submitted submitted = submission.submit(submitter, new JobSubmission.Request(operations,
                        request.onBehalfOf(), request.callbackUrl(), request.idempotencyKey(), false));
                return new JobReference(submitted.ref(), "/jobs/" + submitted.ref());
            } catch (ApiException e) {
                throw new PluginException(kind(e.status()), e.code(), e.getMessage(), e.status() == 503, e);
            } catch (IOException e) {
                throw PluginException.invalidInput("jobs.invalid_input", "An operation's input is not JSON.");
            }
        }

        @Override
        public synchronized void registerOperationType(String name, JobOperationHandler handler) {
            if (sealed) {
                throw new IllegalStateException("plugin " + pluginId + " registered an operation type after start returned");
            }
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(handler, "handler is null");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("operation type names are lower-case letters, digits and '_', "
                        + "starting with a letter: " + name);
            }
            String fullName = pluginId + "." + name;
            if (collected.containsKey(fullName)) {
                throw new IllegalArgumentException("operation type registered twice: " + fullName);
            }
            collected.put(fullName, new PluginOperationType(fullName, handler, classLoader, json, types, reads, mapper));
        }

        /** Makes the collected types runnable; later registrations are refused. */
        public synchronized void activate() {
            sealed = true;
            types.registerPlugin(pluginId, collected);
        }

        /** Refuses later registrations without activating (the start failed). */
        public synchronized void discard() {
            sealed = true;
        }
    }

    private static ErrorKind kind(int status) {
        return switch (status) {
            case 400 -> ErrorKind.INVALID_INPUT;
            case 401 -> ErrorKind.UNAUTHENTICATED;
            case 403 -> ErrorKind.FORBIDDEN;
            case 404 -> ErrorKind.NOT_FOUND;
            case 409 -> ErrorKind.CONFLICT;
            case 422 -> ErrorKind.RULE_VIOLATION;
            case 503 -> ErrorKind.UNAVAILABLE;
            default -> ErrorKind.INTERNAL;
        };
    }
}
