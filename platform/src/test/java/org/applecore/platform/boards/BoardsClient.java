package org.applecore.platform.boards;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Calls the Boards plugin's API on a test host the way a client would, asserting each step succeeded. */
final class BoardsClient {

    static final String BASE = "/api/boards";

    private final TestHost host;

    BoardsClient(TestHost host) {
        this.host = host;
    }

    /** Creates a board and returns it as answered. */
    JsonNode createBoard(String token, String name, String kind, boolean allowReplies, boolean allowVotes) {
        TestResponse created = host.post(BASE, token,
                Map.of("name", name, "kind", kind, "allow_replies", allowReplies, "allow_votes", allowVotes));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    long createBoardId(String token, String name, boolean allowReplies, boolean allowVotes) {
        return createBoard(token, name, "chat", allowReplies, allowVotes).path("id").asLong();
    }

    /** Posts a top-level entry with a body only and returns it as answered. */
    JsonNode createEntry(String token, long boardId, String body) {
        return createEntry(token, boardId, Map.of("body", body));
    }

    JsonNode createEntry(String token, long boardId, Map<String, ?> request) {
        TestResponse created = host.post(entries(boardId), token, request);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    long createEntryId(String token, long boardId, String body) {
        return createEntry(token, boardId, body).path("id").asLong();
    }

    JsonNode reply(String token, long boardId, long entryId, String body) {
        TestResponse created = host.post(entry(boardId, entryId) + "/replies", token, Map.of("body", body));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    JsonNode vote(String token, long boardId, long entryId) {
        TestResponse voted = host.put(entry(boardId, entryId) + "/vote", token, "");
        assertThat(voted.status()).as(voted.toString()).isEqualTo(200);
        return voted.json();
    }

    JsonNode getEntry(String token, long boardId, long entryId) {
        TestResponse read = host.get(entry(boardId, entryId), token);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        return read.json();
    }

    /** The platform account id of the token's user. */
    long userId(String token) {
        TestResponse me = host.get("/me", token);
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        return me.json().path("id").asLong();
    }

    /**
     * Follows {@code next_cursor} from the first page to the last, checking each page's size, and returns
     * every item in the order served.
     */
    List<JsonNode> allPages(String token, String path, Map<String, String> query, int limit) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 1000; page++) {
            Map<String, String> params = new HashMap<>(query);
            params.put("limit", String.valueOf(limit));
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            TestResponse response = host.get(path + queryString(params), token);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            JsonNode items0 = response.json().path("items");
            assertThat(items0.isArray()).as(response.toString()).isTrue();
            assertThat(items0.size()).as("page size").isLessThanOrEqualTo(limit);
            items0.forEach(items::add);
            JsonNode next = response.json().path("next_cursor");
            assertThat(next.isMissingNode()).as("next_cursor is always present: " + response).isFalse();
            if (next.isNull()) {
                return items;
            }
            assertThat(items0.size()).as("a page with a next page is full").isEqualTo(limit);
            cursor = next.asText();
        }
        throw new AssertionError("pagination of " + path + " did not end");
    }

    static List<Long> ids(List<JsonNode> items) {
        return items.stream().map(item -> item.path("id").asLong()).toList();
    }

    static String queryString(Map<String, String> params) {
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder query = new StringBuilder();
        params.forEach((name, value) -> query.append(query.isEmpty() ? "?" : "&").append(name).append('=')
                .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)));
        return query.toString();
    }

    static String board(long boardId) {
        return BASE + "/" + boardId;
    }

    static String entries(long boardId) {
        return board(boardId) + "/entries";
    }

    static String entry(long boardId, long entryId) {
        return entries(boardId) + "/" + entryId;
    }

    static void assertProblem(TestResponse response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.problemCode()).as(response.toString()).isEqualTo(code);
    }
}
