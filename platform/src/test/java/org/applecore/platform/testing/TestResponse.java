package org.applecore.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.http.HttpHeaders;

/** An HTTP answer as a test sees it: status, headers and the body parsed as JSON when it is JSON. */
public record TestResponse(int status, HttpHeaders headers, String rawBody) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public JsonNode json() {
        if (rawBody == null || rawBody.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(rawBody);
        } catch (IOException e) {
            throw new AssertionError("body is not JSON (status " + status + "): " + rawBody, e);
        }
    }

    public String contentType() {
        return headers.firstValue("content-type").orElse("");
    }

    /** The problem's stable code, for error answers. */
    public String problemCode() {
        return json().path("code").asText(null);
    }

    @Override
    public String toString() {
        return status + " " + rawBody;
    }
}
