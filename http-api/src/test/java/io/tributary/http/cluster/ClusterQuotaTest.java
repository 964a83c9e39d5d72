package io.tributary.http.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.Clients;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.StreamMode;

/**
 * Throughput in cluster mode is the shard's, not each node's: with {@code --throughput-limits on} a
 * shard takes 1,000 records a second whichever nodes the writes arrive on (its group's leader admits
 * them), and an on-demand stream grows when the writes all nodes take together pass 80 % of its
 * capacity, though no node alone sees that much. An encrypted stream's records, which the leader
 * opens to admit, stay sealed on every node's disk.
 */
class ClusterQuotaTest extends ThreeNodeTest {
    private static final int RECORDS_PER_CALL = 500;

    @Test
    @Timeout(240)
    void shouldHoldAShardsWriteLimitAcrossNodesAndScaleOnDemandOnWhatAllNodesTake() throws Exception {
        cluster = ThreeNodes.start(data, List.of(), List.of("--throughput-limits", "on", "--on-demand-check-ms", "1000"));

        shouldAdmitAShardsRecordsPerSecondOnceForAllNodes();
        shouldGrowAnOnDemandStreamOnTheWritesOfAllNodesTogether();
        shouldKeepAnEncryptedStreamsRecordsOutOfEveryNodesDisksInPlaintext();
    }

    /**
     * An encrypted stream written through every node: its records are sealed in the Raft entries (the
     * leader opens them to admit them, and seals them again), so no file on any node's disk, Raft logs
     * included, holds their plaintext, and every node reads them all back.
     */
    private void shouldKeepAnEncryptedStreamsRecordsOutOfEveryNodesDisksInPlaintext() throws Exception {
        cluster.createStream("sealed", 2);
        try (KinesisClient admin = Clients.sync(cluster.node(0).endpoint())) {
            admin.startStreamEncryption(request -> request.streamName("sealed")
                .encryptionType(software.amazon.awssdk.services.kinesis.model.EncryptionType.KMS).keyId("alias/aws/kinesis"));
        }
        for (int node = 0; node < 3; node++) {
            ThreeNodes.awaitActive(cluster.node(node), "sealed");
        }
        for (int node = 0; node < 3; node++) {
            int writer = node;
            cluster.putBatch(attempt -> cluster.writer(writer), "sealed", "plaintext-marker-" + node + "-", 50);
        }

        List<String> served = ThreeNodes.readAll(cluster.node(0), "sealed");
        assertEquals(150, served.size());
        for (int node = 1; node < 3; node++) {
            assertEquals(served, ThreeNodes.readAll(cluster.node(node), "sealed"), "node " + (node + 1) + " reads them all back");
        }
        for (int node = 0; node < 3; node++) {
            assertEquals(List.of(), filesHolding(cluster.dataDirectory(node), "plaintext-marker-"),
                "no file of node " + (node + 1) + " holds a record's plaintext");
        }
    }

