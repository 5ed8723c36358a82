package org.applecore.platform.boards;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.applecore.platform.boards.BoardsClient.BASE;
import static org.applecore.platform.boards.BoardsClient.assertProblem;
import static org.applecore.platform.boards.BoardsClient.board;
import static org.applecore.platform.boards.BoardsClient.entries;
import static org.applecore.platform.boards.BoardsClient.ids;
import static org.assertj.core.api.Assertions.assertThat;

/** Creating, listing and reading boards and their entries, through the real host with the real Boards archive. */
class BoardsAndEntriesTest {

    private static TestHost host;
    private static BoardsClient boards;
    private static String alice;
    private static String bob;
    private static long aliceId;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        boards = new BoardsClient(host);
        alice = host.createUserAndLogin("alice");
        bob = host.createUserAndLogin("bob");
        aliceId = boards.userId(alice);
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void createsBoardsOfBothKindsWithTheirOptionsAndReadsThemBack() {
        TestResponse created = host.post(BASE, alice,
                Map.of("name", "  Release review  ", "kind", "review", "allow_replies", true, "allow_votes", false));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/json");
        JsonNode review = created.json();
        assertThat(review.path("id").asLong()).isPositive();
        assertThat(review.path("name").asText()).isEqualTo("Release review");
        assertThat(review.path("kind").asText()).isEqualTo("review");
        assertThat(review.path("allow_replies").asBoolean()).isTrue();
        assertThat(review.path("allow_votes").isBoolean()).isTrue();
        assertThat(review.path("allow_votes").asBoolean()).isFalse();
        assertThat(review.path("created_by").asLong()).isEqualTo(aliceId);
        assertThat(Instant.parse(review.path("created_at").asText())).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(60));

        JsonNode chat = boards.createBoard(alice, "Lobby", "chat", false, true);
        assertThat(chat.path("kind").asText()).isEqualTo("chat");
        assertThat(chat.path("allow_replies").asBoolean()).isFalse();
        assertThat(chat.path("allow_votes").asBoolean()).isTrue();
        assertThat(chat.path("id").asLong()).isNotEqualTo(review.path("id").asLong());

        // Another user reads it exactly as it was answered to its creator.
        TestResponse read = host.get(board(review.path("id").asLong()), bob);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(review);

