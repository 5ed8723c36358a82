package org.applecore.platform.boards;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.applecore.platform.boards.BoardsClient.BASE;
import static org.applecore.platform.boards.BoardsClient.assertProblem;
import static org.applecore.platform.boards.BoardsClient.board;
import static org.applecore.platform.boards.BoardsClient.entries;
import static org.applecore.platform.boards.BoardsClient.entry;
import static org.applecore.platform.boards.BoardsClient.ids;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Boards API refuses: content over its limits, bad media, bodies that are not the JSON asked
 * for, oversize requests, and ids that do not exist or are not ids. Every refusal stores nothing.
 */
class EntryLimitsAndErrorsTest {

    private static final int MAX_BODY_CHARS = 20_000;
    private static final int MAX_ATTACHMENTS = 10;

    private static TestHost host;
    private static BoardsClient boards;
    private static String user;
    private long boardId;
    private long entryId;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        boards = new BoardsClient(host);
        user = host.createUserAndLogin("writer");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @BeforeEach
    void freshBoard() {
        boardId = boards.createBoardId(user, "Limits", true, true);
        entryId = boards.createEntryId(user, boardId, "the only entry");
    }

    @Test
    void bodyUpToTheLimitIsKeptAndOneCharacterMoreIs400() {
        String longest = "# long\n" + "x".repeat(MAX_BODY_CHARS - 7);
        JsonNode stored = boards.createEntry(user, boardId, longest);
        assertThat(stored.path("body").asText()).isEqualTo(longest);
        assertThat(boards.getEntry(user, boardId, stored.path("id").asLong()).path("body").asText()).hasSize(MAX_BODY_CHARS);

        TestResponse tooLarge = host.post(entries(boardId), user, Map.of("body", longest + "y"));
        assertProblem(tooLarge, 400, "boards.body_too_large");
        assertThat(tooLarge.json().path("detail").asText()).contains(String.valueOf(MAX_BODY_CHARS));
        assertProblem(host.post(entry(boardId, entryId) + "/replies", user, Map.of("body", longest + "y")), 400, "boards.body_too_large");
        assertProblem(host.patch(entry(boardId, entryId), user, Map.of("body", longest + "y")), 400, "boards.body_too_large");
        assertThat(boards.getEntry(user, boardId, entryId).path("body").asText()).isEqualTo("the only entry");
        assertThat(boards.getEntry(user, boardId, entryId).path("reply_count").asLong()).isZero();
        assertThat(ids(boards.allPages(user, entries(boardId), Map.of(), 100))).hasSize(2);
    }

    @Test
    void bodyLimitCountsCharactersNotUtf16Units() {
        String emoji = "\uD83D\uDE00";
        JsonNode stored = boards.createEntry(user, boardId, emoji.repeat(MAX_BODY_CHARS));
        assertThat(stored.path("body").asText()).isEqualTo(emoji.repeat(MAX_BODY_CHARS));
        assertProblem(host.post(entries(boardId), user, Map.of("body", emoji.repeat(MAX_BODY_CHARS + 1))), 400, "boards.body_too_large");
    }

    @Test
    void missingBlankOrNulBodyIs400() {
        assertProblem(host.post(entries(boardId), user, Map.of()), 400, "boards.body_required");
        assertProblem(host.post(entries(boardId), user, Map.of("body", " \n\t ")), 400, "boards.body_required");
        assertProblem(host.post(entries(boardId), user, Map.of("media", List.of())), 400, "boards.body_required");
        assertProblem(host.post(entries(boardId), user, Map.of("body", "a\u0000b")), 400, "boards.invalid_body");
        assertThat(ids(boards.allPages(user, entries(boardId), Map.of(), 100))).containsExactly(entryId);
    }

