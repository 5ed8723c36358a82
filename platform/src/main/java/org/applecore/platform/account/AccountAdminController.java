package org.applecore.platform.account;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import org.applecore.platform.auth.CurrentAccount;
import org.applecore.platform.problem.ApiException;

import java.net.URI;
import java.util.List;

/** The operator API for accounts: create, list (cursor by id), read and change. Admin only. */
@Controller("/admin/users")
@Secured(RoleCatalog.ADMIN)
@ExecuteOn(TaskExecutors.BLOCKING)
public class AccountAdminController {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;

    private final AccountService accounts;

    AccountAdminController(AccountService accounts) {
        this.accounts = accounts;
    }

    @Post
    public HttpResponse<AccountView> create(@Body NewAccount body) {
        Account account = accounts.create(body.username(), body.password(), body.roles());
        return HttpResponse.created(AccountView.of(account), URI.create("/admin/users/" + account.id()));
    }

    /** {@code cursor} is the {@code next_cursor} of the previous page (the last id it held). */
    @Get
    public AccountPage list(@QueryValue @Nullable Integer limit, @QueryValue @Nullable String cursor) {
        int pageSize = limit == null ? DEFAULT_LIMIT : limit;
        if (pageSize < 1 || pageSize > MAX_LIMIT) {
            throw ApiException.badRequest("invalid_limit", "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        long afterId = parseCursor(cursor);
        List<Account> found = accounts.listAfter(afterId, pageSize + 1);
        List<Account> page = found.subList(0, Math.min(pageSize, found.size()));
        String next = found.size() > pageSize ? Long.toString(page.getLast().id()) : null;
        return new AccountPage(page.stream().map(AccountView::of).toList(), next);
    }

    @Get("/{id}")
    public AccountView get(@PathVariable long id) {
        return AccountView.of(accounts.get(id));
    }

    @Patch("/{id}")
    public AccountView update(@PathVariable long id, @Body AccountChanges body, Authentication authentication) {
        return AccountView.of(accounts.update(CurrentAccount.from(authentication).id(), id, body));
    }

    private static long parseCursor(@Nullable String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            long afterId = Long.parseLong(cursor);
            if (afterId >= 0) {
                return afterId;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.badRequest("invalid_cursor", "cursor must be a next_cursor returned by this list.");
    }
}