        // The creator administers the new board.
        TestResponse admins = host.get(board(review.path("id").asLong()) + "/admins", bob);
        assertThat(admins.status()).as(admins.toString()).isEqualTo(200);
        assertThat(admins.json().path("admin_ids").size()).isEqualTo(1);
        assertThat(admins.json().path("admin_ids").get(0).asLong()).isEqualTo(aliceId);
    }

    @Test
    void repliesAndVotesAreOffUnlessTurnedOn() {
        TestResponse created = host.post(BASE, alice, Map.of("name", "Defaults", "kind", "chat"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("allow_replies").asBoolean(true)).isFalse();
        assertThat(created.json().path("allow_votes").asBoolean(true)).isFalse();
    }

    @Test
    void invalidBoardsAreRefusedWithTheirCodeAndNothingIsStored() {
        int before = boards.allPages(alice, BASE, Map.of(), 100).size();
        assertProblem(host.post(BASE, alice, Map.of("name", "Bad kind", "kind", "forum")), 400, "boards.invalid_kind");
        assertProblem(host.post(BASE, alice, Map.of("name", "Upper kind", "kind", "CHAT")), 400, "boards.invalid_kind");
        assertProblem(host.post(BASE, alice, Map.of("name", "No kind")), 400, "boards.invalid_kind");
        assertProblem(host.post(BASE, alice, Map.of("kind", "chat")), 400, "boards.name_required");
        assertProblem(host.post(BASE, alice, Map.of("name", "   ", "kind", "chat")), 400, "boards.name_required");
        assertProblem(host.post(BASE, alice, Map.of("name", "n".repeat(201), "kind", "chat")), 400, "boards.name_too_long");
        assertProblem(host.post(BASE, alice, Map.of("name", "nul\u0000name", "kind", "chat")), 400, "boards.invalid_name");
        TestResponse invalidKind = host.post(BASE, alice, Map.of("name", "Bad kind", "kind", "forum"));
        assertThat(invalidKind.json().path("status").asInt()).isEqualTo(400);
        assertThat(invalidKind.json().path("detail").asText()).contains("forum");
        assertThat(boards.allPages(alice, BASE, Map.of(), 100)).hasSize(before);

        // The longest name allowed is counted in characters, not UTF-16 units.
        JsonNode longest = boards.createBoard(alice, "\uD83C\uDF4E".repeat(200), "chat", false, false);
        assertThat(longest.path("name").asText().codePointCount(0, longest.path("name").asText().length())).isEqualTo(200);
    }

    @Test
    void anonymousCallersAreRefused() {
        long boardId = boards.createBoardId(alice, "Private to members", false, false);
        assertProblem(host.get(BASE, null), 401, "unauthenticated");
        assertProblem(host.post(BASE, null, Map.of("name", "Anon", "kind", "chat")), 401, "unauthenticated");
        assertProblem(host.get(board(boardId), null), 401, "unauthenticated");
        assertProblem(host.get(entries(boardId), null), 401, "unauthenticated");
        assertProblem(host.post(entries(boardId), null, Map.of("body", "hi")), 401, "unauthenticated");
        assertProblem(host.get(board(boardId), "not-a-token"), 401, "unauthenticated");
        assertThat(host.get(entries(boardId), alice).json().path("items").size()).isZero();
    }

    @Test
    void boardsAreListedNewestFirstAcrossCursorPages() {
        List<Long> mine = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            mine.add(boards.createBoardId(bob, "Paged board " + i, false, false));
        }
        List<JsonNode> listed = boards.allPages(alice, BASE, Map.of(), 4);
        List<Long> listedIds = ids(listed);
        assertThat(listedIds).doesNotHaveDuplicates().containsAll(mine);
        // Newest first: the boards created last come first, in reverse order of creation.
        List<Long> newestFirst = new ArrayList<>(mine);
        Collections.reverse(newestFirst);
        assertThat(listedIds.stream().filter(mine::contains).toList()).isEqualTo(newestFirst);
        assertThat(listed).isSortedAccordingTo(Comparator.comparing((JsonNode b) -> Instant.parse(b.path("created_at").asText()))
                .thenComparing(b -> b.path("id").asLong()).reversed());
        // The same list in one page.
        assertThat(ids(boards.allPages(alice, BASE, Map.of(), 100))).isEqualTo(listedIds);

        TestResponse first = host.get(BASE + "?limit=1", alice);
        assertThat(first.json().path("items").size()).isEqualTo(1);
        assertThat(first.json().path("items").get(0).path("id").asLong()).isEqualTo(listedIds.getFirst());
        assertThat(first.json().path("next_cursor").asText()).isNotBlank();
        // Without a limit a page holds at most 20.
        assertThat(host.get(BASE, alice).json().path("items").size()).isEqualTo(Math.min(20, listedIds.size()));
    }

    @Test
    void unknownBoardIs404AndNonNumericIdIs400() {
        assertProblem(host.get(board(987_654_321L), alice), 404, "boards.board_not_found");
        assertProblem(host.get(BASE + "/abc", alice), 400, "boards.invalid_id");
        assertProblem(host.get(BASE + "/-1", alice), 400, "boards.invalid_id");
        assertProblem(host.get(BASE + "/1.5", alice), 400, "boards.invalid_id");
        assertProblem(host.get(BASE + "/99999999999999999999", alice), 400, "boards.invalid_id");
    }

    @Test
    void entryKeepsItsMarkdownBodyAndMedia() {
        long boardId = boards.createBoardId(alice, "Media board", true, true);
        String markdown = "# Heading\n\n- item *one*\n- item **two**\n\n```java\nint x = 1;\n```\n  \n";
        List<Map<String, String>> media = List.of(
                Map.of("url", "https://cdn.example.com/a.png", "media_type", "image/png"),
                Map.of("url", "http://videos.example.org/clip.mp4?t=10", "media_type", "Video/MP4"));
        TestResponse created = host.post(entries(boardId), bob, Map.of("body", markdown, "media", media));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode entry = created.json();
        assertThat(entry.path("board_id").asLong()).isEqualTo(boardId);
        assertThat(entry.path("parent_id").isNull()).isTrue();
        assertThat(entry.path("author_username").asText()).isEqualTo("bob");
        assertThat(entry.path("author_id").asLong()).isEqualTo(boards.userId(bob));
        assertThat(entry.path("body").asText()).isEqualTo(markdown);
        assertThat(entry.path("media").size()).isEqualTo(2);
        assertThat(entry.path("media").get(0).path("url").asText()).isEqualTo("https://cdn.example.com/a.png");
        assertThat(entry.path("media").get(0).path("media_type").asText()).isEqualTo("image/png");
        assertThat(entry.path("media").get(1).path("url").asText()).isEqualTo("http://videos.example.org/clip.mp4?t=10");
        assertThat(entry.path("media").get(1).path("media_type").asText()).isEqualTo("video/mp4");
        assertThat(entry.path("vote_count").asLong()).isZero();
        assertThat(entry.path("reply_count").asLong()).isZero();
        assertThat(entry.path("voted_by_me").asBoolean()).isFalse();
        assertThat(entry.path("edited_at").isNull()).isTrue();

        // Read back by someone else, and in the list, it is the same.
        JsonNode read = boards.getEntry(alice, boardId, entry.path("id").asLong());
        assertThat(read).isEqualTo(entry);
        JsonNode listed = host.get(entries(boardId), alice).json().path("items");
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0)).isEqualTo(entry);

        // Without media an entry has an empty list, not null.
        JsonNode plain = boards.createEntry(alice, boardId, "just text");
        assertThat(plain.path("media").isArray()).isTrue();
        assertThat(plain.path("media").size()).isZero();
    }

    @Test
    void entriesPageThroughNewestFirstWithNoneMissingOrRepeated() {
        long boardId = boards.createBoardId(alice, "Busy board", false, false);
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            created.add(boards.createEntryId(i % 2 == 0 ? alice : bob, boardId, "entry " + i));
        }
        List<Long> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);

        List<Integer> pageSizes = new ArrayList<>();
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            TestResponse page = host.get(entries(boardId) + "?sort=new&limit=10" + (cursor == null ? "" : "&cursor=" + cursor), bob);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            pageSizes.add(page.json().path("items").size());
            page.json().path("items").forEach(item -> seen.add(item.path("id").asLong()));
            cursor = page.json().path("next_cursor").isNull() ? null : page.json().path("next_cursor").asText();
        } while (cursor != null && pageSizes.size() < 10);
        assertThat(pageSizes).containsExactly(10, 10, 5);
        assertThat(seen).doesNotHaveDuplicates().isEqualTo(newestFirst);

        // The default sort is new, and a list that fills its last page exactly ends without an empty page.
        assertThat(ids(boards.allPages(bob, entries(boardId), Map.of(), 5))).isEqualTo(newestFirst);
        TestResponse exact = host.get(entries(boardId) + "?limit=25", bob);
        assertThat(exact.json().path("items").size()).isEqualTo(25);
        assertThat(exact.json().path("next_cursor").isNull()).as(exact.toString()).isTrue();
        TestResponse oneShort = host.get(entries(boardId) + "?limit=24", bob);
        assertThat(oneShort.json().path("next_cursor").isNull()).isFalse();
    }

    @Test
    void cursorKeepsItsPlaceWhileNewEntriesArrive() {
        long boardId = boards.createBoardId(alice, "Live board", false, false);
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            created.add(boards.createEntryId(alice, boardId, "before " + i));
        }
        TestResponse first = host.get(entries(boardId) + "?limit=3", alice);
        String cursor = first.json().path("next_cursor").asText();
        long arrivedLater = boards.createEntryId(bob, boardId, "arrived between pages");
        TestResponse second = host.get(entries(boardId) + "?limit=3&cursor=" + cursor, alice);
        List<Long> secondIds = new ArrayList<>();
        second.json().path("items").forEach(item -> secondIds.add(item.path("id").asLong()));
        assertThat(secondIds).containsExactly(created.get(2), created.get(1), created.get(0));
        assertThat(second.json().path("next_cursor").isNull()).isTrue();
        assertThat(host.get(entries(boardId) + "?limit=1", alice).json().path("items").get(0).path("id").asLong())
                .isEqualTo(arrivedLater);
    }

    @Test
    void topSortOrdersByVotesThenNewestAndPagesThroughTies() {
        long boardId = boards.createBoardId(alice, "Ranked board", false, true);
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            voters.add(host.createUserAndLogin("ranker-" + i));
        }
        int[] votesPerEntry = {0, 3, 1, 4, 1, 0, 2, 3, 0, 1, 4, 2};
        Map<Long, Integer> votesById = new HashMap<>();
        for (int i = 0; i < votesPerEntry.length; i++) {
            long entryId = boards.createEntryId(bob, boardId, "ranked " + i);
            votesById.put(entryId, votesPerEntry[i]);
            for (int v = 0; v < votesPerEntry[i]; v++) {
                boards.vote(voters.get(v), boardId, entryId);
            }
        }
        List<Long> expected = votesById.keySet().stream()
                .sorted(Comparator.comparing((Long id) -> votesById.get(id)).thenComparing(id -> id).reversed())
                .toList();

        List<JsonNode> top = boards.allPages(alice, entries(boardId), Map.of("sort", "top"), 5);
        assertThat(ids(top)).isEqualTo(expected);
        top.forEach(entry -> assertThat(entry.path("vote_count").asInt()).isEqualTo(votesById.get(entry.path("id").asLong())));
        assertThat(ids(boards.allPages(alice, entries(boardId), Map.of("sort", "top"), 2))).isEqualTo(expected);

        // voted_by_me is the caller's own view.
        long mostVoted = expected.getFirst();
        assertThat(boards.getEntry(voters.get(3), boardId, mostVoted).path("voted_by_me").asBoolean()).isTrue();
        assertThat(boards.getEntry(alice, boardId, mostVoted).path("voted_by_me").asBoolean()).isFalse();

        // sort=new on the same board is still newest first.
        List<Long> newest = new ArrayList<>(votesById.keySet());
        newest.sort(Comparator.reverseOrder());
        assertThat(ids(boards.allPages(alice, entries(boardId), Map.of("sort", "new"), 5))).isEqualTo(newest);
    }

    @Test
    void invalidSortLimitAndCursorAre400() {
        long boardId = boards.createBoardId(alice, "Strict board", false, false);
        for (int i = 0; i < 3; i++) {
            boards.createEntryId(alice, boardId, "e" + i);
        }
        assertProblem(host.get(entries(boardId) + "?sort=old", alice), 400, "boards.invalid_sort");
        assertProblem(host.get(entries(boardId) + "?sort=TOP", alice), 400, "boards.invalid_sort");
        for (String limit : List.of("0", "-1", "101", "ten", "1.5", "99999999999")) {
            assertProblem(host.get(entries(boardId) + "?limit=" + limit, alice), 400, "boards.invalid_limit");
            assertProblem(host.get(BASE + "?limit=" + limit, alice), 400, "boards.invalid_limit");
        }
        assertThat(host.get(entries(boardId) + "?limit=100", alice).status()).isEqualTo(200);
        assertThat(host.get(entries(boardId) + "?limit=1", alice).status()).isEqualTo(200);

        for (String cursor : List.of("garbage!", "bm90LWEtY3Vyc29y", "x".repeat(300))) {
            assertProblem(host.get(entries(boardId) + "?cursor=" + cursor, alice), 400, "boards.invalid_cursor");
            assertProblem(host.get(BASE + "?cursor=" + cursor, alice), 400, "boards.invalid_cursor");
        }
        // A cursor is only good for the list order that issued it.
        String newCursor = host.get(entries(boardId) + "?sort=new&limit=1", alice).json().path("next_cursor").asText();
        String topCursor = host.get(entries(boardId) + "?sort=top&limit=1", alice).json().path("next_cursor").asText();
        assertThat(host.get(entries(boardId) + "?sort=new&limit=1&cursor=" + newCursor, alice).status()).isEqualTo(200);
        assertProblem(host.get(entries(boardId) + "?sort=top&cursor=" + newCursor, alice), 400, "boards.invalid_cursor");
        assertProblem(host.get(entries(boardId) + "?sort=new&cursor=" + topCursor, alice), 400, "boards.invalid_cursor");
        assertProblem(host.get(BASE + "?cursor=" + newCursor, alice), 400, "boards.invalid_cursor");
    }

    @Test
    void entriesOfUnknownBoardsAre404() {
        long missing = 876_543_210L;
        assertProblem(host.get(entries(missing), alice), 404, "boards.board_not_found");
        assertProblem(host.post(entries(missing), alice, Map.of("body", "into the void")), 404, "boards.board_not_found");
        assertProblem(host.get(BASE + "/x/entries", alice), 400, "boards.invalid_id");
        assertProblem(host.post(BASE + "/x/entries", alice, Map.of("body", "x")), 400, "boards.invalid_id");
        // A board's entries never show up on another board.
        long one = boards.createBoardId(alice, "One", false, false);
        long two = boards.createBoardId(alice, "Two", false, false);
        long onOne = boards.createEntryId(alice, one, "on one");
        assertThat(ids(boards.allPages(alice, entries(two), Map.of(), 100))).doesNotContain(onOne).isEmpty();
        assertThat(new HashSet<>(ids(boards.allPages(alice, entries(one), Map.of(), 100)))).containsExactly(onOne);
    }
}