    @Test
    void atMostTenAttachments() {
        List<Map<String, String>> ten = IntStream.range(0, MAX_ATTACHMENTS)
                .mapToObj(i -> Map.of("url", "https://img.example.com/" + i + ".png", "media_type", "image/png"))
                .toList();
        assertThat(boards.createEntry(user, boardId, Map.of("body", "ten", "media", ten)).path("media").size())
                .isEqualTo(MAX_ATTACHMENTS);
        List<Map<String, String>> eleven = new ArrayList<>(ten);
        eleven.add(Map.of("url", "https://img.example.com/10.png", "media_type", "image/png"));
        TestResponse refused = host.post(entries(boardId), user, Map.of("body", "eleven", "media", eleven));
        assertProblem(refused, 400, "boards.too_many_attachments");
        assertProblem(host.patch(entry(boardId, entryId), user, Map.of("media", eleven)), 400, "boards.too_many_attachments");
        assertProblem(host.post(entry(boardId, entryId) + "/replies", user, Map.of("body", "r", "media", eleven)),
                400, "boards.too_many_attachments");
        assertThat(boards.getEntry(user, boardId, entryId).path("media").size()).isZero();
        assertThat(ids(boards.allPages(user, entries(boardId), Map.of(), 100))).hasSize(2);
    }

    @Test
    void mediaUrlsMustBeAbsoluteWebUrls() {
        List<String> badUrls = List.of(
                "javascript:alert(1)",
                "JavaScript:alert(document.cookie)",
                "data:image/png;base64,iVBORw0KGgo=",
                "file:///etc/passwd",
                "ftp://example.com/a.png",
                "/relative/picture.png",
                "picture.png",
                "//example.com/no-scheme.png",
                "https://",
                "http:///no-host.png",
                "https://exa mple.com/space.png",
                "",
                "https://example.com/" + "a".repeat(2100));
        for (String url : badUrls) {
            TestResponse refused = host.post(entries(boardId), user,
                    Map.of("body", "bad url", "media", List.of(Map.of("url", url, "media_type", "image/png"))));
            assertProblem(refused, 400, "boards.invalid_media_url");
        }
        // The index of the bad attachment is named.
        TestResponse second = host.post(entries(boardId), user, Map.of("body", "second bad", "media", List.of(
                Map.of("url", "https://example.com/ok.png", "media_type", "image/png"),
                Map.of("url", "javascript:alert(1)", "media_type", "image/png"))));
        assertProblem(second, 400, "boards.invalid_media_url");
        assertThat(second.json().path("detail").asText()).contains("media[1]");
        assertProblem(host.patch(entry(boardId, entryId), user,
                Map.of("media", List.of(Map.of("url", "javascript:alert(1)", "media_type", "image/png")))), 400, "boards.invalid_media_url");
        assertProblem(host.post(entries(boardId), user, "{\"body\":\"no url\",\"media\":[{\"media_type\":\"image/png\"}]}"),
                400, "boards.invalid_media_url");
        assertThat(ids(boards.allPages(user, entries(boardId), Map.of(), 100))).containsExactly(entryId);
        assertThat(boards.getEntry(user, boardId, entryId).path("media").size()).isZero();
    }

    @Test
    void mediaTypesMustBeTypeSlashSubtype() {
        for (String mediaType : List.of("image", "png", "image/", "/png", "image/png; charset=utf-8", "image/png/x",
                "<script>/x", "", " image/png")) {
            TestResponse refused = host.post(entries(boardId), user, Map.of("body", "bad type",
                    "media", List.of(Map.of("url", "https://example.com/a.png", "media_type", mediaType))));
            assertProblem(refused, 400, "boards.invalid_media_type");
        }
        assertProblem(host.post(entries(boardId), user, "{\"body\":\"no type\",\"media\":[{\"url\":\"https://example.com/a.png\"}]}"),
                400, "boards.invalid_media_type");
        assertProblem(host.post(entries(boardId), user, "{\"body\":\"null item\",\"media\":[null]}"), 400, "boards.invalid_media");
        for (String mediaType : List.of("image/svg+xml", "application/vnd.ms-excel", "video/webm")) {
            assertThat(boards.createEntry(user, boardId, Map.of("body", mediaType,
                    "media", List.of(Map.of("url", "https://example.com/f", "media_type", mediaType))))
                    .path("media").get(0).path("media_type").asText()).isEqualTo(mediaType);
        }
    }

