package io.tributary.http.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.Clients;
import io.tributary.http.support.TailClient;
import io.tributary.http.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Live tails through a real WebSocket client (Vert.x's) against a running server, with records put
 * through the real AWS SDK: every start position, one shard and whole streams, and the records'
 * fields as the SDK stored them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LiveTailWebSocketTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private TestServer server;
    private KinesisClient kinesis;
    private Vertx clientVertx;

    @BeforeAll
    void start() {
        server = TestServer.start("--fan-out-bytes-per-second", Integer.toString(64 * 1024 * 1024));
        kinesis = Clients.sync(server.endpoint());
        clientVertx = Vertx.vertx();
    }

    @AfterAll
    void stop() {
        clientVertx.close().await();
        kinesis.close();
        server.close();
    }

    @Test
    void shouldTailOneShardFromTrimHorizonWithEveryFieldOfEachRecord() {
        createStream("horizon", 2);
        long before = System.currentTimeMillis();
        List<PutRecordResponse> onShard1 = new ArrayList<>();
        Map<String, byte[]> dataBySequence = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            byte[] data = i % 5 == 0 ? new byte[] {(byte) 0xc3, (byte) 0x28, (byte) i} : ("record " + i + " ✓").getBytes(StandardCharsets.UTF_8);
            PutRecordResponse put = put("horizon", "key-" + i, data);
            if (put.shardId().equals(shardId(1))) {
                onShard1.add(put);
                dataBySequence.put(put.sequenceNumber(), data);
            }
        }
        long after = System.currentTimeMillis();

        try (TailClient tail = TailClient.connect(clientVertx, server.port(), tailUri("horizon", "shardId=" + shardId(1) + "&from=TRIM_HORIZON"))) {
            JsonObject ready = tail.awaitMessage("ready", WAIT);
            assertEquals(List.of(shardId(1)), ready.getJsonArray("shards").getList());
            assertEquals("TRIM_HORIZON", ready.getString("from"));
            List<JsonObject> records = tail.awaitRecords(onShard1.size(), WAIT);

            assertEquals(onShard1.stream().map(PutRecordResponse::sequenceNumber).toList(), sequenceNumbers(records));
            for (JsonObject record : records) {
                byte[] expected = dataBySequence.get(record.getString("sequenceNumber"));
                assertEquals(shardId(1), record.getString("shardId"));
                assertTrue(record.getString("partitionKey").startsWith("key-"));
                assertArrayEquals(expected, Base64.getDecoder().decode(record.getString("data")));
                if (expected.length == 3) {
                    assertFalse(record.containsKey("text"), "invalid UTF-8 has no text: " + record);
                } else {
                    assertEquals(new String(expected, StandardCharsets.UTF_8), record.getString("text"));
                }
                long arrival = record.getLong("arrivalMillis");
                assertTrue(arrival >= before && arrival <= after, arrival + " not within the puts");
            }
        }
    }

    @Test
    void shouldTailFromLatestOnlyTheRecordsPutAfterTheTailIsReady() {
        createStream("latest", 1);
        put("latest", "old", "before the tail");
        try (TailClient tail = TailClient.connect(clientVertx, server.port(), tailUri("latest", ""))) {
            assertEquals("LATEST", tail.awaitMessage("ready", WAIT).getString("from"));
            List<String> expected = List.of(put("latest", "new", "first").sequenceNumber(), put("latest", "new", "second").sequenceNumber());

            List<JsonObject> records = tail.awaitRecords(2, WAIT);

            assertEquals(expected, sequenceNumbers(records));
            assertEquals(List.of("first", "second"), records.stream().map(record -> record.getString("text")).toList());
        }
    }

    @Test
    void shouldTailFromATimestampInEpochMillisecondsOrIso8601() throws InterruptedException {
        createStream("timestamp", 1);
        put("timestamp", "k", "early");
        long cut = arrivalOfLastRecord("timestamp") + 1;
        while (System.currentTimeMillis() <= cut) {
            Thread.sleep(1);
        }
        String late = put("timestamp", "k", "late").sequenceNumber();

        for (String start : List.of("from=AT_TIMESTAMP&timestamp=" + cut, "timestamp=" + URLEncoder.encode(Instant.ofEpochMilli(cut).toString(), StandardCharsets.UTF_8))) {
            try (TailClient tail = TailClient.connect(clientVertx, server.port(), tailUri("timestamp", start))) {
                assertEquals("AT_TIMESTAMP", tail.awaitMessage("ready", WAIT).getString("from"));
                assertEquals(List.of(late), sequenceNumbers(tail.awaitRecords(1, WAIT)));
            }
        }
    }

    @Test
    void shouldTailAtAndAfterASequenceNumberOnTheShardItNames() {
        createStream("sequence", 3);
        List<PutRecordResponse> puts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            puts.add(put("sequence", "same-key", "record " + i));
        }
        String shard = puts.get(0).shardId();
        List<String> sequences = puts.stream().map(PutRecordResponse::sequenceNumber).toList();

        try (TailClient at = TailClient.connect(clientVertx, server.port(),
                tailUri("sequence", "from=AT_SEQUENCE_NUMBER&sequenceNumber=" + sequences.get(2) + "&shardId=" + shard));
             TailClient after = TailClient.connect(clientVertx, server.port(),
                 tailUri("sequence", "from=AFTER_SEQUENCE_NUMBER&sequenceNumber=" + sequences.get(2)))) {
            assertEquals(sequences.subList(2, 5), sequenceNumbers(at.awaitRecords(3, WAIT)));
            assertEquals(List.of(shard), after.awaitMessage("ready", WAIT).getJsonArray("shards").getList());
            assertEquals(sequences.subList(3, 5), sequenceNumbers(after.awaitRecords(2, WAIT)));
        }
    }

    @Test
    void shouldMergeEveryShardOfAStreamKeepingEachShardInOrder() {
        createStream("merged", 4);
        try (TailClient latest = TailClient.connect(clientVertx, server.port(), tailUri("merged", "from=LATEST"))) {
            assertEquals(4, latest.awaitMessage("ready", WAIT).getJsonArray("shards").size());
            Map<String, List<String>> expected = putMany("merged", 400);
            assertEquals(4, expected.size(), "the keys spread over every shard");

            try (TailClient horizon = TailClient.connect(clientVertx, server.port(), tailUri("merged", "from=TRIM_HORIZON"))) {
                assertEquals(expected, byShard(horizon.awaitRecords(400, WAIT)));
            }
            assertEquals(expected, byShard(latest.awaitRecords(400, WAIT)));
        }
    }

    @Test
    void shouldPingTheSocketWhileTheStreamIsIdle() {
        try (TestServer pinging = TestServer.start("--websocket-ping-ms", "50");
             KinesisClient client = Clients.sync(pinging.endpoint())) {
            client.createStream(request -> request.streamName("idle").shardCount(1));
            try (TailClient tail = TailClient.connect(clientVertx, pinging.port(), tailUri("idle", ""))) {
                tail.awaitMessage("ready", WAIT);
                tail.awaitPings(3, WAIT);
                assertFalse(tail.isClosed());
            }
        }
    }

    private String createStream(String name, int shards) {
        kinesis.createStream(request -> request.streamName(name).shardCount(shards));
        return name;
    }

    private PutRecordResponse put(String stream, String key, String text) {
        return put(stream, key, text.getBytes(StandardCharsets.UTF_8));
    }

    private PutRecordResponse put(String stream, String key, byte[] data) {
        return kinesis.putRecord(request -> request.streamName(stream).partitionKey(key).data(SdkBytes.fromByteArray(data)));
    }

    /** Puts {@code count} records with distinct keys and answers their sequence numbers by shard, in order. */
    private Map<String, List<String>> putMany(String stream, int count) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey("key-" + i)
                .data(SdkBytes.fromUtf8String("record " + i)).build());
        }
        Map<String, List<String>> byShard = new TreeMap<>();
        for (PutRecordsResultEntry entry : kinesis.putRecords(request -> request.streamName(stream).records(entries)).records()) {
            byShard.computeIfAbsent(entry.shardId(), shard -> new ArrayList<>()).add(entry.sequenceNumber());
        }
        return byShard;
    }

    private long arrivalOfLastRecord(String stream) {
        String iterator = kinesis.getShardIterator(request -> request.streamName(stream).shardId(shardId(0))
            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<Record> records = kinesis.getRecords(request -> request.shardIterator(iterator)).records();
        return records.get(records.size() - 1).approximateArrivalTimestamp().toEpochMilli();
    }

    static String tailUri(String stream, String query) {
        return "/v1/streams/" + URLEncoder.encode(stream, StandardCharsets.UTF_8) + "/tail" + (query.isEmpty() ? "" : "?" + query);
    }

    static String shardId(int index) {
        return String.format("shardId-%012d", index);
    }

    static List<String> sequenceNumbers(List<JsonObject> records) {
        return records.stream().map(record -> record.getString("sequenceNumber")).toList();
    }

    private static Map<String, List<String>> byShard(List<JsonObject> records) {
        Map<String, List<String>> byShard = new TreeMap<>();
        for (JsonObject record : records) {
            byShard.computeIfAbsent(record.getString("shardId"), shard -> new ArrayList<>()).add(record.getString("sequenceNumber"));
        }
        return byShard;
    }
}
