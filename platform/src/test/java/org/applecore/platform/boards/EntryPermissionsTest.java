package org.applecore.platform.boards;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.applecore.platform.boards.BoardsClient.assertProblem;
import static org.applecore.platform.boards.BoardsClient.board;
import static org.applecore.platform.boards.BoardsClient.entries;
import static org.applecore.platform.boards.BoardsClient.entry;
import static org.applecore.platform.boards.BoardsClient.ids;
import static org.assertj.core.api.Assertions.assertThat;

/** Who may edit and delete an entry: its author, and for deleting also board admins and platform admins. */
class EntryPermissionsTest {

    private static TestHost host;
    private static BoardsClient boards;
    /** Creates the boards, so administers them. */
    private static String owner;
    private static String author;
    private static String stranger;
    private static String platformAdmin;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        boards = new BoardsClient(host);
        owner = host.createUserAndLogin("owner");
        author = host.createUserAndLogin("author");
        stranger = host.createUserAndLogin("stranger");
        platformAdmin = host.createUserAndLogin("site-admin", "admin");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void authorEditsBodyAndMediaOfTheirOwnEntry() {
        long boardId = boards.createBoardId(owner, "Edits", true, true);
        JsonNode original = boards.createEntry(author, boardId, Map.of("body", "first draft",
                "media", List.of(Map.of("url", "https://example.com/a.png", "media_type", "image/png"))));
        long entryId = original.path("id").asLong();
        boards.vote(stranger, boardId, entryId);

        TestResponse edited = host.patch(entry(boardId, entryId), author, Map.of("body", "## second draft\n"));
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(edited.json().path("body").asText()).isEqualTo("## second draft\n");
        // What is not sent stays as it was.
        assertThat(edited.json().path("media")).isEqualTo(original.path("media"));
        assertThat(edited.json().path("vote_count").asLong()).isEqualTo(1);
        assertThat(edited.json().path("created_at").asText()).isEqualTo(original.path("created_at").asText());
        assertThat(edited.json().path("edited_at").isTextual()).as(edited.toString()).isTrue();
        assertThat(Instant.parse(edited.json().path("edited_at").asText()))
                .isAfterOrEqualTo(Instant.parse(original.path("created_at").asText()));

        TestResponse newMedia = host.patch(entry(boardId, entryId), author,
                Map.of("media", List.of(Map.of("url", "https://example.com/b.gif", "media_type", "image/gif"))));
        assertThat(newMedia.status()).as(newMedia.toString()).isEqualTo(200);
        assertThat(newMedia.json().path("body").asText()).isEqualTo("## second draft\n");
        assertThat(newMedia.json().path("media").get(0).path("url").asText()).isEqualTo("https://example.com/b.gif");

        TestResponse noMedia = host.patch(entry(boardId, entryId), author, Map.of("media", List.of()));
        assertThat(noMedia.json().path("media").size()).isZero();

        JsonNode read = boards.getEntry(stranger, boardId, entryId);
        assertThat(read.path("body").asText()).isEqualTo("## second draft\n");
        assertThat(read.path("media").size()).isZero();
        assertThat(read.path("voted_by_me").asBoolean()).isTrue();

        assertProblem(host.patch(entry(boardId, entryId), author, Map.of()), 400, "boards.nothing_to_change");
        assertProblem(host.patch(entry(boardId, entryId), author, Map.of("body", " ")), 400, "boards.body_required");
    }

    @Test
    void othersCannotEditOrDeleteAndTheEntryStaysUnchanged() {
        long boardId = boards.createBoardId(owner, "Guarded", true, true);
        JsonNode original = boards.createEntry(author, boardId, Map.of("body", "mine",
                "media", List.of(Map.of("url", "https://example.com/mine.png", "media_type", "image/png"))));
        long entryId = original.path("id").asLong();

        assertProblem(host.patch(entry(boardId, entryId), stranger, Map.of("body", "hijacked")), 403, "boards.not_author");
        assertProblem(host.patch(entry(boardId, entryId), stranger, Map.of("media", List.of())), 403, "boards.not_author");
        assertProblem(host.delete(entry(boardId, entryId), stranger), 403, "boards.delete_forbidden");
        // Admins may remove an entry, but never put words in its author's mouth.
        assertProblem(host.patch(entry(boardId, entryId), owner, Map.of("body", "moderated")), 403, "boards.not_author");
        assertProblem(host.patch(entry(boardId, entryId), platformAdmin, Map.of("body", "moderated")), 403, "boards.not_author");
        assertProblem(host.patch(entry(boardId, entryId), null, Map.of("body", "anon")), 401, "unauthenticated");
        assertProblem(host.delete(entry(boardId, entryId), null), 401, "unauthenticated");

        JsonNode after = boards.getEntry(author, boardId, entryId);
        assertThat(after).isEqualTo(original);
        assertThat(after.path("edited_at").isNull()).isTrue();
        assertThat(ids(boards.allPages(author, entries(boardId), Map.of(), 10))).containsExactly(entryId);

        // A reply belongs to its own author as much as an entry does.
        long replyId = boards.reply(stranger, boardId, entryId, "a reply").path("id").asLong();
        assertProblem(host.patch(entry(boardId, replyId), author, Map.of("body", "changed")), 403, "boards.not_author");
        assertProblem(host.delete(entry(boardId, replyId), author), 403, "boards.delete_forbidden");
        TestResponse ownReplyEdit = host.patch(entry(boardId, replyId), stranger, Map.of("body", "a better reply"));
        assertThat(ownReplyEdit.status()).as(ownReplyEdit.toString()).isEqualTo(200);
        assertThat(boards.getEntry(author, boardId, replyId).path("body").asText()).isEqualTo("a better reply");
    }

