package org.applecore.platform.boards;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.testing.TestHost;
import org.applecore.platform.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.applecore.platform.boards.BoardsClient.assertProblem;
import static org.applecore.platform.boards.BoardsClient.entries;
import static org.applecore.platform.boards.BoardsClient.entry;
import static org.applecore.platform.boards.BoardsClient.ids;
import static org.assertj.core.api.Assertions.assertThat;

/** Replies and votes, each only where the board allows it, including many voters at once. */
class RepliesAndVotesTest {

    private static final int CONCURRENT_VOTERS = 20;

    private static TestHost host;
    private static BoardsClient boards;
    private static String alice;
    private static String bob;
    private static String carol;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
        boards = new BoardsClient(host);
        alice = host.createUserAndLogin("alice");
        bob = host.createUserAndLogin("bob");
        carol = host.createUserAndLogin("carol");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void repliesFormAOneLevelThreadOldestFirst() {
        long boardId = boards.createBoardId(alice, "Threads", true, false);
        long parent = boards.createEntryId(alice, boardId, "What do you think?");
        JsonNode first = boards.reply(bob, boardId, parent, "I agree");
        JsonNode second = boards.reply(carol, boardId, parent, "I *disagree*");
        assertThat(first.path("parent_id").asLong()).isEqualTo(parent);
        assertThat(first.path("board_id").asLong()).isEqualTo(boardId);
        assertThat(first.path("author_username").asText()).isEqualTo("bob");
        assertThat(second.path("body").asText()).isEqualTo("I *disagree*");

        assertThat(boards.getEntry(alice, boardId, parent).path("reply_count").asLong()).isEqualTo(2);
        List<JsonNode> thread = boards.allPages(alice, entries(boardId) + "/" + parent + "/replies", Map.of(), 1);
        assertThat(ids(thread)).containsExactly(first.path("id").asLong(), second.path("id").asLong());

        // Replies are not top-level entries.
        assertThat(ids(boards.allPages(alice, entries(boardId), Map.of(), 100))).containsExactly(parent);

        // A reply cannot be replied to.
        TestResponse nested = host.post(entry(boardId, first.path("id").asLong()) + "/replies", alice, Map.of("body", "nested"));
        assertProblem(nested, 422, "boards.nested_replies_not_allowed");
        assertThat(boards.getEntry(alice, boardId, parent).path("reply_count").asLong()).isEqualTo(2);

        // Deleting a reply takes it off the count and the thread.
        assertThat(host.delete(entry(boardId, first.path("id").asLong()), bob).status()).isEqualTo(204);
        assertThat(boards.getEntry(alice, boardId, parent).path("reply_count").asLong()).isEqualTo(1);
        assertThat(ids(boards.allPages(alice, entries(boardId) + "/" + parent + "/replies", Map.of(), 10)))
                .containsExactly(second.path("id").asLong());
    }

    @Test
    void repliesAreRefusedWhereTheBoardDoesNotAllowThem() {
        long boardId = boards.createBoardId(alice, "No replies", false, true);
        long parent = boards.createEntryId(alice, boardId, "Read only");
        TestResponse refused = host.post(entry(boardId, parent) + "/replies", bob, Map.of("body", "but I want to"));
        assertProblem(refused, 422, "boards.replies_not_allowed");
        JsonNode after = boards.getEntry(alice, boardId, parent);
        assertThat(after.path("reply_count").asLong()).isZero();
        assertThat(host.get(entry(boardId, parent) + "/replies", alice).json().path("items").size()).isZero();
        assertThat(ids(boards.allPages(alice, entries(boardId), Map.of(), 100))).containsExactly(parent);
    }

