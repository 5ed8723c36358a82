package org.applecore.sdk.json;

import java.util.List;

/**
 * Reads and writes JSON with the same rules the host applies to a plugin's request and response bodies:
 * <ul>
 *   <li>field names are snake_case ({@code allowReplies} is written and read as {@code allow_replies});
 *       map keys are written as they are;</li>
 *   <li>records and plain classes with getters are supported;</li>
 *   <li>reading refuses unknown fields and a null for a primitive;</li>
 *   <li>null values are written as JSON {@code null}, not left out;</li>
 *   <li>{@code java.time} values are ISO-8601 strings ({@code 2026-11-21T10:00:00Z}), {@code Optional} is
 *       its value or null.</li>
 * </ul>
 * Use it, for example, to store a value in a {@code jsonb} column. Thread-safe.
 */
public interface JsonCodec {

    String write(Object value);

    /** @throws IllegalArgumentException when the text is not JSON of that type */
    <T> T read(String json, Class<T> type);

    /** @throws IllegalArgumentException when the text is not a JSON array of that element type */
    <T> List<T> readList(String json, Class<T> elementType);
}
