package org.applecore.platform.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/** One page of {@code GET /admin/users}; {@code nextCursor} is null on the last page. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AccountPage(List<AccountView> items, @Nullable String nextCursor) {
}
