package io.tributary.http.support;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.http.protocol.Encoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Optional;

/**
 * Kinesis calls sent by hand over HTTP/1.1 ({@code java.net.http}), for what the SDK cannot send or
 * hides: raw bodies in JSON or CBOR, chosen headers, and the answer's status, headers and body as
 * they came. Bodies are written as JSON with single quotes standing for double quotes, and sent in
 * the chosen encoding.
 */
public final class RawKinesis {
    public static final String TARGET_PREFIX = "Kinesis_20131202.";
    public static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/kinesis/aws4_request,"
        + " SignedHeaders=host;x-amz-date, Signature=abc";
    private static final ObjectMapper LENIENT_JSON = new ObjectMapper().enable(JsonParser.Feature.ALLOW_SINGLE_QUOTES);

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public RawKinesis(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** An answer as it came: status, headers and the body decoded in the request's encoding (if it had one). */
    public record Answer(int status, java.net.http.HttpHeaders headers, byte[] body, Optional<Encoding> encoding) {
        public JsonNode json() {
            try {
                return encoding.orElseThrow().mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public String type() {
            return json().path("__type").asText(null);
        }

        /** The error text under {@code message}, as every error but SerializationException carries it. */
        public String message() {
            return json().path("message").asText(null);
        }
    }

    /** A signed POST of an operation with a body written as single-quoted JSON, in the given encoding. */
    public Answer post(Encoding encoding, String operation, String body) {
        return send(signed(operation).header("Content-Type", encoding.contentType())
            .POST(BodyPublishers.ofByteArray(encode(encoding, body))), Optional.of(encoding));
    }

    /** A request to the server with the Kinesis target and a SigV4-looking Authorization header, not yet sent. */
    public HttpRequest.Builder signed(String operation) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
            .header("Authorization", AUTHORIZATION)
            .header("X-Amz-Date", "20260101T000000Z");
        if (operation != null) {
            request.header("X-Amz-Target", TARGET_PREFIX + operation);
        }
        return request;
    }

    public HttpRequest.Builder unsigned() {
        return HttpRequest.newBuilder(endpoint);
    }

    public Answer send(HttpRequest.Builder request, Optional<Encoding> encoding) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers(), response.body(), encoding);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A single-quoted JSON text as a body in the given encoding. */
    public static byte[] encode(Encoding encoding, String body) {
        try {
            return encoding.mapper().writeValueAsBytes(LENIENT_JSON.readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
