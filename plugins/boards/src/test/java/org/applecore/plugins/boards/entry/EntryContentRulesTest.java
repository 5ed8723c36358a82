package org.applecore.plugins.boards.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.applecore.sdk.errors.PluginException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EntryContentRulesTest {

    private static final MediaAttachment PICTURE = new MediaAttachment("https://cdn.example.com/a.png", "image/png");

    private final EntryContentRules rules = new EntryContentRules(new EntryLimits(10, 2));

    @Test
    void keepsTheBodyExactlyAsSentBecauseMarkdownWhitespaceMatters() {
        EntryContent content = rules.checkNew(new EntryContentRequest("  # Hi\n\n", null));

        assertThat(content.body()).isEqualTo("  # Hi\n\n");
        assertThat(content.media()).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\n\t "})
    void aNewEntryNeedsANonBlankBody(String body) {
        assertRefused(() -> rules.checkNew(new EntryContentRequest(body, null)), "boards.body_required");
    }

    @Test
    void acceptsABodyAtTheLimitAndRefusesOneCharacterMore() {
        assertThat(rules.checkNew(new EntryContentRequest("x".repeat(10), null)).body()).hasSize(10);
        assertRefused(() -> rules.checkNew(new EntryContentRequest("x".repeat(11), null)), "boards.body_too_large");
    }

    @Test
    void countsBodyLengthInCharactersNotUtf16Units() {
        String tenEmoji = "😀".repeat(10);

        assertThat(rules.checkNew(new EntryContentRequest(tenEmoji, null)).body()).isEqualTo(tenEmoji);
    }

    @Test
    void refusesABodyWithNul() {
        assertRefused(() -> rules.checkNew(new EntryContentRequest("a\0b", null)), "boards.invalid_body");
    }

    @Test
    void acceptsUpToTheConfiguredNumberOfAttachments() {
        EntryContent content = rules.checkNew(new EntryContentRequest("hi", List.of(PICTURE, PICTURE)));

        assertThat(content.media()).containsExactly(PICTURE, PICTURE);
        assertRefused(() -> rules.checkNew(new EntryContentRequest("hi", List.of(PICTURE, PICTURE, PICTURE))),
                "boards.too_many_attachments");
    }

    @Test
    void refusesANullAttachment() {
        List<MediaAttachment> media = new ArrayList<>(Collections.singletonList(null));

        assertRefused(() -> rules.checkNew(new EntryContentRequest("hi", media)), "boards.invalid_media");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com", "HTTPS://example.com/a%20b.png?x=1#f", "http://[::1]:8080/a",
            "https://sub.example.co.uk/path/img.webp"})
    void acceptsAbsoluteWebUrlsWithAHost(String url) {
        EntryContent content = rules.checkNew(new EntryContentRequest("hi", List.of(new MediaAttachment(url, "image/png"))));

        assertThat(content.media().getFirst().url()).isEqualTo(url);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"/relative/a.png", "a.png", "ftp://example.com/a.png", "javascript:alert(1)",
            "data:image/png;base64,AAAA", "file:///etc/passwd", "http:/example.com", "https://", "http://exa mple.com/",
            "http://example.com:notaport/"})
    void refusesUrlsThatAreNotAbsoluteWebUrlsWithAHost(String url) {
        assertRefused(() -> rules.checkNew(new EntryContentRequest("hi", List.of(new MediaAttachment(url, "image/png")))),
                "boards.invalid_media_url");
    }

    @Test
    void acceptsAUrlOf2048CharactersAndRefusesLonger() {
        String prefix = "https://example.com/";
        String atLimit = prefix + "a".repeat(2048 - prefix.length());

        assertThat(rules.checkNew(new EntryContentRequest("hi", List.of(new MediaAttachment(atLimit, "image/png"))))
                .media()).hasSize(1);
        assertRefused(() -> rules.checkNew(new EntryContentRequest("hi",
                List.of(new MediaAttachment(atLimit + "a", "image/png")))), "boards.invalid_media_url");
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/png", "video/mp4", "application/vnd.api+json", "image/svg+xml", "audio/x-wav"})
    void acceptsTypeSlashSubtype(String mediaType) {
        EntryContent content = rules.checkNew(new EntryContentRequest("hi",
                List.of(new MediaAttachment("https://example.com/f", mediaType))));

        assertThat(content.media().getFirst().mediaType()).isEqualTo(mediaType);
    }

    @Test
    void storesMediaTypesInLowerCaseSinceTheyAreCaseInsensitive() {
        EntryContent content = rules.checkNew(new EntryContentRequest("hi",
                List.of(new MediaAttachment("https://example.com/f", "Image/PNG"))));

        assertThat(content.media().getFirst().mediaType()).isEqualTo("image/png");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"image", "image/", "/png", "image/png/x", "image png", "image/png; charset=utf-8", "*/*"})
    void refusesMediaTypesThatAreNotTypeSlashSubtype(String mediaType) {
        assertRefused(() -> rules.checkNew(new EntryContentRequest("hi",
                List.of(new MediaAttachment("https://example.com/f", mediaType)))), "boards.invalid_media_type");
    }

    @Test
    void namesTheOffendingAttachment() {
        List<MediaAttachment> media = List.of(PICTURE, new MediaAttachment("nope", "image/png"));

        assertThatThrownBy(() -> rules.checkNew(new EntryContentRequest("hi", media))).hasMessageContaining("media[1]");
    }

    @Test
    void anEditKeepsWhatItDoesNotSend() {
        EntryChange bodyOnly = rules.checkChange(new EntryContentRequest("new text", null));
        EntryChange mediaOnly = rules.checkChange(new EntryContentRequest(null, List.of(PICTURE)));

        assertThat(bodyOnly).isEqualTo(new EntryChange(Optional.of("new text"), Optional.empty()));
        assertThat(mediaOnly).isEqualTo(new EntryChange(Optional.empty(), Optional.of(List.of(PICTURE))));
    }

    @Test
    void anEditWithEmptyMediaRemovesEveryAttachment() {
        assertThat(rules.checkChange(new EntryContentRequest(null, List.of())).media()).contains(List.of());
    }

    @Test
    void anEditMustChangeSomething() {
        assertRefused(() -> rules.checkChange(new EntryContentRequest(null, null)), "boards.nothing_to_change");
    }

    @Test
    void anEditIsCheckedLikeANewEntry() {
        assertRefused(() -> rules.checkChange(new EntryContentRequest(" ", null)), "boards.body_required");
        assertRefused(() -> rules.checkChange(new EntryContentRequest("x".repeat(11), null)), "boards.body_too_large");
        assertRefused(() -> rules.checkChange(new EntryContentRequest(null, List.of(PICTURE, PICTURE, PICTURE))),
                "boards.too_many_attachments");
    }

    private static void assertRefused(ThrowingCallable call, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PluginException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.code()).isEqualTo(code);
        });
    }
}
