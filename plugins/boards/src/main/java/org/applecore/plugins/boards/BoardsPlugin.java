package org.applecore.plugins.boards;

import org.applecore.plugins.boards.admin.BoardAdminRoutes;
import org.applecore.plugins.boards.admin.BoardAdminStore;
import org.applecore.plugins.boards.admin.BoardAuthority;
import org.applecore.plugins.boards.board.BoardRoutes;
import org.applecore.plugins.boards.board.BoardStore;
import org.applecore.plugins.boards.entry.EntryContentRules;
import org.applecore.plugins.boards.entry.EntryLimits;
import org.applecore.plugins.boards.entry.EntryRoutes;
import org.applecore.plugins.boards.entry.EntryStore;
import org.applecore.plugins.boards.entry.ReplyRoutes;
import org.applecore.plugins.boards.vote.VoteRoutes;
import org.applecore.plugins.boards.vote.VoteStore;
import org.applecore.sdk.ApplecorePlugin;
import org.applecore.sdk.PluginContext;
import org.applecore.sdk.storage.PluginStorage;
import org.pf4j.Extension;

/**
 * Boards: discussion rooms and review areas holding markdown entries with media, optional replies and
 * optional upvotes, served under {@code /api/boards}.
 *
 * <p>Keeps no state between requests besides what it wires here: all data lives in the plugin's schema,
 * so any number of hosts can serve the same boards.
 */
@Extension
public class BoardsPlugin implements ApplecorePlugin {

    @Override
    public void start(PluginContext context) {
        // Read first: a bad setting should fail the start before any route is registered.
        EntryLimits limits = EntryLimits.fromConfig(context.config());
        EntryContentRules rules = new EntryContentRules(limits);

        PluginStorage storage = context.storage();
        BoardStore boards = new BoardStore();
        BoardAdminStore admins = new BoardAdminStore();
        BoardAuthority authority = new BoardAuthority(admins);
        EntryStore entries = new EntryStore(context.json());
        VoteStore votes = new VoteStore();

        new BoardRoutes(storage, boards, admins).register(context.routes());
        new BoardAdminRoutes(storage, boards, admins, authority).register(context.routes());
        new EntryRoutes(storage, boards, entries, authority, rules).register(context.routes());
        new ReplyRoutes(storage, boards, entries, rules).register(context.routes());
        new VoteRoutes(storage, boards, entries, votes).register(context.routes());

        context.logger().info("boards started: entry bodies up to {} characters, up to {} attachments",
                limits.maxBodyChars(), limits.maxAttachments());
    }
}
