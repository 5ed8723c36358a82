package org.applecore.platform.boards;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.applecore.platform.boards.BoardsClient.BASE;
import static org.applecore.platform.boards.BoardsClient.assertProblem;
import static org.applecore.platform.boards.BoardsClient.board;
import static org.applecore.platform.boards.BoardsClient.entries;
import static org.applecore.platform.boards.BoardsClient.entry;
import static org.applecore.platform.boards.BoardsClient.ids;
import static org.assertj.core.api.Assertions.assertThat;

/** The operator turns the whole Boards plugin off and on again: its routes go away, its data does not. */
class BoardsPluginToggleTest {

    private static TestHost host;
    private static BoardsClient boards;
    private static String admin;
    private static String user;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        boards = new BoardsClient(host);
        admin = host.loginAsAdmin();
        user = host.createUserAndLogin("member");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void disabledBoardsAnswer404AndKeepTheirDataForWhenTheyAreEnabledAgain() {
        JsonNode createdBoard = boards.createBoard(user, "Survives a restart of the module", "review", true, true);
        long boardId = createdBoard.path("id").asLong();
        long first = boards.createEntryId(user, boardId, "first");
        long second = boards.createEntryId(user, boardId, "second");
        long reply = boards.reply(admin, boardId, first, "a reply").path("id").asLong();
        boards.vote(admin, boardId, first);
        List<JsonNode> before = boards.allPages(user, entries(boardId), Map.of("sort", "top"), 10);
        assertThat(ids(before)).containsExactly(first, second);

        TestResponse disabled = host.post("/admin/plugins/boards/disable", admin, "");
        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
        assertThat(disabled.json().path("enabled").asBoolean()).isFalse();
        assertThat(disabled.json().path("state").asText()).isEqualTo("DISABLED");

        for (TestResponse response : List.of(
                host.get(BASE, user),
                host.get(BASE, null),
                host.post(BASE, user, Map.of("name", "while off", "kind", "chat")),
                host.get(board(boardId), user),
                host.get(entries(boardId), user),
                host.get(entry(boardId, first), user),
                host.post(entries(boardId), user, Map.of("body", "while off")),
                host.patch(entry(boardId, first), user, Map.of("body", "edited while off")),
                host.delete(entry(boardId, second), user),
                host.put(entry(boardId, second) + "/vote", user, ""),
                host.get(entry(boardId, first) + "/replies", user),
                host.get(BASE + "/abc", user))) {
            assertProblem(response, 404, "plugin.not_enabled");
            assertThat(response.json().path("detail").asText()).contains("boards");
        }

        TestResponse enabled = host.post("/admin/plugins/boards/enable", admin, "");
        assertThat(enabled.status()).as(enabled.toString()).isEqualTo(200);
        assertThat(enabled.json().path("state").asText()).isEqualTo("STARTED");

        // Everything is back as it was; nothing sent while the module was off took effect.
        TestResponse board = host.get(board(boardId), user);
        assertThat(board.status()).as(board.toString()).isEqualTo(200);
        assertThat(board.json()).isEqualTo(createdBoard);
        List<JsonNode> after = boards.allPages(user, entries(boardId), Map.of("sort", "top"), 10);
        assertThat(after).isEqualTo(before);
        assertThat(after.get(0).path("body").asText()).isEqualTo("first");
        assertThat(after.get(0).path("vote_count").asLong()).isEqualTo(1);
        assertThat(after.get(0).path("reply_count").asLong()).isEqualTo(1);
        assertThat(ids(boards.allPages(user, entry(boardId, first) + "/replies", Map.of(), 10))).containsExactly(reply);
        assertThat(boards.allPages(user, BASE, Map.of(), 100)).extracting(b -> b.path("name").asText())
                .containsExactly("Survives a restart of the module");

        // And the module works again.
        long third = boards.createEntryId(user, boardId, "third");
        assertThat(third).isGreaterThan(second);
        assertThat(ids(boards.allPages(user, entries(boardId), Map.of("sort", "new"), 10))).containsExactly(third, second, first);
    }
}
