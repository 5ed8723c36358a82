package org.applecore.sdk.jobs;

import java.util.Objects;

/**
 * One operation of a {@link JobRequest}.
 *
 * @param id an optional name later operations use in value references ({@code ${id.field}}); null for none
 * @param type the operation type, such as {@code core.attribute.create} or {@code wallet.transfer}
 * @param input the operation's input, written as JSON with the plugin's codec; strings of the form
 *     {@code ${name.path}} are replaced with values produced by earlier operations (see docs/jobs.md)
 */
public record JobOperation(String id, String type, Object input) {

    public JobOperation {
        Objects.requireNonNull(type, "type is null");
    }

    /** An unnamed operation. */
    public static JobOperation of(String type, Object input) {
        return new JobOperation(null, type, input);
    }

    /** A named operation that later operations may refer to. */
    public static JobOperation named(String id, String type, Object input) {
        return new JobOperation(Objects.requireNonNull(id, "id is null"), type, input);
    }
}
