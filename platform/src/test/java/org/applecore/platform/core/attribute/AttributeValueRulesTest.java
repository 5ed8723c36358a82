package org.applecore.platform.core.attribute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.applecore.platform.problem.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The value rules of every type, without a host. */
class AttributeValueRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AttributeValueRules rules = new AttributeValueRules(50, 20, 64, 32);

    static Attribute attribute(ValueType type, StringType stringType) {
        return attribute(type, stringType, null, null, List.of(), null, true);
    }

    static Attribute attribute(ValueType type, StringType stringType, BigDecimal min, BigDecimal max, List<String> enumValues,
                               String regex, boolean allowNull) {
        return new Attribute(7, UUID.randomUUID(), 1L, null, "attr", type, stringType, min, max, enumValues, regex,
                allowNull ? JSON.nullNode() : JSON.getNodeFactory().textNode("x"), allowNull, List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), false, List.of(), List.of());
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private JsonNode accept(Attribute attribute, String value) {
        return rules.validate(attribute, json(value));
    }

    private void refuse(Attribute attribute, String value) {
        assertThatThrownBy(() -> rules.validate(attribute, json(value)))
                .as(value)
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("core.invalid_value");
                    assertThat(e.getMessage()).contains("'attr' (7)");
                });
    }

    @Test
    void nullIsAcceptedOnlyWhenAllowed() {
        assertThat(rules.validate(attribute(ValueType.JSON, null), null).isNull()).isTrue();
        assertThat(accept(attribute(ValueType.NUMERIC, null), "null").isNull()).isTrue();
        refuse(attribute(ValueType.NUMERIC, null, null, null, List.of(), null, false), "null");
        assertThatThrownBy(() -> rules.validate(attribute(ValueType.JSON, null, null, null, List.of(), null, false), null))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void numbersStayWithinMinAndMaxComparedAsDecimals() {
        Attribute bounded = attribute(ValueType.NUMERIC, null, new BigDecimal("-1.5"), new BigDecimal("10"), List.of(), null, true);
        accept(bounded, "-1.5");
        accept(bounded, "10.000");
        accept(bounded, "3");
        refuse(bounded, "-1.50001");
        refuse(bounded, "10.0000001");
        refuse(bounded, "\"5\"");
        refuse(bounded, "true");
        accept(attribute(ValueType.NUMERIC, null), "123456789012345678901234567890.5");
    }

    @Test
    void regexWinsOverEnumAndMatchesTheWholeString() {
        Attribute both = attribute(ValueType.STRING, StringType.ANY, null, null, List.of("red"), "[a-c]{3}", true);
        accept(both, "\"abc\"");
        refuse(both, "\"red\"");
        refuse(both, "\"abcd\"");
        Attribute enumOnly = attribute(ValueType.STRING, StringType.ANY, null, null, List.of("red", "blue"), null, true);
        accept(enumOnly, "\"blue\"");
        refuse(enumOnly, "\"green\"");
        refuse(enumOnly, "1");
        refuse(attribute(ValueType.STRING, StringType.ANY), "\"" + "x".repeat(51) + "\"");
    }

    @Test
    void catastrophicRegexIsStoppedAndRefused() {
        Attribute evil = attribute(ValueType.STRING, StringType.ANY, null, null, List.of(), "(a+)+b", true);
        long started = System.nanoTime();
        refuse(evil, "\"" + "a".repeat(40) + "\"");
        assertThat(System.nanoTime() - started).isLessThan(5_000_000_000L);
    }

    @Test
    void invalidOrLongRegexIsRefusedAtDefinition() {
        assertThatThrownBy(() -> BoundedRegex.compile("[a-"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("core.invalid_regex"));
        assertThatThrownBy(() -> BoundedRegex.compile("a".repeat(501)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("core.invalid_regex"));
        assertThat(BoundedRegex.compile("a".repeat(500))).isNotNull();
    }

    @Test
    void dateTimesNeedAnOffset() {
        Attribute dateTime = attribute(ValueType.STRING, StringType.DATETIME);
        accept(dateTime, "\"2025-01-31T10:00:00Z\"");
        accept(dateTime, "\"2025-01-31T10:00:00.123+02:00\"");
        refuse(dateTime, "\"2025-01-31T10:00:00\"");
        refuse(dateTime, "\"2025-01-31\"");
        refuse(dateTime, "\"2025-02-30T10:00:00Z\"");
    }

    @Test
    void colorsAreHexInLowerCase() {
        Attribute color = attribute(ValueType.STRING, StringType.COLOR);
        assertThat(accept(color, "\"#ABC\"").asText()).isEqualTo("#abc");
        accept(color, "\"#a1b2c3\"");
        accept(color, "\"#a1b2c3d4\"");
        refuse(color, "\"#abcd\"");
        refuse(color, "\"abc\"");
        refuse(color, "\"#ggg\"");
    }

    @Test
    void urlsAreAbsoluteHttpWithAHost() {
        Attribute url = attribute(ValueType.STRING, StringType.URL);
        accept(url, "\"https://example.com/a?b=c\"");
        accept(url, "\"HTTP://example.com\"");
        refuse(url, "\"ftp://example.com\"");
        refuse(url, "\"/relative\"");
        refuse(url, "\"https:///nohost\"");
        refuse(url, "\"javascript:alert(1)\"");
        refuse(url, "\"https://exa mple.com\"");
    }

    @Test
    void emailsHaveALocalPartAndADottedDomain() {
        Attribute email = attribute(ValueType.STRING, StringType.EMAIL);
        assertThat(accept(email, "\"Ann.Lee+x@Example.COM\"").asText()).isEqualTo("Ann.Lee+x@example.com");
        refuse(email, "\"ann@localhost\"");
        refuse(email, "\"@example.com\"");
        refuse(email, "\"ann@@example.com\"");
        refuse(email, "\"ann..lee@example.com\"");
        refuse(email, "\"ann@-example.com\"");
    }

    @Test
    void socialAccountsAreHandlesOrPlatformHandles() {
        Attribute social = attribute(ValueType.STRING, StringType.SOCIAL);
        accept(social, "\"@ann_lee\"");
        assertThat(accept(social, "\"Mastodon:ann\"").asText()).isEqualTo("mastodon:ann");
        accept(social, "\"github:@ann-lee\"");
        refuse(social, "\"ann\"");
        refuse(social, "\"@\"");
        refuse(social, "\"@ann lee\"");
        refuse(social, "\"9x:ann\"");
    }

    @Test
    void phonesAreE164WithSeparatorsRemoved() {
        Attribute phone = attribute(ValueType.STRING, StringType.PHONE);
        accept(phone, "\"+15551234567\"");
        assertThat(accept(phone, "\"+1 (555) 123-4567\"").asText()).isEqualTo("+15551234567");
        refuse(phone, "\"5551234567\"");
        refuse(phone, "\"+0551234567\"");
        refuse(phone, "\"+1234\"");
        refuse(phone, "\"+1234567890123456\"");
    }

    @Test
    void jsonIsAnythingWithinItsSizeAndMarkdownIsBoundedText() {
        Attribute anyJson = attribute(ValueType.JSON, null);
        accept(anyJson, "{\"a\":[1,2,{\"b\":null}]}");
        accept(anyJson, "false");
        refuse(anyJson, "\"" + "x".repeat(70) + "\"");
        Attribute markdown = attribute(ValueType.MARKDOWN, null);
        accept(markdown, "\"# title\"");
        refuse(markdown, "\"" + "x".repeat(21) + "\"");
        refuse(markdown, "{}");
    }

    private static String binary(String mediaType, byte[] bytes) {
        return "{\"media_type\":\"" + mediaType + "\",\"data\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"}";
    }

    @Test
    void binariesAreImagesOrPdfsWhoseBytesMatchTheirType() {
        Attribute binary = attribute(ValueType.BINARY, null);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0};
        accept(binary, binary("image/png", png));
        accept(binary, binary("image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x10}));
        accept(binary, binary("image/gif", "GIF89a...".getBytes(StandardCharsets.US_ASCII)));
        accept(binary, binary("image/webp", "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII)));
        accept(binary, binary("application/pdf", "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII)));
        accept(binary, binary("image/svg+xml", "<svg xmlns='x'/>".getBytes(StandardCharsets.UTF_8)));
        refuse(binary, binary("image/jpeg", png));
        refuse(binary, binary("image/svg+xml", "<svg><script>x</script></svg>".getBytes(StandardCharsets.UTF_8)));
        refuse(binary, binary("text/html", "<html>".getBytes(StandardCharsets.UTF_8)));
        refuse(binary, binary("image/png", new byte[40]));
        refuse(binary, "{\"media_type\":\"image/png\",\"data\":\"not base64!\"}");
        refuse(binary, "{\"media_type\":\"image/png\"}");
        refuse(binary, "\"data\"");
        byte[] big = new byte[33];
        System.arraycopy(png, 0, big, 0, png.length);
        refuse(binary, binary("image/png", big));
        byte[] fits = new byte[32];
        System.arraycopy(png, 0, fits, 0, png.length);
        accept(binary, binary("image/png", fits));
    }

    @Test
    void locationsAreLatLonInRange() {
        Attribute location = attribute(ValueType.LOCATION, null);
        assertThat(accept(location, "{\"lon\": 180, \"lat\": -90}").toString()).isEqualTo("{\"lat\":-90,\"lon\":180}");
        refuse(location, "{\"lat\": 90.0001, \"lon\": 0}");
        refuse(location, "{\"lat\": 0, \"lon\": -180.5}");
        refuse(location, "{\"lat\": 0}");
        refuse(location, "{\"lat\": 0, \"lon\": 0, \"alt\": 1}");
        refuse(location, "{\"lat\": \"0\", \"lon\": 0}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"action_id\": 4}", "4"})
    void actionsReferenceAnActionById(String value) {
        assertThat(accept(attribute(ValueType.ACTION, null), value).toString()).isEqualTo("{\"action_id\":4}");
    }

    @Test
    void actionReferencesMustBePositiveIntegers() {
        Attribute action = attribute(ValueType.ACTION, null);
        refuse(action, "0");
        refuse(action, "1.5");
        refuse(action, "{\"action_id\": \"4\"}");
        refuse(action, "{\"id\": 4}");
    }
}