    @Test
    void authorDeletesTheirOwnEntry() {
        long boardId = boards.createBoardId(owner, "Self service", false, false);
        long keep = boards.createEntryId(stranger, boardId, "keep me");
        long entryId = boards.createEntryId(author, boardId, "regret");
        TestResponse deleted = host.delete(entry(boardId, entryId), author);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertThat(deleted.rawBody()).isEmpty();
        assertProblem(host.get(entry(boardId, entryId), author), 404, "boards.entry_not_found");
        assertProblem(host.delete(entry(boardId, entryId), author), 404, "boards.entry_not_found");
        assertProblem(host.patch(entry(boardId, entryId), author, Map.of("body", "back?")), 404, "boards.entry_not_found");
        assertThat(ids(boards.allPages(author, entries(boardId), Map.of(), 10))).containsExactly(keep);
    }

    @Test
    void boardAdminsDeleteAnyEntryOfTheirBoardOnly() {
        long boardId = boards.createBoardId(owner, "Moderated", false, false);
        long otherBoard = boards.createBoardId(stranger, "Not owner's", false, false);
        long first = boards.createEntryId(author, boardId, "first");
        long second = boards.createEntryId(author, boardId, "second");
        long elsewhere = boards.createEntryId(author, otherBoard, "elsewhere");

        assertThat(host.delete(entry(boardId, first), owner).status()).isEqualTo(204);
        assertProblem(host.get(entry(boardId, first), owner), 404, "boards.entry_not_found");
        // Administering one board gives no power over another.
        assertProblem(host.delete(entry(otherBoard, elsewhere), owner), 403, "boards.delete_forbidden");
        assertThat(boards.getEntry(owner, otherBoard, elsewhere).path("body").asText()).isEqualTo("elsewhere");

        // A user made admin of the board may delete too; before that they may not.
        String moderator = host.createUserAndLogin("moderator");
        long moderatorId = boards.userId(moderator);
        assertProblem(host.delete(entry(boardId, second), moderator), 403, "boards.delete_forbidden");
        assertProblem(host.put(board(boardId) + "/admins/" + moderatorId, stranger, ""), 403, "boards.not_board_admin");
        TestResponse granted = host.put(board(boardId) + "/admins/" + moderatorId, owner, "");
        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
        List<Long> adminIds = new java.util.ArrayList<>();
        granted.json().path("admin_ids").forEach(id -> adminIds.add(id.asLong()));
        assertThat(adminIds).containsExactlyInAnyOrder(boards.userId(owner), moderatorId);
        assertThat(host.delete(entry(boardId, second), moderator).status()).isEqualTo(204);
        assertThat(host.get(entries(boardId), owner).json().path("items").size()).isZero();
    }

    @Test
    void platformAdminDeletesAnyEntry() {
        long boardId = boards.createBoardId(owner, "Anywhere", false, false);
        long entryId = boards.createEntryId(author, boardId, "spam");
        assertThat(host.delete(entry(boardId, entryId), platformAdmin).status()).isEqualTo(204);
        assertProblem(host.get(entry(boardId, entryId), author), 404, "boards.entry_not_found");

        // The operator account is a platform admin as well.
        long another = boards.createEntryId(author, boardId, "more spam");
        assertThat(host.delete(entry(boardId, another), host.loginAsAdmin()).status()).isEqualTo(204);
        assertThat(host.get(entries(boardId), author).json().path("items").size()).isZero();
    }

    @Test
    void deletingAnEntryDeletesItsRepliesAndTheirVotes() {
        long boardId = boards.createBoardId(owner, "Cascade", true, true);
        long parent = boards.createEntryId(author, boardId, "parent");
        long survivor = boards.createEntryId(author, boardId, "survivor");
        long reply1 = boards.reply(stranger, boardId, parent, "reply one").path("id").asLong();
        long reply2 = boards.reply(owner, boardId, parent, "reply two").path("id").asLong();
        long otherReply = boards.reply(stranger, boardId, survivor, "reply to survivor").path("id").asLong();
        boards.vote(stranger, boardId, reply1);
        boards.vote(stranger, boardId, parent);
        assertThat(boards.getEntry(author, boardId, parent).path("reply_count").asLong()).isEqualTo(2);

        assertThat(host.delete(entry(boardId, parent), author).status()).isEqualTo(204);
        assertProblem(host.get(entry(boardId, parent), author), 404, "boards.entry_not_found");
        assertProblem(host.get(entry(boardId, reply1), author), 404, "boards.entry_not_found");
        assertProblem(host.get(entry(boardId, reply2), author), 404, "boards.entry_not_found");
        assertProblem(host.get(entry(boardId, parent) + "/replies", author), 404, "boards.entry_not_found");
        assertProblem(host.put(entry(boardId, reply1) + "/vote", stranger, ""), 404, "boards.entry_not_found");

        // Nothing else went with it.
        assertThat(ids(boards.allPages(author, entries(boardId), Map.of(), 10))).containsExactly(survivor);
        assertThat(boards.getEntry(author, boardId, survivor).path("reply_count").asLong()).isEqualTo(1);
        assertThat(ids(boards.allPages(author, entry(boardId, survivor) + "/replies", Map.of(), 10))).containsExactly(otherReply);
    }
}