    @Test
    void votesAreRefusedWhereTheBoardDoesNotAllowThem() {
        long boardId = boards.createBoardId(alice, "No votes", true, false);
        long entryId = boards.createEntryId(alice, boardId, "Unrankable");
        assertProblem(host.put(entry(boardId, entryId) + "/vote", bob, ""), 422, "boards.votes_not_allowed");
        assertProblem(host.delete(entry(boardId, entryId) + "/vote", bob), 422, "boards.votes_not_allowed");
        assertThat(boards.getEntry(bob, boardId, entryId).path("vote_count").asLong()).isZero();
        assertThat(boards.getEntry(bob, boardId, entryId).path("voted_by_me").asBoolean()).isFalse();
    }

    @Test
    void votingIsIdempotentAndOnePerUser() {
        long boardId = boards.createBoardId(alice, "Votes", false, true);
        long entryId = boards.createEntryId(alice, boardId, "Vote for me");
        String vote = entry(boardId, entryId) + "/vote";

        TestResponse firstVote = host.put(vote, bob, "");
        assertThat(firstVote.status()).as(firstVote.toString()).isEqualTo(200);
        assertThat(firstVote.json().path("entry_id").asLong()).isEqualTo(entryId);
        assertThat(firstVote.json().path("vote_count").asLong()).isEqualTo(1);
        assertThat(firstVote.json().path("voted_by_me").asBoolean()).isTrue();
        TestResponse again = host.put(vote, bob, "");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("vote_count").asLong()).isEqualTo(1);
        assertThat(boards.getEntry(bob, boardId, entryId).path("vote_count").asLong()).isEqualTo(1);
        assertThat(boards.getEntry(bob, boardId, entryId).path("voted_by_me").asBoolean()).isTrue();

        // A second user adds a second vote; the author may vote too.
        assertThat(boards.vote(carol, boardId, entryId).path("vote_count").asLong()).isEqualTo(2);
        assertThat(boards.getEntry(alice, boardId, entryId).path("voted_by_me").asBoolean()).isFalse();
        assertThat(boards.vote(alice, boardId, entryId).path("vote_count").asLong()).isEqualTo(3);

        // Withdrawing twice is fine and counts once.
        for (String user : List.of(alice, carol)) {
            for (int i = 0; i < 2; i++) {
                TestResponse withdrawn = host.delete(vote, user);
                assertThat(withdrawn.status()).as(withdrawn.toString()).isEqualTo(200);
                assertThat(withdrawn.json().path("voted_by_me").asBoolean()).isFalse();
            }
        }
        assertThat(boards.getEntry(carol, boardId, entryId).path("vote_count").asLong()).isEqualTo(1);
        TestResponse lastWithdrawn = host.delete(vote, bob);
        assertThat(lastWithdrawn.json().path("vote_count").asLong()).isZero();
        TestResponse withdrawnAgain = host.delete(vote, bob);
        assertThat(withdrawnAgain.status()).isEqualTo(200);
        assertThat(withdrawnAgain.json().path("vote_count").asLong()).isZero();
        assertThat(boards.getEntry(bob, boardId, entryId).path("vote_count").asLong()).isZero();
        assertThat(boards.getEntry(bob, boardId, entryId).path("voted_by_me").asBoolean()).isFalse();