    @Test
    void malformedJsonAndWrongTypesAre400WithTheHostsCodes() {
        assertProblem(host.post(entries(boardId), user, "{\"body\": "), 400, "request.malformed_json");
        assertProblem(host.post(entries(boardId), user, "not json at all"), 400, "request.malformed_json");
        assertProblem(host.post(BASE, user, "{\"name\":\"x\",\"kind\":\"chat\""), 400, "request.malformed_json");
        assertProblem(host.patch(entry(boardId, entryId), user, "{body: 'single quotes'}"), 400, "request.malformed_json");

        assertProblem(host.post(entries(boardId), user, "{\"body\":{\"text\":\"x\"}}"), 400, "request.invalid_body");
        assertProblem(host.post(entries(boardId), user, "{\"body\":\"x\",\"media\":\"https://example.com/a.png\"}"),
                400, "request.invalid_body");
        assertProblem(host.post(entries(boardId), user, "{\"body\":\"x\",\"media\":[\"https://example.com/a.png\"]}"),
                400, "request.invalid_body");
        assertProblem(host.post(entries(boardId), user, "{\"body\":\"x\",\"media\":[{\"url\":\"https://e.com/a\",\"type\":\"image/png\"}]}"),
                400, "request.invalid_body");
        assertProblem(host.post(entries(boardId), user, "[\"body\"]"), 400, "request.invalid_body");
        assertProblem(host.post(entries(boardId), user, "{\"body\":\"x\",\"author_id\":1}"), 400, "request.invalid_body");
        TestResponse wrongType = host.post(BASE, user, "{\"name\":\"x\",\"kind\":\"chat\",\"allow_votes\":\"maybe\"}");
        assertProblem(wrongType, 400, "request.invalid_body");
        assertThat(wrongType.json().path("detail").asText()).contains("allow_votes");
        assertProblem(host.post(BASE, user, "{\"name\":[\"x\"],\"kind\":\"chat\"}"), 400, "request.invalid_body");
        assertProblem(host.post(entries(boardId), user, ""), 400, "request.body_required");
        assertProblem(host.post(entries(boardId), user, "null"), 400, "request.body_required");

        assertThat(ids(boards.allPages(user, entries(boardId), Map.of(), 100))).containsExactly(entryId);
        assertThat(boards.getEntry(user, boardId, entryId).path("body").asText()).isEqualTo("the only entry");
    }

    @Test
    void requestBodiesOverOneMebibyteAre413() {
        String huge = "{\"body\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";
        assertProblem(host.post(entries(boardId), user, huge), 413, "request.body_too_large");
        assertProblem(host.patch(entry(boardId, entryId), user, huge), 413, "request.body_too_large");
        assertProblem(host.post(entry(boardId, entryId) + "/replies", user, huge), 413, "request.body_too_large");
        String hugeBoard = "{\"name\":\"big\",\"kind\":\"chat\",\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}";
        assertProblem(host.post(BASE, user, hugeBoard), 413, "request.body_too_large");
        assertThat(ids(boards.allPages(user, entries(boardId), Map.of(), 100))).containsExactly(entryId);
        assertThat(boards.getEntry(user, boardId, entryId).path("body").asText()).isEqualTo("the only entry");
    }