    /** The files under {@code directory} whose bytes hold {@code text}. */
    private static List<java.nio.file.Path> filesHolding(java.nio.file.Path directory, String text) throws java.io.IOException {
        byte[] needle = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<java.nio.file.Path> holding = new ArrayList<>();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(directory)) {
            for (java.nio.file.Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                byte[] bytes = java.nio.file.Files.readAllBytes(file);
                for (int at = 0; at + needle.length <= bytes.length; at++) {
                    if (java.util.Arrays.equals(bytes, at, at + needle.length, needle, 0, needle.length)) {
                        holding.add(file);
                        break;
                    }
                }
            }
        }
        return holding;
    }

    /**
     * Four PutRecords calls of 500 records through each node at once, 6,000 records offered to one
     * shard: what is admitted stays within the shard's 1,000 records a second (one second's burst
     * plus the refill over the time the calls took), where three nodes counting on their own would
     * admit three times that; the rest fail with ProvisionedThroughputExceededException, and every
     * node serves exactly the admitted records.
     */
    private void shouldAdmitAShardsRecordsPerSecondOnceForAllNodes() throws Exception {
        cluster.createStream("limited", 1);
        ExecutorService callers = Executors.newFixedThreadPool(12);
        Set<String> admitted = ConcurrentHashMap.newKeySet();
        Set<String> throttled = ConcurrentHashMap.newKeySet();
        Set<String> errorCodes = ConcurrentHashMap.newKeySet();
        CountDownLatch ready = new CountDownLatch(12);
        List<Future<?>> calls = new ArrayList<>();
        long[] span = new long[2];
        span[0] = Long.MAX_VALUE;
        for (int c = 0; c < 12; c++) {
            int call = c;
            KinesisClient writer = cluster.writer(call % 3);
            calls.add(callers.submit(() -> {
                List<PutRecordsRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < RECORDS_PER_CALL; i++) {
                    entries.add(PutRecordsRequestEntry.builder().partitionKey("k" + i).data(SdkBytes.fromUtf8String(call + "-" + i)).build());
                }
                ready.countDown();
                ready.await();
                long start = System.nanoTime();
                PutRecordsResponse response = writer.putRecords(request -> request.streamName("limited").records(entries));
                long end = System.nanoTime();
                synchronized (span) {
                    span[0] = Math.min(span[0], start);
                    span[1] = Math.max(span[1], end);
                }
                for (int i = 0; i < RECORDS_PER_CALL; i++) {
                    PutRecordsResultEntry result = response.records().get(i);
                    String data = call + "-" + i;
                    if (result.errorCode() == null) {
                        admitted.add(result.shardId() + "/" + result.sequenceNumber() + "/" + data);
                    } else {
                        throttled.add(data);
                        errorCodes.add(result.errorCode());
                    }
                }
                return null;
            }));
        }
        for (Future<?> call : calls) {
            call.get(120, TimeUnit.SECONDS);
        }
        callers.shutdown();
        double seconds = (span[1] - span[0]) / 1e9;

        assertEquals(12 * RECORDS_PER_CALL, admitted.size() + throttled.size(), "every record is admitted or refused");
        assertTrue(admitted.size() > 0, "the shard takes records");
        assertTrue(admitted.size() <= 1_000 * (1 + seconds) + 50, admitted.size() + " records admitted in " + seconds
            + " s: within one shard's 1,000 records a second, whichever node took them");
        assertEquals(Set.of("ProvisionedThroughputExceededException"), errorCodes);

        List<String> served = ThreeNodes.readAll(cluster.node(0), "limited");
        assertEquals(new TreeSet<>(admitted), new TreeSet<>(served), "the admitted records, and no refused one, are in the shard");
        assertEquals(admitted.size(), served.size(), "each once");
        for (int node = 1; node < 3; node++) {
            assertEquals(served, ThreeNodes.readAll(cluster.node(node), "limited"), "node " + (node + 1) + " serves the same records");
        }
    }

    /**
     * One paced producer per node, each offering about 1,500 records a second to a four-shard
     * on-demand stream (under half of its 4,000 records a second, so no node alone would see it
     * busy): together about 4,500 a second, above 80 % of capacity, so the stream grows.
     */
    private void shouldGrowAnOnDemandStreamOnTheWritesOfAllNodesTogether() throws Exception {
        try (KinesisClient admin = Clients.sync(cluster.node(0).endpoint())) {
            admin.createStream(request -> request.streamName("surge").streamModeDetails(mode -> mode.streamMode(StreamMode.ON_DEMAND)));
        }
        for (int node = 0; node < 3; node++) {
            ThreeNodes.awaitActive(cluster.node(node), "surge");
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong offered = new AtomicLong();
        List<Thread> producers = new ArrayList<>();
        for (int node = 0; node < 3; node++) {
            KinesisClient writer = cluster.writer(node);
            String name = "n" + (node + 1);
            Thread producer = new Thread(() -> {
                long next = System.nanoTime();
                for (int call = 0; writing.get(); call++) {
                    List<PutRecordsRequestEntry> entries = new ArrayList<>();
                    for (int i = 0; i < RECORDS_PER_CALL; i++) {
                        entries.add(PutRecordsRequestEntry.builder().partitionKey(name + "-" + call + "-" + i)
                            .data(SdkBytes.fromUtf8String("load")).build());
                    }
                    try {
                        writer.putRecords(request -> request.streamName("surge").records(entries));
                        offered.addAndGet(RECORDS_PER_CALL);
                    } catch (software.amazon.awssdk.core.exception.SdkException failed) {
                        // a 5xx or a lost connection: this call offered nothing that counts here; go on
                    }
                    next += TimeUnit.MILLISECONDS.toNanos(333);
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        ThreeNodes.sleep(TimeUnit.NANOSECONDS.toMillis(wait));
                    }
                }
            }, "producer-" + name);
            producer.start();
            producers.add(producer);
        }
        int shards = 4;
        long start = System.nanoTime();
        try (KinesisClient reader = Clients.sync(cluster.node(2).endpoint())) {
            long deadline = start + TimeUnit.SECONDS.toNanos(60);
            while (shards <= 4 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                shards = reader.describeStreamSummary(request -> request.streamName("surge")).streamDescriptionSummary().openShardCount();
            }
        } finally {
            writing.set(false);
            for (Thread producer : producers) {
                producer.join();
            }
        }
        double rate = offered.get() / ((System.nanoTime() - start) / 1e9);
        assertTrue(shards > 4, "writes through three nodes at " + Math.round(rate)
            + " records a second in all, above 80 % of four shards' capacity, add shards; still " + shards);
    }
}
