package org.applecore.plugins.boards.entry;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.applecore.sdk.errors.PluginException;

/** Checks what callers send as an entry's body and media, before anything is stored. */
public final class EntryContentRules {

    public static final String BODY_REQUIRED = "boards.body_required";
    public static final String BODY_TOO_LARGE = "boards.body_too_large";
    public static final String INVALID_BODY = "boards.invalid_body";
    public static final String TOO_MANY_ATTACHMENTS = "boards.too_many_attachments";
    public static final String INVALID_MEDIA = "boards.invalid_media";
    public static final String INVALID_MEDIA_URL = "boards.invalid_media_url";
    public static final String INVALID_MEDIA_TYPE = "boards.invalid_media_type";
    public static final String NOTHING_TO_CHANGE = "boards.nothing_to_change";

    public static final int MAX_URL_CHARS = 2048;

    // RFC 6838 restricted names for type and subtype; parameters such as "; charset=" are not accepted.
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}", Pattern.CASE_INSENSITIVE);

    private final EntryLimits limits;

    public EntryContentRules(EntryLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
    }

    /** Checks the content of a new entry or reply. @throws PluginException 400 naming what is wrong */
    public EntryContent checkNew(EntryContentRequest request) {
        requireNonNull(request, "request is null");
        List<MediaAttachment> media = request.media() == null ? List.of() : checkMedia(request.media());
        return new EntryContent(checkBody(request.body()), media);
    }

    /** Checks an edit; absent fields stay unchanged. @throws PluginException 400 naming what is wrong */
    public EntryChange checkChange(EntryContentRequest request) {
        requireNonNull(request, "request is null");
        if (request.body() == null && request.media() == null) {
            throw PluginException.invalidInput(NOTHING_TO_CHANGE, "send body, media or both to edit an entry");
        }
        return new EntryChange(
                Optional.ofNullable(request.body()).map(this::checkBody),
                Optional.ofNullable(request.media()).map(this::checkMedia));
    }

    private String checkBody(String body) {
        if (body == null || body.isBlank()) {
            throw PluginException.invalidInput(BODY_REQUIRED, "body is required and must not be blank");
        }
        // Code points, so that the limit means the same for every script and for emoji.
        int length = body.codePointCount(0, body.length());
        if (length > limits.maxBodyChars()) {
            throw PluginException.invalidInput(BODY_TOO_LARGE,
                    "body has " + length + " characters; at most " + limits.maxBodyChars() + " are allowed");
        }
        // PostgreSQL text cannot hold NUL; refusing it here keeps it a 400 instead of a failed insert.
        if (body.indexOf('\0') >= 0) {
            throw PluginException.invalidInput(INVALID_BODY, "body must not contain NUL characters");
        }
        // Markdown gives meaning to leading and trailing whitespace, so the body is kept exactly as sent.
        return body;
    }

    private List<MediaAttachment> checkMedia(List<MediaAttachment> media) {
        if (media.size() > limits.maxAttachments()) {
            throw PluginException.invalidInput(TOO_MANY_ATTACHMENTS,
                    "media has " + media.size() + " attachments; at most " + limits.maxAttachments() + " are allowed");
        }
        List<MediaAttachment> checked = new ArrayList<>(media.size());
        for (int index = 0; index < media.size(); index++) {
            MediaAttachment attachment = media.get(index);
            if (attachment == null) {
                throw PluginException.invalidInput(INVALID_MEDIA, "media[" + index + "] must be an object with url and media_type");
            }
            checkUrl(index, attachment.url());
            checked.add(new MediaAttachment(attachment.url(), checkMediaType(index, attachment.mediaType())));
        }
        return checked;
    }

    private static void checkUrl(int index, String url) {
        if (url == null || url.isEmpty() || url.length() > MAX_URL_CHARS || !isWebUrl(url)) {
            throw PluginException.invalidInput(INVALID_MEDIA_URL, "media[" + index
                    + "].url must be an absolute http or https URL with a host, at most " + MAX_URL_CHARS + " characters");
        }
    }

    private static boolean isWebUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException malformed) {
            return false;
        }
        String scheme = uri.getScheme();
        boolean web = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
        // getHost() is null for authorities that are not server-based, such as a port that is not a number.
        return web && uri.getHost() != null && !uri.getHost().isEmpty();
    }

    private static String checkMediaType(int index, String mediaType) {
        if (mediaType == null || !MEDIA_TYPE.matcher(mediaType).matches()) {
            throw PluginException.invalidInput(INVALID_MEDIA_TYPE,
                    "media[" + index + "].media_type must look like type/subtype, for example image/png: " + mediaType);
        }
        // Media types are case-insensitive (RFC 6838); one spelling lets clients compare them as strings.
        return mediaType.toLowerCase(Locale.ROOT);
    }
}
