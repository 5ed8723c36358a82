package org.applecore.platform.jobs.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.jobs.JobError;
import org.applecore.platform.jobs.JobFailedException;
import org.applecore.sdk.http.HttpMethod;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A mutating core REST call as a job operation. Its input is the REST call itself: the path variables as
 * fields ({@code "id": 12}) and the request body as {@code "body"}; its result is the JSON the REST API
 * answers (null for a 204).
 *
 * @param pathTemplate such as {@code /core/attributes/{id}}; every variable is a positive number
 * @param successStatus the status the REST API answers on success
 */
public record CoreOperation(String name, HttpMethod method, String pathTemplate, int successStatus, Action action)
        implements OperationType {

    /** What the operation does, in the job's transaction, as the caller. */
    @FunctionalInterface
    public interface Action {
        /** @return the REST answer's body, or null for none */
        JsonNode run(Connection connection, CoreCaller caller, Call call) throws SQLException;
    }

    /** The path variables and body of one call. */
    public record Call(Map<String, Long> variables, JsonNode body) {

        public long id(String name) {
            Long value = variables.get(name);
            if (value == null) {
                throw new IllegalStateException("no path variable " + name);
            }
            return value;
        }
    }

    public CoreOperation {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(method, "method is null");
        Objects.requireNonNull(pathTemplate, "pathTemplate is null");
        Objects.requireNonNull(action, "action is null");
    }

    @Override
    public JsonNode execute(OperationRun run, JsonNode input) throws SQLException {
        Map<String, Long> variables = new LinkedHashMap<>();
        for (String variable : variables()) {
            JsonNode value = input.path(variable);
            long id = value.canConvertToLong() && value.isIntegralNumber() ? value.asLong()
                    : value.isTextual() && value.asText().matches("[0-9]{1,18}") ? Long.parseLong(value.asText()) : -1;
            if (id <= 0) {
                throw new JobFailedException(JobError.of(400, "jobs.invalid_input",
                        name + " needs \"" + variable + "\", a positive number."));
            }
            variables.put(variable, id);
        }
        JsonNode body = input.has("body") ? input.get("body") : NullNode.getInstance();
        JsonNode result = call(run.connection(), run.caller(), new Call(variables, body));
        return result == null ? NullNode.getInstance() : result;
    }

    /** Runs the call in the connection's transaction. */
    public JsonNode call(Connection connection, CoreCaller caller, Call call) throws SQLException {
        return action.run(connection, caller, call);
    }

    /** The template's variable names, in order. */
    public List<String> variables() {
        List<String> names = new ArrayList<>();
        for (String segment : pathTemplate.split("/")) {
            if (segment.startsWith("{") && segment.endsWith("}")) {
                names.add(segment.substring(1, segment.length() - 1));
            }
        }
        return names;
    }

    /** The path variables when the path (without query) matches the template. */
    public Optional<Map<String, Long>> match(HttpMethod requestMethod, String path) {
        if (requestMethod != method) {
            return Optional.empty();
        }
        String[] template = pathTemplate.split("/");
        String[] actual = path.split("/");
        if (template.length != actual.length) {
            return Optional.empty();
        }
        Map<String, Long> variables = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            if (template[i].startsWith("{")) {
                if (!actual[i].matches("[0-9]{1,18}")) {
                    return Optional.empty();
                }
                variables.put(template[i].substring(1, template[i].length() - 1), Long.parseLong(actual[i]));
            } else if (!template[i].equals(actual[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(variables);
    }

    /** The input of this operation for a call, as a job would write it. */
    public static ObjectNode input(Map<String, Long> variables, JsonNode body) {
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        variables.forEach(input::put);
        if (body != null && !body.isNull() && !body.isMissingNode()) {
            input.set("body", body);
        }
        return input;
    }
}
