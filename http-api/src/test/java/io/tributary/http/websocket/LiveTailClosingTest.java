package io.tributary.http.websocket;

import static io.tributary.http.websocket.LiveTailWebSocketTest.sequenceNumbers;
import static io.tributary.http.websocket.LiveTailWebSocketTest.shardId;
import static io.tributary.http.websocket.LiveTailWebSocketTest.tailUri;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tributary.http.support.Clients;
import io.tributary.http.support.TailClient;
import io.tributary.http.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * How and why a tail's socket closes: bad requests and malformed client messages close only their
 * own socket, with a code and a reason (and the whole reason in an error message first); a deleted
 * stream ends its tails cleanly; pause and resume hold and release the push. A healthy tail on the
 * same server keeps receiving throughout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LiveTailClosingTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final short POLICY_VIOLATION = 1008;

    private TestServer server;
    private KinesisClient kinesis;
    private Vertx clientVertx;
    private TailClient healthy;

    @BeforeAll
    void start() {
        server = TestServer.start();
        kinesis = Clients.sync(server.endpoint());
        clientVertx = Vertx.vertx();
        kinesis.createStream(request -> request.streamName("kept").shardCount(2));
        healthy = TailClient.connect(clientVertx, server.port(), tailUri("kept", "from=LATEST"));
        healthy.awaitMessage("ready", WAIT);
    }

    @AfterAll
    void stop() {
        String sequence = put("kept", "after every other test");
        assertEquals(sequence, healthy.awaitRecords(1, WAIT).get(healthy.records().size() - 1).getString("sequenceNumber"),
            "the healthy tail still receives after every bad socket closed");
        healthy.close();
        clientVertx.close().await();
        kinesis.close();
        server.close();
    }

    static Stream<Arguments> badRequests() {
        String wrongShardSequence = "4" + "0".repeat(12) + "1" + "0".repeat(9) + "7" + "0".repeat(19);
        return Stream.of(
            Arguments.of("an unknown stream", "nope", "", "Stream nope under account 000000000000 not found."),
            Arguments.of("an unknown shard", "kept", "shardId=shardId-000000000009",
                "Shard shardId-000000000009 in stream kept under account 000000000000 does not exist"),
            Arguments.of("a shard id that is not one", "kept", "shardId=first",
                "Could not find shard first in stream kept under account 000000000000."),
            Arguments.of("an unknown start", "kept", "from=EARLIEST", "from=EARLIEST is not a start; use LATEST, TRIM_HORIZON,"
                + " AT_TIMESTAMP, AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER."),
            Arguments.of("a sequence number start without one", "kept", "from=AT_SEQUENCE_NUMBER",
                "A start of type AT_SEQUENCE_NUMBER needs a sequence number."),
            Arguments.of("a sequence number that is not one", "kept", "sequenceNumber=42",
                "Sequence number 42 used in a live tail on stream kept is invalid."),
            Arguments.of("a sequence number of a shard the stream lacks", "kept", "sequenceNumber=" + wrongShardSequence,
                "Shard shardId-000000000007 in stream kept under account 000000000000 does not exist"),
            Arguments.of("a timestamp in the future", "kept", "timestamp=99999999999999",
                "The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis:"
                    + " 99999999999999, currentTimestampInMillis: "),
            Arguments.of("an unknown parameter", "kept", "shard=1",
                "Unknown parameter shard; a tail takes shardId, from, sequenceNumber and timestamp."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void shouldCloseABadRequestWith1008AndSayWhy(String what, String stream, String query, String message) {
        try (TailClient bad = TailClient.connect(clientVertx, server.port(), tailUri(stream, query))) {
            TailClient.Closed closed = bad.awaitClose(WAIT);
            JsonObject error = bad.awaitMessage("error", WAIT);

            assertEquals(POLICY_VIOLATION, closed.code());
            assertEquals(POLICY_VIOLATION, error.getInteger("code"));
            assertStartsWith(message, error.getString("message"));
            assertStartsWith(message.substring(0, Math.min(message.length(), 100)), closed.reason());
            assertEquals(List.of(), bad.messages().stream().filter(m -> !"error".equals(m.getString("type"))).toList());
        }
    }

    @Test
    void shouldCloseAMalformedClientMessageWith1008() {
        for (String malformed : List.of("pause", "{\"type\":\"stop\"}", "[]")) {
            try (TailClient tail = TailClient.connect(clientVertx, server.port(), tailUri("kept", ""))) {
                tail.awaitMessage("ready", WAIT);
                tail.send(malformed);
                TailClient.Closed closed = tail.awaitClose(WAIT);
                assertEquals(POLICY_VIOLATION, closed.code());
                assertStartsWith("Malformed message: ", closed.reason());
            }
        }
    }

    @Test
    void shouldCloseABinaryClientMessageWith1003() {
        try (TailClient tail = TailClient.connect(clientVertx, server.port(), tailUri("kept", ""))) {
            tail.awaitMessage("ready", WAIT);
            tail.sendBinary(new byte[] {1, 2, 3});
            TailClient.Closed closed = tail.awaitClose(WAIT);
            assertEquals((short) 1003, closed.code());
            assertEquals("Binary messages are not accepted; send JSON text such as {\"type\":\"pause\"}.", closed.reason());
        }
    }

    @Test
    void shouldCloseEveryTailOfADeletedStreamCleanlyWithAReason() {
        kinesis.createStream(request -> request.streamName("doomed").shardCount(3));
        try (TailClient wholeStream = TailClient.connect(clientVertx, server.port(), tailUri("doomed", "from=TRIM_HORIZON"));
             TailClient oneShard = TailClient.connect(clientVertx, server.port(), tailUri("doomed", "shardId=" + shardId(2)))) {
            wholeStream.awaitMessage("ready", WAIT);
            oneShard.awaitMessage("ready", WAIT);
            put("doomed", "last words");
            wholeStream.awaitRecords(1, WAIT);

            kinesis.deleteStream(request -> request.streamName("doomed"));

            for (TailClient tail : List.of(wholeStream, oneShard)) {
                TailClient.Closed closed = tail.awaitClose(WAIT);
                assertEquals((short) 1000, closed.code());
                assertEquals("Stream doomed was deleted.", closed.reason());
            }
        }
    }

    @Test
    void shouldHoldTheRecordsWhilePausedAndSendThemOnResume() {
        kinesis.createStream(request -> request.streamName("pausing").shardCount(1));
        try (TailClient paused = TailClient.connect(clientVertx, server.port(), tailUri("pausing", "from=LATEST"));
             TailClient control = TailClient.connect(clientVertx, server.port(), tailUri("pausing", "from=LATEST"))) {
            paused.awaitMessage("ready", WAIT);
            control.awaitMessage("ready", WAIT);
            String first = put("pausing", "before the pause");
            paused.awaitRecords(1, WAIT);

            paused.send("{\"type\":\"pause\"}");
            paused.awaitMessage("paused", WAIT);
            List<String> during = List.of(put("pausing", "during 1"), put("pausing", "during 2"));
            control.awaitRecords(3, WAIT);
            assertEquals(List.of(first), sequenceNumbers(paused.records()), "nothing is pushed while paused");

            paused.send("{\"type\":\"resume\"}");
            paused.awaitMessage("resumed", WAIT);
            assertEquals(List.of(first, during.get(0), during.get(1)), sequenceNumbers(paused.awaitRecords(3, WAIT)));
            assertFalse(paused.isClosed());
        }
    }

    private String put(String stream, String text) {
        return kinesis.putRecord(request -> request.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String(text)))
            .sequenceNumber();
    }

    private static void assertStartsWith(String prefix, String actual) {
        if (actual == null || !actual.startsWith(prefix)) {
            throw new AssertionError("expected a text starting with <" + prefix + "> but was <" + actual + ">");
        }
    }
}
