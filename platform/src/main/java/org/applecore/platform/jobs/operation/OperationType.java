package org.applecore.platform.jobs.operation;

import com.fasterxml.jackson.databind.JsonNode;

import java.sql.SQLException;

/**
 * A kind of operation a job may run: a core operation (built in) or one a plugin registered. Runs inside the
 * job's transaction; throwing rolls back the whole job.
 */
public interface OperationType {

    /** The name jobs use, such as {@code core.attribute.create} or {@code wallet.transfer}. */
    String name();

    /**
     * @param input the operation's input with every value reference replaced: always an object
     * @return the operation's result; a {@code NullNode} for none
     */
    JsonNode execute(OperationRun run, JsonNode input) throws SQLException;
}
