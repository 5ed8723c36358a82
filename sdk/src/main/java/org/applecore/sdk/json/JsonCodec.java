package org.applecore.sdk.json;

import java.util.List;

/**
 * Reads and writes JSON with the same rules the host applies to a plugin's request and response bodies:
 * snake_case field names, records supported, unknown fields refused. Use it, for example, to store a
 * value in a {@code jsonb} column. Thread-safe.
 */
public interface JsonCodec {

    String write(Object value);

    /** @throws IllegalArgumentException when the text is not JSON of that type */
    <T> T read(String json, Class<T> type);

    /** @throws IllegalArgumentException when the text is not a JSON array of that element type */
    <T> List<T> readList(String json, Class<T> elementType);
}
