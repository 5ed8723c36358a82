package org.applecore.platform.core.attribute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.applecore.platform.problem.ApiException;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The value rules of seed 003 ("Attributes"). What each type accepts, and what is stored:
 * <ul>
 * <li>{@code numeric}: a JSON number within {@code min}/{@code max} (inclusive, compared as decimals).</li>
 * <li>{@code string}: a JSON string of at most {@code applecore.core.max-string-chars} (default 10,000)
 *     characters; then its string type; then the regex (whole-string match) if set, else the enum if set.
 *     <ul>
 *     <li>{@code datetime}: ISO-8601 date-time with an offset ({@code 2025-01-31T10:00:00Z}, {@code ...+02:00}).</li>
 *     <li>{@code color}: {@code #RGB}, {@code #RRGGBB} or {@code #RRGGBBAA}; stored in lower case.</li>
 *     <li>{@code url}: an absolute {@code http}/{@code https} URL with a host, at most 2,048 characters.</li>
 *     <li>{@code email}: {@code local@domain} with a dotted domain of letter/digit/hyphen labels; the domain is
 *         stored in lower case.</li>
 *     <li>{@code social}: {@code @handle}, or {@code platform:handle} ({@code platform:@handle} also) where the
 *         platform is a lower-case name ({@code [a-z][a-z0-9_-]{0,31}}, stored in lower case) and the handle is
 *         1 to 64 letters, digits, {@code _}, {@code .} or {@code -}.</li>
 *     <li>{@code phone}: E.164 ({@code +} then 7 to 15 digits, no leading 0); spaces, hyphens, dots and
 *         parentheses between digits are accepted and removed.</li>
 *     <li>{@code any}: any string.</li>
 *     </ul></li>
 * <li>{@code json}: any JSON of at most {@code applecore.core.max-json-bytes} (default 1 MiB) serialized.</li>
 * <li>{@code markdown}: a string of at most {@code applecore.core.max-markdown-chars} (default 100,000).</li>
 * <li>{@code binary}: {@code {"media_type", "data"}} with an image or PDF media type and standard base64 data
 *     of at most {@code applecore.core.max-binary-bytes} (default 1 MiB) decoded, whose first bytes match
 *     the media type (SVG: UTF-8 text holding an {@code <svg} element and no {@code <script}).</li>
 * <li>{@code location}: {@code {"lat": -90..90, "lon": -180..180}}.</li>
 * <li>{@code action}: {@code {"action_id": n}} or the number {@code n} (stored as the object); n positive.
 *     Actions are not run yet.</li>
 * </ul>
 * Null (or an absent value) is accepted only when the attribute allows null.
 */
@Singleton
public class AttributeValueRules implements AttributeValues {

    static final Set<String> BINARY_MEDIA_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp",
            "image/svg+xml", "application/pdf");
    private static final Pattern COLOR = Pattern.compile("#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})");
    private static final Pattern EMAIL_LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern DOMAIN_LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern SOCIAL = Pattern.compile("(?:([A-Za-z][A-Za-z0-9_-]{0,31}):)?(@?)([A-Za-z0-9_.-]{1,64})");
    private static final Pattern PHONE_SEPARATORS = Pattern.compile("[\\s().-]");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final int MAX_URL_CHARS = 2048;
    private static final BigDecimal MAX_LAT = BigDecimal.valueOf(90);
    private static final BigDecimal MAX_LON = BigDecimal.valueOf(180);

    private final int maxStringChars;
    private final int maxMarkdownChars;
    private final int maxJsonBytes;
    private final int maxBinaryBytes;

    @Inject
    public AttributeValueRules(@Value("${applecore.core.max-string-chars:10000}") int maxStringChars,
                               @Value("${applecore.core.max-markdown-chars:100000}") int maxMarkdownChars,
                               @Value("${applecore.core.max-json-bytes:1048576}") int maxJsonBytes,
                               @Value("${applecore.core.max-binary-bytes:1048576}") int maxBinaryBytes) {
        this.maxStringChars = maxStringChars;
        this.maxMarkdownChars = maxMarkdownChars;
        this.maxJsonBytes = maxJsonBytes;
        this.maxBinaryBytes = maxBinaryBytes;
    }

    @Override
    public JsonNode validate(Attribute attribute, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            if (!attribute.allowNull()) {
                throw invalid(attribute, "may not be null");
            }
            return NullNode.getInstance();
        }
        return switch (attribute.valueType()) {
            case NUMERIC -> numeric(attribute, value);
            case STRING -> string(attribute, value);
            case JSON -> json(attribute, value);
            case MARKDOWN -> markdown(attribute, value);
            case BINARY -> binary(attribute, value);
            case LOCATION -> location(attribute, value);
            case ACTION -> action(attribute, value);
        };
    }

    private static JsonNode numeric(Attribute attribute, JsonNode value) {
        if (!value.isNumber()) {
            throw invalid(attribute, "must be a number");
        }
        BigDecimal number = value.decimalValue();
        if (attribute.min() != null && number.compareTo(attribute.min()) < 0) {
            throw invalid(attribute, "must be at least " + attribute.min().toPlainString());
        }
        if (attribute.max() != null && number.compareTo(attribute.max()) > 0) {
            throw invalid(attribute, "must be at most " + attribute.max().toPlainString());
        }
        return value;
    }

    private JsonNode string(Attribute attribute, JsonNode value) {
        if (!value.isTextual()) {
            throw invalid(attribute, "must be a string");
        }
        String text = value.textValue();
        if (text.length() > maxStringChars) {
            throw invalid(attribute, "must be at most " + maxStringChars + " characters long");
        }
        StringType type = attribute.stringType() == null ? StringType.ANY : attribute.stringType();
        String stored = switch (type) {
            case DATETIME -> dateTime(attribute, text);
            case COLOR -> color(attribute, text);
            case URL -> url(attribute, text);
            case EMAIL -> email(attribute, text);
            case SOCIAL -> social(attribute, text);
            case PHONE -> phone(attribute, text);
            case ANY -> text;
        };
        if (attribute.regex() != null) {
            boolean matches;
            try {
                matches = BoundedRegex.matches(BoundedRegex.compile(attribute.regex()), stored);
            } catch (BoundedRegex.TooSlow e) {
                throw invalid(attribute, "could not be checked against its regex in time");
            }
            if (!matches) {
                throw invalid(attribute, "does not match the regex " + attribute.regex());
            }
        } else if (!attribute.enumValues().isEmpty() && !attribute.enumValues().contains(stored)) {
            throw invalid(attribute, "must be one of " + attribute.enumValues());
        }
        return stored.equals(text) ? value : JsonNodeFactory.instance.textNode(stored);
    }

    private static String dateTime(Attribute attribute, String text) {
        try {
            OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return text;
        } catch (DateTimeParseException e) {
            throw invalid(attribute, "must be an ISO-8601 date-time with an offset, such as 2025-01-31T10:00:00Z");
        }
    }

    private static String color(Attribute attribute, String text) {
        if (!COLOR.matcher(text).matches()) {
            throw invalid(attribute, "must be a color #RGB, #RRGGBB or #RRGGBBAA");
        }
        return text.toLowerCase(Locale.ROOT);
    }

    private static String url(Attribute attribute, String text) {
        if (text.length() <= MAX_URL_CHARS) {
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme();
                if (uri.isAbsolute() && !uri.isOpaque() && uri.getHost() != null && !uri.getHost().isEmpty()
                        && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                    return text;
                }
            } catch (URISyntaxException e) {
                // refused below
            }
        }
        throw invalid(attribute, "must be an absolute http or https URL with a host");
    }

    private static String email(Attribute attribute, String text) {
        int at = text.lastIndexOf('@');
        if (text.length() <= 254 && at > 0 && at <= 64) {
            String local = text.substring(0, at);
            String domain = text.substring(at + 1);
            String[] labels = domain.split("\\.", -1);
            boolean domainOk = labels.length >= 2 && domain.length() <= 253;
            for (String label : labels) {
                domainOk &= DOMAIN_LABEL.matcher(label).matches();
            }
            if (domainOk && EMAIL_LOCAL.matcher(local).matches()) {
                return local + "@" + domain.toLowerCase(Locale.ROOT);
            }
        }
        throw invalid(attribute, "must be an email address such as name@example.com");
    }

    private static String social(Attribute attribute, String text) {
        var matcher = SOCIAL.matcher(text);
        if (matcher.matches() && (matcher.group(1) != null || !matcher.group(2).isEmpty())) {
            String platform = matcher.group(1);
            return platform == null ? text : platform.toLowerCase(Locale.ROOT) + ":" + matcher.group(2) + matcher.group(3);
        }
        throw invalid(attribute, "must be a social account: @handle or platform:handle");
    }

    private static String phone(Attribute attribute, String text) {
        String compact = text.startsWith("+") ? "+" + PHONE_SEPARATORS.matcher(text.substring(1)).replaceAll("") : text;
        if (!E164.matcher(compact).matches()) {
            throw invalid(attribute, "must be an E.164 phone number such as +15551234567");
        }
        return compact;
    }

    private JsonNode json(Attribute attribute, JsonNode value) {
        if (AttributeRows.jsonText(value).getBytes(StandardCharsets.UTF_8).length > maxJsonBytes) {
            throw invalid(attribute, "must be at most " + maxJsonBytes + " bytes of JSON");
        }
        return value;
    }

    private JsonNode markdown(Attribute attribute, JsonNode value) {
        if (!value.isTextual()) {
            throw invalid(attribute, "must be a markdown string");
        }
        if (value.textValue().length() > maxMarkdownChars) {
            throw invalid(attribute, "must be at most " + maxMarkdownChars + " characters long");
        }
        return value;
    }

    private JsonNode binary(Attribute attribute, JsonNode value) {
        if (!value.isObject() || !onlyFields(value, Set.of("media_type", "data"))
                || !value.path("media_type").isTextual() || !value.path("data").isTextual()) {
            throw invalid(attribute, "must be {\"media_type\": ..., \"data\": base64}");
        }
        String mediaType = value.path("media_type").textValue().toLowerCase(Locale.ROOT);
        if (!BINARY_MEDIA_TYPES.contains(mediaType)) {
            throw invalid(attribute, "media_type must be one of image/png, image/jpeg, image/gif, image/webp, "
                    + "image/svg+xml, application/pdf");
        }
        String data = value.path("data").textValue();
        long maxEncoded = 4L * ((maxBinaryBytes + 2) / 3);
        if (data.length() > maxEncoded) {
            throw invalid(attribute, "must be at most " + maxBinaryBytes + " bytes");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw invalid(attribute, "data must be standard base64");
        }
        if (bytes.length == 0 || bytes.length > maxBinaryBytes) {
            throw invalid(attribute, "must be between 1 and " + maxBinaryBytes + " bytes");
        }
        if (!contentMatches(mediaType, bytes)) {
            throw invalid(attribute, "data is not " + mediaType);
        }
        ObjectNode stored = JsonNodeFactory.instance.objectNode();
        stored.put("media_type", mediaType);
        stored.put("data", data);
        return stored;
    }

    static boolean contentMatches(String mediaType, byte[] bytes) {
        return switch (mediaType) {
            case "image/png" -> startsWith(bytes, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            case "image/jpeg" -> startsWith(bytes, 0, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
            case "image/gif" -> startsWith(bytes, 0, "GIF87a".getBytes(StandardCharsets.US_ASCII))
                    || startsWith(bytes, 0, "GIF89a".getBytes(StandardCharsets.US_ASCII));
            case "image/webp" -> startsWith(bytes, 0, "RIFF".getBytes(StandardCharsets.US_ASCII))
                    && startsWith(bytes, 8, "WEBP".getBytes(StandardCharsets.US_ASCII));
            case "application/pdf" -> startsWith(bytes, 0, "%PDF-".getBytes(StandardCharsets.US_ASCII));
            case "image/svg+xml" -> svg(bytes);
            default -> false;
        };
    }

    /** SVG is text, so there are no magic bytes; it must be UTF-8 with an svg element and no scripts. */
    private static boolean svg(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder();
        String text;
        try {
            text = decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.stripLeading().replace("\uFEFF", "").startsWith("<") && lower.contains("<svg") && !lower.contains("<script");
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        if (bytes.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode location(Attribute attribute, JsonNode value) {
        if (!value.isObject() || !onlyFields(value, Set.of("lat", "lon"))
                || !value.path("lat").isNumber() || !value.path("lon").isNumber()) {
            throw invalid(attribute, "must be {\"lat\": number, \"lon\": number}");
        }
        BigDecimal lat = value.path("lat").decimalValue();
        BigDecimal lon = value.path("lon").decimalValue();
        if (lat.abs().compareTo(MAX_LAT) > 0 || lon.abs().compareTo(MAX_LON) > 0) {
            throw invalid(attribute, "lat must be within -90..90 and lon within -180..180");
        }
        ObjectNode stored = JsonNodeFactory.instance.objectNode();
        stored.set("lat", value.path("lat"));
        stored.set("lon", value.path("lon"));
        return stored;
    }

    private static JsonNode action(Attribute attribute, JsonNode value) {
        JsonNode id = value.isObject() && onlyFields(value, Set.of("action_id")) ? value.path("action_id") : value;
        if (!id.isIntegralNumber() || !id.canConvertToLong() || id.longValue() < 1) {
            throw invalid(attribute, "must be {\"action_id\": positive integer} or a positive integer");
        }
        ObjectNode stored = JsonNodeFactory.instance.objectNode();
        stored.put("action_id", id.longValue());
        return stored;
    }

    private static boolean onlyFields(JsonNode object, Set<String> allowed) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        int count = 0;
        while (fields.hasNext()) {
            if (!allowed.contains(fields.next().getKey())) {
                return false;
            }
            count++;
        }
        return count == allowed.size();
    }

    private static ApiException invalid(Attribute attribute, String rule) {
        return ApiException.badRequest("core.invalid_value",
                "The value of attribute '" + attribute.name() + "' (" + attribute.id() + ") " + rule + ".");
    }
}
