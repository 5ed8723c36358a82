package org.applecore.platform.core.setop;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.access.CoreCallers;
import org.applecore.platform.database.Database;

/**
 * {@code POST /core/set-operations}: one set operation, one transaction; it fully happens or not at all.
 * Answers 200 with a {@link SetOperationResult}.
 */
@Controller("/core/set-operations")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class SetOperationController {

    private final Database database;
    private final CoreCallers callers;
    private final SetOperations operations;

    SetOperationController(Database database, CoreCallers callers, SetOperations operations) {
        this.database = database;
        this.callers = callers;
        this.operations = operations;
    }

    @Post
    public SetOperationResult run(@Body @Nullable JsonNode body, Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        SetOperation operation = SetOperation.parse(body);
        return operations.runInTransaction(database, caller, operation);
    }
}
