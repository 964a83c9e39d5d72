package io.tributary.http.durability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.Clients;
import io.tributary.http.support.ServerProcess;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Nothing acknowledged is ever lost: 16 producers write through the AWS SDK to a server in its own
 * JVM, which is killed with SIGKILL mid-stream, restarted on the same data, and killed again. At the
 * end every acknowledged record is there with its sequence number, byte-exact and in order, none
 * twice, and nothing that was never sent or only half written appears.
 */
class CrashRecoveryTest {
    private static final int PRODUCERS = 16;
    private static final int KILLS = 3;
    private static final int ACKS_BEFORE_KILL = 2_000;
    private static final int SHARDS = 4;
    private static final String STREAM = "crash";

    /** An acknowledged record: where the server said it put it, and its bytes. */
    private record Ack(String shardId, String sequenceNumber, byte[] data) {
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldKeepEveryAcknowledgedRecordThroughRepeatedKills(@TempDir Path data) throws Exception {
        Map<Long, Ack> acked = new ConcurrentHashMap<>();
        Set<Long> attempted = ConcurrentHashMap.newKeySet();
        AtomicInteger[] nextIndex = new AtomicInteger[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            nextIndex[p] = new AtomicInteger();
        }

        for (int round = 0; round < KILLS; round++) {
            ServerProcess server = ServerProcess.start(data);
            try (KinesisClient kinesis = Clients.syncWithoutRetries(server.endpoint())) {
                if (round == 0) {
                    kinesis.createStream(request -> request.streamName(STREAM).shardCount(SHARDS));
                }
                int ackedBefore = acked.size();
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> producers = new ArrayList<>();
                for (int p = 0; p < PRODUCERS; p++) {
                    int producer = p;
                    Thread thread = new Thread(() -> produce(kinesis, producer, nextIndex[producer], acked, attempted, stop));
                    thread.start();
                    producers.add(thread);
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (acked.size() - ackedBefore < ACKS_BEFORE_KILL && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                server.kill();
                stop.set(true);
                for (Thread thread : producers) {
                    thread.join(TimeUnit.SECONDS.toMillis(60));
                }
                assertTrue(acked.size() - ackedBefore >= ACKS_BEFORE_KILL, "round " + round + " acknowledged too little");
            }
        }

        ServerProcess server = ServerProcess.start(data);
        try (KinesisClient kinesis = Clients.syncWithoutRetries(server.endpoint())) {
            Set<Long> seen = new HashSet<>();
            for (int shard = 0; shard < SHARDS; shard++) {
                String shardId = String.format("shardId-%012d", shard);
                BigInteger previous = BigInteger.valueOf(-1);
                for (Record record : readAll(kinesis, shardId)) {
                    byte[] bytes = record.data().asByteArray();
                    long id = intactId(bytes);
                    assertTrue(attempted.contains(id), "a record that was never sent: " + id);
                    assertTrue(seen.add(id), "record " + id + " appears twice");
                    BigInteger sequence = new BigInteger(record.sequenceNumber());
                    assertTrue(sequence.compareTo(previous) > 0, "out of order in " + shardId);
                    previous = sequence;
                    Ack ack = acked.get(id);
                    if (ack != null) {
                        assertEquals(ack.shardId(), shardId);
                        assertEquals(ack.sequenceNumber(), record.sequenceNumber());
                        assertArrayEquals(ack.data(), bytes);
                    }
                }
            }
            for (Long id : acked.keySet()) {
                assertTrue(seen.contains(id), "acknowledged record " + id + " was lost");
            }
        } finally {
            server.close();
        }
    }

    /** Puts until told to stop or until the server is gone; single PutRecords and batches of ten alternate. */
    private static void produce(KinesisClient kinesis, int producer, AtomicInteger next, Map<Long, Ack> acked,
                                Set<Long> attempted, AtomicBoolean stop) {
        try {
            while (!stop.get()) {
                if (next.get() % 3 == 0) {
                    byte[] data = payload(producer, next.getAndIncrement());
                    attempted.add(id(data));
                    PutRecordResponse put = kinesis.putRecord(request -> request.streamName(STREAM)
                        .partitionKey("p" + producer + "-" + id(data)).data(SdkBytes.fromByteArray(data)));
                    acked.put(id(data), new Ack(put.shardId(), put.sequenceNumber(), data));
                    continue;
                }
                List<byte[]> batch = new ArrayList<>();
                List<PutRecordsRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    byte[] data = payload(producer, next.getAndIncrement());
                    attempted.add(id(data));
                    batch.add(data);
                    entries.add(PutRecordsRequestEntry.builder().partitionKey("p" + producer + "-" + id(data))
                        .data(SdkBytes.fromByteArray(data)).build());
                }
                PutRecordsResponse put = kinesis.putRecords(request -> request.streamName(STREAM).records(entries));
                for (int i = 0; i < batch.size(); i++) {
                    acked.put(id(batch.get(i)), new Ack(put.records().get(i).shardId(), put.records().get(i).sequenceNumber(), batch.get(i)));
                }
            }
        } catch (RuntimeException serverGone) {
            // the server was killed mid-request: whatever was in flight is unacknowledged
        }
    }

    /**
     * A payload that names its producer and index, with a body whose length varies, and a CRC over
     * all of it, so that a half-written record cannot pass for a whole one.
     */
    private static byte[] payload(int producer, int index) {
        int bodyLength = (index * 37 + producer * 11) % 600;
        ByteBuffer buffer = ByteBuffer.allocate(8 + bodyLength + 8);
        buffer.putInt(producer).putInt(index);
        for (int i = 0; i < bodyLength; i++) {
            buffer.put((byte) (producer + index + i));
        }
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putLong(crc.getValue());
        return buffer.array();
    }

    private static long id(byte[] payload) {
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        return ((long) buffer.getInt() << 32) | buffer.getInt();
    }

    private static long intactId(byte[] payload) {
        assertTrue(payload.length >= 16, "a record shorter than any payload");
        CRC32 crc = new CRC32();
        crc.update(payload, 0, payload.length - 8);
        assertEquals(crc.getValue(), ByteBuffer.wrap(payload, payload.length - 8, 8).getLong(), "a partial or corrupt record");
        return id(payload);
    }

    private static List<Record> readAll(KinesisClient kinesis, String shardId) {
        String iterator = kinesis.getShardIterator(request -> request.streamName(STREAM).shardId(shardId)
            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<Record> records = new ArrayList<>();
        while (true) {
            String current = iterator;
            GetRecordsResponse response = kinesis.getRecords(request -> request.shardIterator(current));
            records.addAll(response.records());
            if (response.records().isEmpty()) {
                return records;
            }
            iterator = response.nextShardIterator();
        }
    }
}
