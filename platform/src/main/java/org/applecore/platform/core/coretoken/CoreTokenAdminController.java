package org.applecore.platform.core.coretoken;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import org.applecore.platform.account.RoleCatalog;
import org.applecore.platform.core.paging.IdCursor;
import org.applecore.platform.core.user.CoreUsers;
import org.applecore.platform.database.Database;
import org.applecore.platform.problem.ApiException;

import java.time.Instant;

/**
 * The operator API for core tokens: regenerate a user's own token (the previous one stops working at
 * once), list a user's tokens (metadata only) and revoke any token.
 */
@Controller("/admin")
@Secured(RoleCatalog.ADMIN)
@ExecuteOn(TaskExecutors.BLOCKING)
public class CoreTokenAdminController {

    /** The one answer that carries a token's value. */
    public record IssuedTokenView(String token, long tokenId, long userId, String kind, Instant createdAt) {
        @Override
        public String toString() {
            return "IssuedTokenView[tokenId=" + tokenId + "]";
        }
    }

    private final Database database;
    private final CoreTokens tokens;
    private final CoreUsers coreUsers;

    CoreTokenAdminController(Database database, CoreTokens tokens, CoreUsers coreUsers) {
        this.database = database;
        this.tokens = tokens;
        this.coreUsers = coreUsers;
    }

    @Post("/users/{id}/core-token")
    @Status(HttpStatus.CREATED)
    public IssuedTokenView regenerate(@PathVariable long id) {
        IssuedCoreToken issued = database.inTransaction(connection -> tokens.regenerateUserToken(connection, id));
        return new IssuedTokenView(issued.token(), issued.id(), issued.userId(), issued.kind(), issued.createdAt());
    }

    @Get("/users/{id}/core-tokens")
    public IdCursor.Page<CoreTokenInfo> list(@PathVariable long id, @QueryValue @Nullable Integer limit,
                                             @QueryValue @Nullable String cursor) {
        int pageSize = IdCursor.limit(limit);
        long after = IdCursor.after(cursor);
        return database.inTransaction(connection -> {
            coreUsers.ensure(connection, id);
            return IdCursor.page(tokens.listOfUser(connection, id, after, pageSize + 1), pageSize, CoreTokenInfo::id);
        });
    }

    @Delete("/core-tokens/{tokenId}")
    public HttpResponse<Void> revoke(@PathVariable long tokenId) {
        boolean found = database.inTransaction(connection -> tokens.revoke(connection, tokenId));
        if (!found) {
            throw ApiException.notFound("core.token_not_found", "No core token with id " + tokenId + ".");
        }
        return HttpResponse.noContent();
    }
}