    @Test
    void unknownBoardsAndEntriesAre404() {
        long missingBoard = boardId + 1_000_000;
        long missingEntry = entryId + 1_000_000;
        assertProblem(host.get(board(missingBoard), user), 404, "boards.board_not_found");
        assertProblem(host.get(entries(missingBoard), user), 404, "boards.board_not_found");
        assertProblem(host.post(entries(missingBoard), user, Map.of("body", "x")), 404, "boards.board_not_found");
        assertProblem(host.get(entry(missingBoard, entryId), user), 404, "boards.board_not_found");
        assertProblem(host.get(board(missingBoard) + "/admins", user), 404, "boards.board_not_found");

        assertProblem(host.get(entry(boardId, missingEntry), user), 404, "boards.entry_not_found");
        assertProblem(host.patch(entry(boardId, missingEntry), user, Map.of("body", "x")), 404, "boards.entry_not_found");
        assertProblem(host.delete(entry(boardId, missingEntry), user), 404, "boards.entry_not_found");
        assertProblem(host.put(entry(boardId, missingEntry) + "/vote", user, ""), 404, "boards.entry_not_found");
        assertProblem(host.delete(entry(boardId, missingEntry) + "/vote", user), 404, "boards.entry_not_found");
        assertProblem(host.get(entry(boardId, missingEntry) + "/replies", user), 404, "boards.entry_not_found");
        assertProblem(host.post(entry(boardId, missingEntry) + "/replies", user, Map.of("body", "x")), 404, "boards.entry_not_found");
    }

    @Test
    void anEntryAddressedUnderTheWrongBoardIs404AndUntouched() {
        String other = host.createUserAndLogin("other-" + entryId);
        long otherBoard = boards.createBoardId(other, "Other board", true, true);
        String wrong = entry(otherBoard, entryId);
        assertProblem(host.get(wrong, user), 404, "boards.entry_not_found");
        assertProblem(host.patch(wrong, user, Map.of("body", "moved?")), 404, "boards.entry_not_found");
        assertProblem(host.delete(wrong, user), 404, "boards.entry_not_found");
        // Even an admin of the other board cannot reach it through their board.
        assertProblem(host.delete(wrong, other), 404, "boards.entry_not_found");
        assertProblem(host.put(wrong + "/vote", other, ""), 404, "boards.entry_not_found");
        assertProblem(host.post(wrong + "/replies", other, Map.of("body", "x")), 404, "boards.entry_not_found");
        assertProblem(host.get(wrong + "/replies", other), 404, "boards.entry_not_found");

        JsonNode untouched = boards.getEntry(user, boardId, entryId);
        assertThat(untouched.path("body").asText()).isEqualTo("the only entry");
        assertThat(untouched.path("vote_count").asLong()).isZero();
        assertThat(untouched.path("reply_count").asLong()).isZero();
        assertThat(untouched.path("edited_at").isNull()).isTrue();
        assertThat(host.get(entries(otherBoard), other).json().path("items").size()).isZero();
    }

    @Test
    void nonNumericIdsAre400() {
        for (String notId : List.of("abc", "-1", "1.0", "1e3", "0x10", "%20", "99999999999999999999")) {
            assertProblem(host.get(BASE + "/" + notId, user), 400, "boards.invalid_id");
            assertProblem(host.get(BASE + "/" + notId + "/entries", user), 400, "boards.invalid_id");
            assertProblem(host.get(entries(boardId) + "/" + notId, user), 400, "boards.invalid_id");
            assertProblem(host.patch(entries(boardId) + "/" + notId, user, Map.of("body", "x")), 400, "boards.invalid_id");
            assertProblem(host.delete(entries(boardId) + "/" + notId, user), 400, "boards.invalid_id");
            assertProblem(host.put(entries(boardId) + "/" + notId + "/vote", user, ""), 400, "boards.invalid_id");
            assertProblem(host.post(entries(boardId) + "/" + notId + "/replies", user, Map.of("body", "x")), 400, "boards.invalid_id");
        }
        assertProblem(host.put(board(boardId) + "/admins/someone", user, ""), 400, "boards.invalid_id");
    }
}
