package io.tributary.http.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.protocol.Encoding;
import io.tributary.http.support.RawKinesis;
import io.tributary.http.support.SharedServerTest;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-origin answers for browser applications (preflights and simple requests, signed or not),
 * and what a CBOR request without a target or credentials is answered, sent raw over HTTP/1.1.
 */
class CorsAndProtocolTest extends SharedServerTest {
    private static final String ORIGIN = "http://localhost:3000";
    private static final String EXPOSED = "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date";
    private static final String REQUESTED_HEADERS = "authorization,content-type,x-amz-date,x-amz-target,x-amz-user-agent";

    private RawKinesis raw;

    @BeforeAll
    void openRawClient() {
        raw = new RawKinesis(server.endpoint());
    }

    // ---- CORS ----------------------------------------------------------------------------------

    @ParameterizedTest(name = "signed: {0}")
    @ValueSource(booleans = {false, true})
    void shouldAnswerAPreflightWithTheRequestedMethodAndHeadersAllowed(boolean signed) {
        HttpRequest.Builder preflight = (signed ? raw.signed("ListStreams") : raw.unsigned())
            .header("Origin", ORIGIN)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", REQUESTED_HEADERS)
            .method("OPTIONS", BodyPublishers.noBody());
        RawKinesis.Answer answer = raw.send(preflight, Optional.empty());

        assertEquals(200, answer.status());
        assertEquals("*", answer.header("Access-Control-Allow-Origin").orElseThrow());
        assertEquals("POST", answer.header("Access-Control-Allow-Methods").orElseThrow());
        assertEquals(REQUESTED_HEADERS, answer.header("Access-Control-Allow-Headers").orElseThrow());
        assertEquals("172800", answer.header("Access-Control-Max-Age").orElseThrow());
        assertEquals(EXPOSED, answer.header("Access-Control-Expose-Headers").orElseThrow());
        assertEquals(0, answer.body().length);
    }

    @Test
    void shouldStillRefuseAnOptionsRequestWithoutOrigin() {
        RawKinesis.Answer answer = raw.send(raw.unsigned().method("OPTIONS", BodyPublishers.noBody()), Optional.empty());

        assertEquals(403, answer.status());
        assertTrue(answer.text().startsWith("<AccessDeniedException>"), answer.text());
        assertEquals(Optional.empty(), answer.header("Access-Control-Allow-Origin"));
    }

    @Test
    void shouldLetABrowserReadASuccessfulAnswer() {
        RawKinesis.Answer answer = raw.send(raw.signed("ListStreams").header("Origin", ORIGIN)
            .header("Content-Type", Encoding.JSON.contentType()).POST(BodyPublishers.ofString("{}")), Optional.of(Encoding.JSON));

        assertEquals(200, answer.status());
        assertEquals("*", answer.header("Access-Control-Allow-Origin").orElseThrow());
        assertEquals(EXPOSED, answer.header("Access-Control-Expose-Headers").orElseThrow());
        assertTrue(answer.json().has("StreamNames"));
    }

    @Test
    void shouldLetABrowserReadAnError() {
        RawKinesis.Answer answer = raw.send(raw.signed("DescribeStreamSummary").header("Origin", ORIGIN)
                .header("Content-Type", Encoding.JSON.contentType()).POST(BodyPublishers.ofString("{\"StreamName\":\"gone\"}")),
            Optional.of(Encoding.JSON));

        assertEquals(400, answer.status());
        assertEquals("*", answer.header("Access-Control-Allow-Origin").orElseThrow());
        assertEquals(EXPOSED, answer.header("Access-Control-Expose-Headers").orElseThrow());
        assertEquals("ResourceNotFoundException", answer.type());
    }

    @Test
    void shouldSendNoCorsHeadersWithoutOrigin() {
        RawKinesis.Answer answer = raw.post(Encoding.JSON, "ListStreams", "{}");

        assertEquals(200, answer.status());
        assertEquals(Optional.empty(), answer.header("Access-Control-Allow-Origin"));
    }

    // ---- CBOR without target or credentials ----------------------------------------------------

    @ParameterizedTest(name = "body: {0}")
    @ValueSource(strings = {"{}", ""})
    void shouldAnswerAnUnsignedCborRequestWithoutTargetInCborAsUnknownOperation(String body) {
        byte[] bytes = body.isEmpty() ? new byte[0] : RawKinesis.encode(Encoding.CBOR, body);
        RawKinesis.Answer answer = raw.send(raw.unsigned().header("Content-Type", Encoding.CBOR.contentType())
            .POST(BodyPublishers.ofByteArray(bytes)), Optional.of(Encoding.CBOR));

        assertEquals(400, answer.status());
        assertEquals(Encoding.CBOR.contentType(), answer.header("Content-Type").orElseThrow());
        assertEquals("UnknownOperationException", answer.type());
    }

    @Test
    void shouldAnswerAnUnsignedCborRequestWithAForeignTargetInCborAsUnknownOperation() {
        RawKinesis.Answer answer = raw.send(raw.unsigned().header("Content-Type", Encoding.CBOR.contentType())
                .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                .POST(BodyPublishers.ofByteArray(RawKinesis.encode(Encoding.CBOR, "{}"))),
            Optional.of(Encoding.CBOR));

        assertEquals(400, answer.status());
        assertEquals("UnknownOperationException", answer.type());
    }

    @Test
    void shouldKeepThePlain403ForARequestWithNoUnderstoodContentTypeNorTarget() {
        RawKinesis.Answer answer = raw.send(raw.unsigned().header("Content-Type", "application/cbor")
            .POST(BodyPublishers.ofString("{}")), Optional.empty());

        assertEquals(403, answer.status());
        assertEquals("<AccessDeniedException>\n  <Message>Unable to determine service/operation name to be authorized</Message>\n"
            + "</AccessDeniedException>\n", answer.text());
    }
}
