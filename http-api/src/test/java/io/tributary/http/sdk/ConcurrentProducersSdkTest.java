package io.tributary.http.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.Clients;
import io.tributary.http.support.TestServer;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Many producers at once: 32 producers put 50,000 records onto 8 shards over HTTP/2, then every
 * acknowledged record is read back exactly once, byte-exact, in sequence order within its shard.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentProducersSdkTest {
    private static final int PRODUCERS = 32;
    private static final int RECORDS = 50_000;
    private static final int SHARDS = 8;
    private static final String STREAM = "concurrent";

    private TestServer server;

    /** What a put acknowledged: the record's shard and its bytes. */
    private record Acked(String shardId, byte[] data) {
    }

    @BeforeAll
    void startServer() {
        server = TestServer.start();
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldReadBackEveryAcknowledgedRecordExactlyOnceInShardOrder() throws Exception {
        Map<String, Acked> acked = new ConcurrentHashMap<>();
        try (KinesisAsyncClient producerClient = Clients.async(server.endpoint());
             KinesisClient reader = Clients.sync(server.endpoint())) {
            reader.createStream(request -> request.streamName(STREAM).shardCount(SHARDS));
            ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                done.add(producers.submit(() -> produce(producerClient, producer, acked)));
            }
            for (Future<?> future : done) {
                future.get(4, TimeUnit.MINUTES);
            }
            producers.shutdown();
            assertEquals(RECORDS, acked.size(), "every put was acknowledged with a distinct sequence number");

            Set<String> seen = new HashSet<>();
            for (int shard = 0; shard < SHARDS; shard++) {
                String shardId = String.format("shardId-%012d", shard);
                BigInteger previous = BigInteger.valueOf(-1);
                for (Record record : RecordsSdkTest.readAll(reader, STREAM, shardId)) {
                    Acked expected = acked.get(record.sequenceNumber());
                    assertNotNull(expected, "record " + record.sequenceNumber() + " was never acknowledged");
                    assertEquals(expected.shardId(), shardId);
                    assertArrayEquals(expected.data(), record.data().asByteArray());
                    assertTrue(seen.add(record.sequenceNumber()), "read twice: " + record.sequenceNumber());
                    BigInteger sequence = new BigInteger(record.sequenceNumber());
                    assertTrue(sequence.compareTo(previous) > 0, "out of order in " + shardId);
                    previous = sequence;
                }
            }
            assertEquals(acked.keySet(), seen);
        }
    }

    /** Each producer puts its share, alternating PutRecords batches of 100 with single PutRecords. */
    private static void produce(KinesisAsyncClient kinesis, int producer, Map<String, Acked> acked) {
        int share = RECORDS / PRODUCERS + (producer < RECORDS % PRODUCERS ? 1 : 0);
        int next = 0;
        while (next < share) {
            if (next % 200 == 0 || share - next < 100) {
                byte[] data = data(producer, next++);
                PutRecordResponse put = kinesis.putRecord(request -> request.streamName(STREAM)
                    .partitionKey("p" + producer + "-" + data.length).data(SdkBytes.fromByteArray(data))).join();
                assertEquals(null, acked.put(put.sequenceNumber(), new Acked(put.shardId(), data)));
                continue;
            }
            List<byte[]> batch = new ArrayList<>();
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                byte[] data = data(producer, next++);
                batch.add(data);
                entries.add(PutRecordsRequestEntry.builder().partitionKey("p" + producer + "-" + next)
                    .data(SdkBytes.fromByteArray(data)).build());
            }
            PutRecordsResponse put = kinesis.putRecords(request -> request.streamName(STREAM).records(entries)).join();
            assertEquals(0, put.failedRecordCount());
            for (int i = 0; i < batch.size(); i++) {
                PutRecordsResultEntry result = put.records().get(i);
                assertEquals(null, acked.put(result.sequenceNumber(), new Acked(result.shardId(), batch.get(i))));
            }
        }
    }

    /** A payload that names its producer and index, padded to a length that varies with both. */
    private static byte[] data(int producer, int index) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + (producer * 7 + index) % 90);
        buffer.putInt(producer).putInt(index);
        while (buffer.hasRemaining()) {
            buffer.put((byte) (index ^ buffer.position()));
        }
        return buffer.array();
    }
}
