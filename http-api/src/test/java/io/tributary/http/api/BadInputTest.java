package io.tributary.http.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.tributary.http.protocol.Encoding;
import io.tributary.http.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a real server answers to requests that are not well-formed Kinesis calls, sent raw over
 * HTTP/1.1 on loopback (WIRE.md §1, §4): the status, the {@code __type}, the message and the
 * encoding of each answer, and that nothing a client sends disturbs the server.
 */
class BadInputTest {
    private static final String TARGET_PREFIX = "Kinesis_20131202.";
    private static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/kinesis/aws4_request,"
        + " SignedHeaders=host;x-amz-date, Signature=abc";
    private static final String AMZ_DATE = "20260101T000000Z";
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
    private static final String CANNOT_AUTHORIZE = "<AccessDeniedException>\n"
        + "  <Message>Unable to determine service/operation name to be authorized</Message>\n"
        + "</AccessDeniedException>\n";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CBORMapper CBOR = new CBORMapper();

    private static TestServer server;
    private static HttpClient http;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    // ---- bodies that do not parse --------------------------------------------------------------

    @Test
    void shouldAnswerMalformedJsonWithABareSerializationException() {
        HttpResponse<byte[]> response = send(server, signed("ListStreams").header("Content-Type", Encoding.JSON.contentType())
            .POST(BodyPublishers.ofString("{\"StreamName\":")));

        assertEquals(400, response.statusCode());
        assertEquals(Encoding.JSON.contentType(), contentType(response));
        assertEquals("{\"__type\":\"SerializationException\"}", new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldAnswerMalformedCborWithACborSerializationException() {
        byte[] truncatedMap = {(byte) 0xbf, 0x6a, 'S', 't', 'r'};
        HttpResponse<byte[]> response = post(Encoding.CBOR, "ListStreams", truncatedMap);

        assertEquals(400, response.statusCode());
        assertEquals(Encoding.CBOR.contentType(), contentType(response));
        assertEquals(CBOR.createObjectNode().put("__type", "SerializationException"), decode(Encoding.CBOR, response));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[]", "[{\"StreamName\":\"s\"}]", "42", "\"s\"", "true", "null", "not json at all"})
    void shouldAnswerAJsonBodyThatIsNotAnObjectWithASerializationException(String body) {
        HttpResponse<byte[]> response = post(Encoding.JSON, "ListStreams", body.getBytes(StandardCharsets.UTF_8));

        assertEquals(400, response.statusCode());
        assertEquals("{\"__type\":\"SerializationException\"}", new String(response.body(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"array", "number", "text"})
    void shouldAnswerACborBodyThatIsNotAMapWithASerializationException(String kind) throws IOException {
        Object value = switch (kind) {
            case "array" -> List.of("StreamName", "s");
            case "number" -> 42;
            default -> "StreamName";
        };
        HttpResponse<byte[]> response = post(Encoding.CBOR, "ListStreams", CBOR.writeValueAsBytes(value));

        assertEquals(400, response.statusCode());
        assertEquals(CBOR.createObjectNode().put("__type", "SerializationException"), decode(Encoding.CBOR, response));
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void shouldAnswerAnEmptyBodyForAKnownOperationWithASerializationException(Encoding encoding) {
        HttpResponse<byte[]> response = post(encoding, "ListStreams", new byte[0]);

        assertEquals(400, response.statusCode());
        assertEquals(encoding.contentType(), contentType(response));
        assertEquals(JSON.createObjectNode().put("__type", "SerializationException"), decode(encoding, response));
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void shouldAnswerAnEmptyBodyForAnUnknownOperationWithAnUnknownOperationException(Encoding encoding) {
        HttpResponse<byte[]> response = post(encoding, "Frobnicate", new byte[0]);

        assertEquals(400, response.statusCode());
        assertEquals(JSON.createObjectNode().put("__type", "UnknownOperationException"), decode(encoding, response));
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void shouldAnswerNotANumberInANumericMemberWithASerializationExceptionNotAServerFault(Encoding encoding) throws IOException {
        byte[] body = encoding == Encoding.CBOR
            ? CBOR.writeValueAsBytes(CBOR.createObjectNode().put("ShardIterator", "it").put("Limit", Double.NaN))
            : "{\"ShardIterator\":\"it\",\"Limit\":\"NaN\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = post(encoding, "GetRecords", body);

        assertEquals(400, response.statusCode());
        JsonNode error = decode(encoding, response);
        assertEquals("SerializationException", error.get("__type").textValue());
        assertEquals(encoding == Encoding.CBOR ? "NaN can not be converted to an Integer"
            : "class java.lang.String can not be converted to an Integer", error.get("Message").textValue());
    }

    // ---- operation selection -------------------------------------------------------------------

    @ParameterizedTest(name = "X-Amz-Target: {0}")
    @ValueSource(strings = {"Kinesis_20131202.Frobnicate", "Kinesis_20131202.listStreams", "Kinesis_20131202",
        "Kinesis_20131202.", "DynamoDB_20120810.ListTables", "Kinesis_20130101.ListStreams", "ListStreams", "<none>"})
    void shouldAnswerAnUnknownOrMissingTargetWithAnUnknownOperationException(String target) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.endpoint())
            .header("Authorization", AUTHORIZATION).header("X-Amz-Date", AMZ_DATE)
            .header("Content-Type", Encoding.JSON.contentType())
            .POST(BodyPublishers.ofString("{}"));
        if (!target.equals("<none>")) {
            request.header("X-Amz-Target", target);
        }
        HttpResponse<byte[]> response = send(server, request);

        assertEquals(400, response.statusCode());
        assertEquals(Encoding.JSON.contentType(), contentType(response));
        assertEquals("{\"__type\":\"UnknownOperationException\"}", new String(response.body(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void shouldAnswerAModelledOperationTributaryLacksWithAnUnknownOperationExceptionAndItsName(Encoding encoding) {
        ObjectNode channels = JSON.createObjectNode();
        HttpResponse<byte[]> response = post(encoding, "ListChannels", encode(encoding, channels));

        assertEquals(400, response.statusCode());
        assertEquals(encoding.contentType(), contentType(response));
        JsonNode error = decode(encoding, response);
        assertEquals("UnknownOperationException", error.get("__type").textValue());
        assertEquals("Tributary does not implement ListChannels yet.", error.get("message").textValue());
    }

    @Test
    void shouldValidateTheInputOfAnUnimplementedOperationFirst() {
        HttpResponse<byte[]> response = post(Encoding.JSON, "SplitShard", "{\"StreamName\":\"s\"}".getBytes(StandardCharsets.UTF_8));

        assertEquals(400, response.statusCode());
        assertEquals("ValidationException", decode(Encoding.JSON, response).get("__type").textValue());
    }

    // ---- content types -------------------------------------------------------------------------

    @ParameterizedTest(name = "Content-Type: {0}")
    @ValueSource(strings = {"<none>", "application/json", "text/plain", "application/x-amz-json-1.0", "application/cbor"})
    void shouldAnswerARequestWithoutAKinesisContentTypeButWithATargetWithAPlain404(String contentType) {
        HttpResponse<byte[]> response = send(server, withContentType(signed("ListStreams"), contentType)
            .POST(BodyPublishers.ofString("{}")));

        assertEquals(404, response.statusCode());
        assertEquals(Optional.empty(), response.headers().firstValue("Content-Type"));
        assertEquals("<UnknownOperationException/>\n", new String(response.body(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @ValueSource(strings = {"<none>", "application/json", "text/plain"})
    void shouldAnswerARequestWithNeitherAKinesisContentTypeNorATargetWithAPlain403(String contentType) {
        HttpResponse<byte[]> response = send(server, withContentType(signed(null), contentType)
            .POST(BodyPublishers.ofString("{}")));

        assertEquals(403, response.statusCode());
        assertEquals(CANNOT_AUTHORIZE, new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldAcceptAKinesisContentTypeWithParametersAndInAnyCase() {
        HttpResponse<byte[]> response = send(server, signed("ListStreams")
            .header("Content-Type", "Application/X-Amz-Json-1.1; charset=utf-8")
            .POST(BodyPublishers.ofString("{}")));

        assertEquals(200, response.statusCode());
        assertTrue(decode(Encoding.JSON, response).has("StreamNames"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET", "PUT", "DELETE"})
    void shouldAnswerAnythingButPostWithAPlainAccessDenied(String method) {
        HttpResponse<byte[]> response = send(server, signed("ListStreams").header("Content-Type", Encoding.JSON.contentType())
            .method(method, method.equals("PUT") ? BodyPublishers.ofString("{}") : BodyPublishers.noBody()));

        assertEquals(403, response.statusCode());
        assertEquals(CANNOT_AUTHORIZE, new String(response.body(), StandardCharsets.UTF_8));
    }

    // ---- authentication ------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void shouldAnswerARequestWithoutAuthorizationWithMissingAuthenticationToken(Encoding encoding) {
        HttpResponse<byte[]> response = send(server, HttpRequest.newBuilder(server.endpoint())
            .header("X-Amz-Target", TARGET_PREFIX + "ListStreams").header("X-Amz-Date", AMZ_DATE)
            .header("Content-Type", encoding.contentType())
            .POST(BodyPublishers.ofByteArray(encode(encoding, JSON.createObjectNode()))));

        assertEquals(400, response.statusCode());
        assertEquals(encoding.contentType(), contentType(response));
        assertEquals(error("MissingAuthenticationTokenException", "Missing Authentication Token"), decode(encoding, response));
    }

    @Test
    void shouldAnswerAnAuthorizationWithoutSignatureWithIncompleteSignature() {
        String authorization = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/kinesis/aws4_request,"
            + " SignedHeaders=host;x-amz-date";
        HttpResponse<byte[]> response = send(server, HttpRequest.newBuilder(server.endpoint())
            .header("X-Amz-Target", TARGET_PREFIX + "ListStreams").header("X-Amz-Date", AMZ_DATE)
            .header("Authorization", authorization).header("Content-Type", Encoding.JSON.contentType())
            .POST(BodyPublishers.ofString("{}")));

        assertEquals(400, response.statusCode());
        assertEquals(error("IncompleteSignatureException",
                "Authorization header requires 'Signature' parameter. Authorization=" + authorization),
            decode(Encoding.JSON, response));
    }

    @Test
    void shouldAnswerAnAuthorizationWithAnEmptySignatureWithIncompleteSignature() {
        String authorization = AUTHORIZATION.replace("Signature=abc", "Signature=");
        HttpResponse<byte[]> response = send(server, HttpRequest.newBuilder(server.endpoint())
            .header("X-Amz-Target", TARGET_PREFIX + "ListStreams").header("X-Amz-Date", AMZ_DATE)
            .header("Authorization", authorization).header("Content-Type", Encoding.JSON.contentType())
            .POST(BodyPublishers.ofString("{}")));

        assertEquals(400, response.statusCode());
        assertEquals(error("IncompleteSignatureException",
                "Authorization header requires 'Signature' parameter. Authorization=" + authorization),
            decode(Encoding.JSON, response));
    }

    @Test
    void shouldListEveryMissingAuthorizationPartAndTheMissingDate() {
        String authorization = "AWS4-HMAC-SHA256";
        HttpResponse<byte[]> response = send(server, HttpRequest.newBuilder(server.endpoint())
            .header("X-Amz-Target", TARGET_PREFIX + "ListStreams")
            .header("Authorization", authorization).header("Content-Type", Encoding.CBOR.contentType())
            .POST(BodyPublishers.ofByteArray(encode(Encoding.CBOR, JSON.createObjectNode()))));

        assertEquals(400, response.statusCode());
        assertEquals(error("IncompleteSignatureException", "Authorization header requires 'Credential' parameter. "
                + "Authorization header requires 'Signature' parameter. "
                + "Authorization header requires 'SignedHeaders' parameter. "
                + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                + "Authorization=AWS4-HMAC-SHA256"),
            decode(Encoding.CBOR, response));
    }

    @Test
    void shouldAcceptADateHeaderInPlaceOfXAmzDate() {
        HttpResponse<byte[]> response = send(server, HttpRequest.newBuilder(server.endpoint())
            .header("X-Amz-Target", TARGET_PREFIX + "ListStreams").header("Date", "Thu, 01 Jan 2026 00:00:00 GMT")
            .header("Authorization", AUTHORIZATION).header("Content-Type", Encoding.JSON.contentType())
            .POST(BodyPublishers.ofString("{}")));

        assertEquals(200, response.statusCode());
    }

    // ---- errors in the request's encoding ------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void shouldAnswerAnErrorInTheRequestsEncodingWithRequestIds(Encoding encoding) {
        HttpResponse<byte[]> response = post(encoding, "DescribeStreamSummary",
            encode(encoding, JSON.createObjectNode().put("StreamName", "nope")));

        assertEquals(400, response.statusCode());
        assertEquals(encoding.contentType(), contentType(response));
        assertEquals(error("ResourceNotFoundException", "Stream nope under account 000000000000 not found."),
            decode(encoding, response));
        assertTrue(response.headers().firstValue("x-amzn-RequestId").orElseThrow().matches(UUID_PATTERN));
        assertEquals(72, Base64.getDecoder().decode(response.headers().firstValue("x-amz-id-2").orElseThrow()).length);
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void shouldAnswerAModelViolationWithA400ValidationException(Encoding encoding) {
        HttpResponse<byte[]> response = post(encoding, "CreateStream",
            encode(encoding, JSON.createObjectNode().put("StreamName", "x!").put("ShardCount", 1)));

        assertEquals(400, response.statusCode());
        assertEquals(encoding.contentType(), contentType(response));
        assertEquals(error("ValidationException", "1 validation error detected: Value 'x!' at 'streamName' failed to"
            + " satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"), decode(encoding, response));
        assertTrue(response.headers().firstValue("x-amzn-RequestId").orElseThrow().matches(UUID_PATTERN));
    }

    @Test
    void shouldGiveEveryAnswerItsOwnRequestId() {
        String first = post(Encoding.JSON, "Frobnicate", new byte[0]).headers().firstValue("x-amzn-RequestId").orElseThrow();
        String second = post(Encoding.JSON, "Frobnicate", new byte[0]).headers().firstValue("x-amzn-RequestId").orElseThrow();
        assertFalse(first.equals(second));
    }

    @Test
    void shouldRefuseAShardCountWhoseSumWithExistingShardsOverflowsAnInt() {
        assertEquals(200, post(Encoding.JSON, "CreateStream",
            "{\"StreamName\":\"one-shard\",\"ShardCount\":1}".getBytes(StandardCharsets.UTF_8)).statusCode());

        HttpResponse<byte[]> response = post(Encoding.JSON, "CreateStream",
            "{\"StreamName\":\"too-many\",\"ShardCount\":4294967297}".getBytes(StandardCharsets.UTF_8));

        assertEquals(400, response.statusCode());
        JsonNode error = decode(Encoding.JSON, response);
        assertEquals("LimitExceededException", error.get("__type").textValue());
        assertTrue(error.get("message").textValue().startsWith("This request would exceed the shard limit for the account"
            + " 000000000000 in us-east-1. Current shard count for the account: "), error.get("message").textValue());
        assertTrue(error.get("message").textValue().contains(
            "Number of additional shards that would have resulted from this request: 2147483647."));
    }

    // ---- request size --------------------------------------------------------------------------

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithASmallRequestLimit {
        private static final int LIMIT_BYTES = 4096;
        private TestServer small;

        @BeforeAll
        void startSmallServer() {
            small = TestServer.start("--max-request-bytes", Integer.toString(LIMIT_BYTES));
        }

        @AfterAll
        void stopSmallServer() {
            small.close();
        }

        @ParameterizedTest
        @EnumSource(Encoding.class)
        void shouldAnswer413ToABodyOverTheLimitInTheRequestsEncoding(Encoding encoding) {
            byte[] body = paddedListStreams(encoding, LIMIT_BYTES + 1);
            HttpResponse<byte[]> response = send(small, signed("ListStreams").header("Content-Type", encoding.contentType())
                .POST(BodyPublishers.ofByteArray(body)));

            assertEquals(413, response.statusCode());
            assertEquals(encoding.contentType(), contentType(response));
            assertEquals(error("ValidationException", "Request body of 4097 bytes exceeds the limit of 4096 bytes."),
                decode(encoding, response));
        }

        @Test
        void shouldServeABodyOfExactlyTheLimit() {
            byte[] body = paddedListStreams(Encoding.JSON, LIMIT_BYTES);
            HttpResponse<byte[]> response = send(small, signed("ListStreams").header("Content-Type", Encoding.JSON.contentType())
                .POST(BodyPublishers.ofByteArray(body)));

            assertEquals(200, response.statusCode());
        }

        @Test
        void shouldKeepServingTheSameConnectionAndNewOnesAfterA413() throws IOException {
            byte[] tooLarge = paddedListStreams(Encoding.JSON, 64 * 1024);
            byte[] fine = "{}".getBytes(StandardCharsets.UTF_8);
            try (Socket socket = connect(small)) {
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();

                out.write(rawRequest("ListStreams", Encoding.JSON.contentType(), tooLarge, false));
                out.flush();
                assertEquals(413, readResponse(in).status());

                out.write(rawRequest("ListStreams", Encoding.JSON.contentType(), fine, false));
                out.flush();
                RawResponse second = readResponse(in);
                assertEquals(200, second.status());
                assertTrue(JSON.readTree(second.body()).has("StreamNames"));
            }

            HttpResponse<byte[]> onANewConnection = send(small, signed("ListStreams")
                .header("Content-Type", Encoding.JSON.contentType()).POST(BodyPublishers.ofByteArray(fine)));
            assertEquals(200, onANewConnection.statusCode());
        }

        /** A ListStreams body of exactly {@code size} bytes: an empty object padded with whitespace, or a CBOR text member. */
        private static byte[] paddedListStreams(Encoding encoding, int size) {
            if (encoding == Encoding.JSON) {
                return ("{" + " ".repeat(size - 2) + "}").getBytes(StandardCharsets.UTF_8);
            }
            byte[] guess = cborWithPadding(size);
            byte[] body = cborWithPadding(size - (guess.length - size));
            assertEquals(size, body.length, "CBOR padding arithmetic");
            return body;
        }

        private static byte[] cborWithPadding(int characters) {
            return encode(Encoding.CBOR, JSON.createObjectNode().put("Padding", "p".repeat(characters)));
        }
    }

    // ---- an undisturbed server -----------------------------------------------------------------

    @Test
    void shouldServeAWholeRoundTripAfterABurstOfGarbageOnParallelConnections() throws Exception {
        AtomicInteger answered = new AtomicInteger();
        List<Callable<Void>> garbage = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int kind = i % Garbage.values().length;
            garbage.add(() -> {
                Garbage.values()[kind].sendTo(server, answered);
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            for (Future<Void> sent : pool.invokeAll(garbage)) {
                sent.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Garbage.completeRequestsAmong(garbage.size()), answered.get());

        assertEquals(200, post(Encoding.JSON, "CreateStream",
            "{\"StreamName\":\"after-the-burst\",\"ShardCount\":1}".getBytes(StandardCharsets.UTF_8)).statusCode());
        HttpResponse<byte[]> put = post(Encoding.JSON, "PutRecord",
            "{\"StreamName\":\"after-the-burst\",\"Data\":\"aGVsbG8=\",\"PartitionKey\":\"pk\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, put.statusCode());
        JsonNode placed = decode(Encoding.JSON, put);
        assertEquals("shardId-000000000000", placed.get("ShardId").textValue());

        HttpResponse<byte[]> iterator = post(Encoding.JSON, "GetShardIterator", ("{\"StreamName\":\"after-the-burst\","
            + "\"ShardId\":\"shardId-000000000000\",\"ShardIteratorType\":\"TRIM_HORIZON\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals(200, iterator.statusCode());

        ObjectNode getRecords = JSON.createObjectNode().put("ShardIterator",
            decode(Encoding.JSON, iterator).get("ShardIterator").textValue());
        HttpResponse<byte[]> records = post(Encoding.JSON, "GetRecords", encode(Encoding.JSON, getRecords));
        assertEquals(200, records.statusCode());
        String text = new String(records.body(), StandardCharsets.UTF_8);
        assertTrue(text.matches(".*\"ApproximateArrivalTimestamp\":\\d+\\.\\d{3}[,}].*"), text);
        JsonNode record = decode(Encoding.JSON, records).get("Records").get(0);
        assertEquals(placed.get("SequenceNumber").textValue(), record.get("SequenceNumber").textValue());
        assertEquals("pk", record.get("PartitionKey").textValue());
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), record.get("Data").binaryValue());
    }

    /** Ways to send a server nonsense, each on its own connection. */
    private enum Garbage {
        MALFORMED_JSON(true) {
            @Override
            byte[] bytes() {
                return rawRequest("PutRecord", Encoding.JSON.contentType(), "{\"Data\":".getBytes(StandardCharsets.UTF_8), true);
            }
        },
        MALFORMED_CBOR(true) {
            @Override
            byte[] bytes() {
                return rawRequest("PutRecord", Encoding.CBOR.contentType(), new byte[] {(byte) 0xbf, 0x7f, 0x01}, true);
            }
        },
        UNKNOWN_TARGET(true) {
            @Override
            byte[] bytes() {
                return rawRequest("Frobnicate", Encoding.JSON.contentType(), "{}".getBytes(StandardCharsets.UTF_8), true);
            }
        },
        INVALID_INPUT(true) {
            @Override
            byte[] bytes() {
                return rawRequest("CreateStream", Encoding.CBOR.contentType(),
                    encode(Encoding.CBOR, JSON.createObjectNode().put("StreamName", "x!").put("ShardCount", "many")), true);
            }
        },
        GET(true) {
            @Override
            byte[] bytes() {
                return ("GET /?Action=ListStreams HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            }
        },
        NO_CONTENT_TYPE(true) {
            @Override
            byte[] bytes() {
                return rawRequest("ListStreams", null, "{}".getBytes(StandardCharsets.UTF_8), true);
            }
        },
        NOT_HTTP(false) {
            @Override
            byte[] bytes() {
                byte[] noise = new byte[512];
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = (byte) (i * 31 + 7);
                }
                return noise;
            }
        },
        TRUNCATED_BODY(false) {
            @Override
            byte[] bytes() {
                byte[] whole = rawRequest("ListStreams", Encoding.JSON.contentType(), "{}".repeat(500).getBytes(StandardCharsets.UTF_8), true);
                return Arrays.copyOf(whole, whole.length - 900);
            }
        },
        BROKEN_HEADERS(false) {
            @Override
            byte[] bytes() {
                return "POST / HTTP/1.1\r\nHost 127.0.0.1\r\nContent-Length: -5\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII);
            }
        },
        HTTP2_PREFACE_THEN_NOISE(false) {
            @Override
            byte[] bytes() {
                return "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\u0000\u0000\u0009\u0001\u0004garbage!".getBytes(StandardCharsets.ISO_8859_1);
            }
        };

        private final boolean complete;

        Garbage(boolean complete) {
            this.complete = complete;
        }

        abstract byte[] bytes();

        /** How many of {@code count} requests, sent round-robin over the kinds, are complete ones. */
        static int completeRequestsAmong(int count) {
            int complete = 0;
            for (int i = 0; i < count; i++) {
                complete += values()[i % values().length].complete ? 1 : 0;
            }
            return complete;
        }

        /** Sends the bytes; a complete request must be answered with a 4xx, anything else may be cut off. */
        void sendTo(TestServer target, AtomicInteger answered) throws IOException {
            try (Socket socket = connect(target)) {
                socket.getOutputStream().write(bytes());
                socket.getOutputStream().flush();
                if (!complete) {
                    return;
                }
                RawResponse response = readResponse(socket.getInputStream());
                assertTrue(response.status() >= 400 && response.status() < 500, this + " answered " + response.status());
                answered.incrementAndGet();
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static HttpRequest.Builder signed(String operation) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.endpoint())
            .header("Authorization", AUTHORIZATION)
            .header("X-Amz-Date", AMZ_DATE);
        if (operation != null) {
            request.header("X-Amz-Target", TARGET_PREFIX + operation);
        }
        return request;
    }

    private static HttpRequest.Builder withContentType(HttpRequest.Builder request, String contentType) {
        return contentType.equals("<none>") ? request : request.header("Content-Type", contentType);
    }

    private static HttpResponse<byte[]> post(Encoding encoding, String operation, byte[] body) {
        return send(server, signed(operation).header("Content-Type", encoding.contentType()).POST(BodyPublishers.ofByteArray(body)));
    }

    private static HttpResponse<byte[]> send(TestServer target, HttpRequest.Builder request) {
        URI uri = target.endpoint();
        try {
            return http.send(request.uri(uri).build(), BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("<none>");
    }

    private static JsonNode decode(Encoding encoding, HttpResponse<byte[]> response) {
        try {
            return encoding.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encode(Encoding encoding, JsonNode body) {
        try {
            return encoding.mapper().writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode error(String type, String message) {
        return JSON.createObjectNode().put("__type", type).put("message", message);
    }

    // ---- raw HTTP/1.1, for what HttpClient will not send or cannot show ------------------------

    private static Socket connect(TestServer target) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), target.port());
        socket.setSoTimeout(60_000);
        return socket;
    }

    private static byte[] rawRequest(String operation, String contentType, byte[] body, boolean close) {
        StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            .append("X-Amz-Target: ").append(TARGET_PREFIX).append(operation).append("\r\n")
            .append("Authorization: ").append(AUTHORIZATION).append("\r\n")
            .append("X-Amz-Date: ").append(AMZ_DATE).append("\r\n")
            .append("Content-Length: ").append(body.length).append("\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (close) {
            head.append("Connection: close\r\n");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        bytes.writeBytes(body);
        return bytes.toByteArray();
    }

    private record RawResponse(int status, byte[] body) {
    }

    /** Reads one response with a Content-Length body, leaving the connection positioned after it. */
    private static RawResponse readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside a response head: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        int length = 0;
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return new RawResponse(status, in.readNBytes(length));
    }
}
