package org.applecore.platform.jobs.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.applecore.platform.jobs.JobError;
import org.applecore.platform.jobs.JobFailedException;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Value references between the operations of one job. In any string of an operation's input,
 * {@code ${name.path}} stands for a value an earlier operation produced:
 * <ul>
 *   <li>{@code name} is an earlier operation's {@code id}, or its position from 0;</li>
 *   <li>{@code path} is dot-separated object fields and array positions inside that operation's result
 *       ({@code ${tok.id}}, {@code ${0.values.1.value}}); without a path the whole result is meant;</li>
 *   <li>a string that is exactly one reference becomes the referenced JSON value with its type (a number stays
 *       a number); a reference inside a longer string is replaced by the value's text;</li>
 *   <li>{@code $${} writes a literal {@code ${}.</li>
 * </ul>
 * References are checked when the job is submitted (they must name an earlier operation) and resolved just
 * before each operation runs; a path that leads nowhere fails the job with {@code jobs.reference_not_found}.
 */
public final class ValueReferences {

    public static final Pattern OPERATION_ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)}");
    private static final Pattern WHOLE = Pattern.compile("\\$\\{([^}]*)}");

    private ValueReferences() {
    }

    /**
     * Checks every reference of an operation's input.
     *
     * @param earlier the ids of the earlier operations by position
     * @return null when all are fine, else what is wrong
     */
    public static String check(JsonNode input, List<String> earlier) {
        StringBuilder problem = new StringBuilder();
        visitStrings(input, text -> {
            Matcher matcher = REFERENCE.matcher(text);
            while (matcher.find() && problem.isEmpty()) {
                if (matcher.group(1) == null) {
                    continue;
                }
                String name = matcher.group(1).split("\\.", 2)[0];
                if (operationIndex(name, earlier) < 0) {
                    problem.append("${").append(matcher.group(1)).append("} does not name an earlier operation");
                }
            }
        });
        return problem.isEmpty() ? null : problem.toString();
    }

    /** The input with every reference replaced by the results of the earlier operations. */
    public static JsonNode resolve(JsonNode input, List<String> ids, List<JsonNode> results) {
        if (input.isTextual()) {
            return resolveText(input.asText(), ids, results);
        }
        if (input.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = input.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), resolve(field.getValue(), ids, results));
            }
            return copy;
        }
        if (input.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            input.forEach(element -> copy.add(resolve(element, ids, results)));
            return copy;
        }
        return input;
    }

    private static JsonNode resolveText(String text, List<String> ids, List<JsonNode> results) {
        if (!text.contains("${")) {
            return TextNode.valueOf(text);
        }
        Matcher whole = WHOLE.matcher(text);
        if (whole.matches()) {
            return lookup(whole.group(1), ids, results);
        }
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group(1) == null) {
                replacement = "${";
            } else {
                JsonNode value = lookup(matcher.group(1), ids, results);
                replacement = value.isValueNode() ? value.asText() : value.toString();
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return TextNode.valueOf(out.toString());
    }

    private static JsonNode lookup(String reference, List<String> ids, List<JsonNode> results) {
        String[] parts = reference.split("\\.");
        int index = operationIndex(parts[0], ids.subList(0, results.size()));
        if (index < 0) {
            throw notFound(reference, "it does not name an earlier operation");
        }
        JsonNode value = results.get(index);
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            if (value.isArray() && part.matches("[0-9]{1,9}")) {
                value = value.path(Integer.parseInt(part));
            } else {
                value = value.path(part);
            }
            if (value.isMissingNode()) {
                throw notFound(reference, "the result of operation " + index + " has nothing at that path");
            }
        }
        return value.deepCopy();
    }

    private static JobFailedException notFound(String reference, String why) {
        return new JobFailedException(JobError.of(422, "jobs.reference_not_found",
                "The value reference ${" + reference + "} cannot be resolved: " + why + "."));
    }

    private static int operationIndex(String name, List<String> earlier) {
        if (name.matches("[0-9]{1,4}")) {
            int index = Integer.parseInt(name);
            return index < earlier.size() ? index : -1;
        }
        return earlier.indexOf(name);
    }

    private static void visitStrings(JsonNode node, Consumer<String> visitor) {
        if (node.isTextual()) {
            visitor.accept(node.asText());
        } else if (node.isContainerNode()) {
            node.forEach(child -> visitStrings(child, visitor));
        }
    }
}