        // Withdrawing a vote never given leaves others' votes alone.
        boards.vote(bob, boardId, entryId);
        assertThat(host.delete(vote, carol).json().path("vote_count").asLong()).isEqualTo(1);
        assertProblem(host.put(vote, null, ""), 401, "unauthenticated");
        assertThat(boards.getEntry(bob, boardId, entryId).path("vote_count").asLong()).isEqualTo(1);
    }

    @Test
    void votesReorderTheTopList() {
        long boardId = boards.createBoardId(alice, "Charts", false, true);
        long older = boards.createEntryId(alice, boardId, "older");
        long newer = boards.createEntryId(alice, boardId, "newer");
        assertThat(ids(boards.allPages(alice, entries(boardId), Map.of("sort", "top"), 10))).containsExactly(newer, older);
        boards.vote(bob, boardId, older);
        assertThat(ids(boards.allPages(alice, entries(boardId), Map.of("sort", "top"), 10))).containsExactly(older, newer);
        boards.vote(bob, boardId, newer);
        boards.vote(carol, boardId, newer);
        List<JsonNode> top = boards.allPages(alice, entries(boardId), Map.of("sort", "top"), 10);
        assertThat(ids(top)).containsExactly(newer, older);
        assertThat(top.get(0).path("vote_count").asLong()).isEqualTo(2);
        assertThat(top.get(1).path("vote_count").asLong()).isEqualTo(1);
        assertThat(host.delete(entry(boardId, newer) + "/vote", bob).status()).isEqualTo(200);
        assertThat(host.delete(entry(boardId, newer) + "/vote", carol).status()).isEqualTo(200);
        assertThat(ids(boards.allPages(alice, entries(boardId), Map.of("sort", "top"), 10))).containsExactly(older, newer);
        // sort=new does not care about votes.
        assertThat(ids(boards.allPages(alice, entries(boardId), Map.of("sort", "new"), 10))).containsExactly(newer, older);
    }

    @Test
    void concurrentVotesAreEachCountedExactlyOnce() throws Exception {
        long boardId = boards.createBoardId(alice, "Stampede", false, true);
        long entryId = boards.createEntryId(alice, boardId, "Everybody vote now");
        long bystander = boards.createEntryId(alice, boardId, "Nobody votes for me");
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_VOTERS; i++) {
            voters.add(host.createUserAndLogin("voter-" + i));
        }
        String vote = entry(boardId, entryId) + "/vote";

        // Every voter votes twice at the same moment: 40 requests, 20 votes.
        List<TestResponse> responses = runAtOnce(voters.stream()
                .flatMap(token -> List.<Callable<TestResponse>>of(() -> host.put(vote, token, ""), () -> host.put(vote, token, "")).stream())
                .toList());
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        assertThat(responses).allSatisfy(r -> assertThat(r.json().path("voted_by_me").asBoolean()).isTrue());
        // Each vote that counted saw the count one higher than the one before it: no lost updates.
        List<Long> counts = responses.stream().map(r -> r.json().path("vote_count").asLong()).toList();
        assertThat(counts).allSatisfy(c -> assertThat(c).isBetween(1L, (long) CONCURRENT_VOTERS));
        assertThat(counts).containsAll(LongStream.rangeClosed(1, CONCURRENT_VOTERS).boxed().toList());
        assertThat(boards.getEntry(alice, boardId, entryId).path("vote_count").asLong()).isEqualTo(CONCURRENT_VOTERS);
        assertThat(boards.getEntry(alice, boardId, bystander).path("vote_count").asLong()).isZero();
        assertThat(boards.getEntry(voters.get(7), boardId, entryId).path("voted_by_me").asBoolean()).isTrue();

        // Half of them withdraw at once while the other half vote again.
        List<Callable<TestResponse>> mixed = new ArrayList<>();
        for (int i = 0; i < voters.size(); i++) {
            String token = voters.get(i);
            mixed.add(i % 2 == 0 ? () -> host.delete(vote, token) : () -> host.put(vote, token, ""));
        }
        assertThat(runAtOnce(mixed)).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        assertThat(boards.getEntry(alice, boardId, entryId).path("vote_count").asLong()).isEqualTo(CONCURRENT_VOTERS / 2);
        assertThat(boards.getEntry(voters.get(0), boardId, entryId).path("voted_by_me").asBoolean()).isFalse();
        assertThat(boards.getEntry(voters.get(1), boardId, entryId).path("voted_by_me").asBoolean()).isTrue();
    }

    /** Runs the calls on threads of their own, released together, and returns their answers. */
    private static List<TestResponse> runAtOnce(List<Callable<TestResponse>> calls) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch ready = new CountDownLatch(calls.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<TestResponse>> futures = new ArrayList<>();
            for (Callable<TestResponse> call : calls) {
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<TestResponse> responses = new ArrayList<>();
            for (Future<TestResponse> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            threads.shutdownNow();
        }
    }
}
