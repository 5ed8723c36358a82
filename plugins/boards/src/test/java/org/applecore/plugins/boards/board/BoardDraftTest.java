package org.applecore.plugins.boards.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.applecore.sdk.errors.PluginException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class BoardDraftTest {

    @Test
    void acceptsAChatBoardWithBothOptions() {
        BoardDraft draft = BoardDraft.from(new CreateBoardRequest("General", "chat", true, true));

        assertThat(draft).isEqualTo(new BoardDraft("General", BoardKind.CHAT, true, true));
    }

    @Test
    void repliesAndVotesAreOffUnlessAskedFor() {
        BoardDraft draft = BoardDraft.from(new CreateBoardRequest("Reviews", "review", null, null));

        assertThat(draft.kind()).isEqualTo(BoardKind.REVIEW);
        assertThat(draft.allowReplies()).isFalse();
        assertThat(draft.allowVotes()).isFalse();
    }

    @Test
    void trimsTheName() {
        assertThat(BoardDraft.from(new CreateBoardRequest("  General \n", "chat", null, null)).name()).isEqualTo("General");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t\n"})
    void refusesAMissingOrBlankName(String name) {
        assertRefused(new CreateBoardRequest(name, "chat", null, null), "boards.name_required");
    }

    @Test
    void countsNameLengthInCharactersNotUtf16Units() {
        String twoHundredEmoji = "😀".repeat(200);

        assertThat(BoardDraft.from(new CreateBoardRequest(twoHundredEmoji, "chat", null, null)).name())
                .isEqualTo(twoHundredEmoji);
        assertRefused(new CreateBoardRequest(twoHundredEmoji + "x", "chat", null, null), "boards.name_too_long");
    }

    @Test
    void refusesANameWithNul() {
        assertRefused(new CreateBoardRequest("a\0b", "chat", null, null), "boards.invalid_name");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Chat", "CHAT", "forum", " chat"})
    void refusesAnyKindButChatOrReview(String kind) {
        assertRefused(new CreateBoardRequest("General", kind, null, null), "boards.invalid_kind");
    }

    private static void assertRefused(CreateBoardRequest request, String code) {
        assertThatThrownBy(() -> BoardDraft.from(request))
                .isInstanceOfSatisfying(PluginException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo(code);
                });
    }
}
