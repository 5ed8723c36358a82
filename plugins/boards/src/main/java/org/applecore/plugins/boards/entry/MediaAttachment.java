package org.applecore.plugins.boards.entry;

/**
 * A picture, video or other file shown with an entry. The plugin stores only the reference: clients
 * host the file elsewhere and fetch it themselves.
 *
 * @param url absolute http or https URL
 * @param mediaType a media type such as {@code image/png}, stored in lower case
 */
public record MediaAttachment(String url, String mediaType) {
}
