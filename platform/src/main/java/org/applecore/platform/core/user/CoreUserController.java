package org.applecore.platform.core.user;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.access.CoreCallers;
import org.applecore.platform.core.access.CoreCredentials;
import org.applecore.platform.database.Database;

/** {@code /core/me} and {@code /core/users/{id}}: users' public identity (id, guid, token type, personal group). */
@Controller("/core")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class CoreUserController {

    private final Database database;
    private final CoreCallers callers;
    private final CoreUsers coreUsers;

    CoreUserController(Database database, CoreCallers callers, CoreUsers coreUsers) {
        this.database = database;
        this.callers = callers;
        this.coreUsers = coreUsers;
    }

    @Get("/me")
    public CoreMeView me(Authentication authentication) {
        CoreCaller caller = callers.fromRequest(authentication);
        CoreUser user = database.inTransaction(connection -> coreUsers.ensure(connection, caller.userId()));
        return CoreMeView.of(user, caller, (String) authentication.getAttributes().get(CoreCredentials.CREDENTIAL));
    }

    /** Any core caller may see any user's public identity; an account id without core user gets one made. */
    @Get("/users/{id}")
    public CoreUserView get(@PathVariable long id, Authentication authentication) {
        callers.fromRequest(authentication);
        return CoreUserView.of(database.inTransaction(connection -> coreUsers.ensure(connection, id)));
    }
}
