package io.tributary.http.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.Clients;
import io.tributary.http.support.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * Cluster mode: a node that comes back after its group's leaders purged their Raft logs past where
 * it stood (here: its disk was lost, so it stood at nothing) catches up from the leaders' snapshots
 * and shard logs, and then serves every record with the same shard, sequence number and bytes,
 * and the stream's metadata, as the others do; and it takes part in writes again.
 *
 * <p>The nodes snapshot every 20 entries, purge their Raft logs at each snapshot but for 5 entries,
 * and roll their Raft log segments at 16 KB (Ratis settings given as system properties, the operator's way), so a few
 * hundred entries are enough for the purge.
 */
class ClusterCatchUpTest extends ThreeNodeTest {
    private static final String STREAM = "caught-up";
    private static final String DELETED_STREAM = "deleted";
    private static final String WRITTEN_AFTER_STREAM = "written-after";
    private static final List<String> SMALL_RAFT_LOGS = List.of(
        "-Draft.server.snapshot.auto.trigger.threshold=20",
        "-Draft.server.log.purge.preservation.log.num=5",
        "-Draft.server.log.purge.gap=1",
        "-Draft.server.log.segment.size.max=16KB");

    @Test
    @Timeout(300)
    void shouldCatchANodeWhoseDiskWasLostUpFromTheLeadersSnapshotsAndShardLogs() throws Exception {
        cluster = ThreeNodes.start(data, SMALL_RAFT_LOGS);
        cluster.createStream(STREAM, 2);
        cluster.putBatch(attempt -> cluster.writer(2), STREAM, "before-", 50);
        writeADeletedStreamAndAnother();

        loseNodeThreesDiskAndWriteThroughTheOthers(60);
        try (KinesisClient first = Clients.sync(cluster.node(0).endpoint())) {
            for (int i = 0; i < 40; i++) {
                String key = "tag-" + i;
                first.addTagsToStream(request -> request.streamName(STREAM).tags(Map.of(key, "value-" + key)));
            }
        }
        Path raft = cluster.dataDirectory(0).resolve("raft");
        assertTrue(logStartsAfterZero(raft.resolve(groupUuid("tributary-metadata"))),
            "n1 purged the metadata group's log, so the returning node cannot replay it from the start");
        assertTrue(Stream.of(0, 1, 2).anyMatch(g -> logStartsAfterZero(raft.resolve(groupUuid("tributary-data-" + g)))),
            "n1 purged a data group's log");

        for (int g = 0; g < 3; g++) {
            String snapshot = newestSnapshot(raft.resolve(groupUuid("tributary-data-" + g)));
            assertTrue(snapshot.contains(WRITTEN_AFTER_STREAM + "-"), "data-" + g + " took a snapshot after the deletion");
            assertFalse(snapshot.contains(DELETED_STREAM + "-"), "data-" + g + "'s newest snapshot keeps no deleted stream: " + snapshot);
        }

        restartAndAssertTheReturningNodeServesAsN1Does();
        try (KinesisClient third = Clients.sync(cluster.node(2).endpoint())) {
            assertEquals(40, third.listTagsForStream(request -> request.streamName(STREAM)).tags().size(),
                "the returning node has the stream's metadata");
        }
        assertWritesGoThroughTheReturningNode();
    }

    /**
     * A stream on every data group, written and deleted, then another written 25 times on every
     * group, so each group snapshots (every 20 entries) after the deletion: its snapshots no longer
     * carry the deleted stream's shards, which they once did for every shard ever created.
     */
    private void writeADeletedStreamAndAnother() throws Exception {
        cluster.createStream(DELETED_STREAM, 3);
        cluster.createStream(WRITTEN_AFTER_STREAM, 3);
        try (KinesisClient first = Clients.sync(cluster.node(0).endpoint())) {
            putRecords(first, DELETED_STREAM, "gone-");
            first.deleteStream(request -> request.streamName(DELETED_STREAM));
            for (int round = 0; round < 25; round++) {
                putRecords(first, WRITTEN_AFTER_STREAM, "kept-" + round + "-");
            }
        }
    }

    private static void putRecords(KinesisClient client, String stream, String prefix) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey(prefix + i).data(SdkBytes.fromUtf8String(prefix + i)).build());
        }
        assertEquals(0, client.putRecords(request -> request.streamName(stream).records(entries)).failedRecordCount());
    }

    /** The body of the newest snapshot of a group's state machine on a node. */
    private static String newestSnapshot(Path group) throws IOException {
        try (Stream<Path> files = Files.walk(group)) {
            Path newest = files.filter(path -> path.getFileName().toString().matches("snapshot\\.\\d+_\\d+"))
                .max(java.util.Comparator.comparingLong(path -> Long.parseLong(path.getFileName().toString().replaceAll(".*_", ""))))
                .orElseThrow(() -> new AssertionError("no snapshot in " + group));
            return Files.readString(newest);
        }
    }

    /**
     * The same loss of a disk, but the leaders still hold their whole logs, and they had sent the
     * node entries before: Ratis's leaders remember how far the node's old log went and would send
     * from there for ever (the node, holding nothing, refusing each time). The node asks such a
     * leader to step down; the next one sends it the log from the start.
     */
    @Test
    @Timeout(300)
    void shouldCatchANodeWhoseDiskWasLostUpFromLeadersThatSentItEntriesBefore() throws Exception {
        cluster = ThreeNodes.start(data);
        cluster.createStream(STREAM, 4);
        cluster.putBatch(attempt -> cluster.writer(2), STREAM, "before-", 50);

        loseNodeThreesDiskAndWriteThroughTheOthers(10);
        Path raft = cluster.dataDirectory(0).resolve("raft");
        assertFalse(logStartsAfterZero(raft.resolve(groupUuid("tributary-metadata"))), "n1 still holds the whole metadata log");

        restartAndAssertTheReturningNodeServesAsN1Does();
        assertWritesGoThroughTheReturningNode();
    }

    /** Kills n3, deletes its data directory, and puts {@code batches} batches of 20 records through n1 and n2 in turn. */
    private void loseNodeThreesDiskAndWriteThroughTheOthers(int batches) throws Exception {
        cluster.kill(2);
        TestServer.deleteRecursively(cluster.dataDirectory(2));
        for (int round = 0; round < batches; round++) {
            int node = round % 2;
            cluster.putBatch(attempt -> cluster.writer(node), STREAM, "away-" + round + "-", 20);
        }
    }

    /** Restarts n3 and checks that it serves every record n1 serves, all of them acknowledged ones. */
    private void restartAndAssertTheReturningNodeServesAsN1Does() throws Exception {
        cluster.restart(2);
        ThreeNodes.awaitActive(cluster.node(2), STREAM);
        List<String> held = ThreeNodes.readAll(cluster.node(0), STREAM);
        cluster.assertHoldsExactlyWhatWasAcknowledged(held);
        assertEquals(held, awaitSame(held, 2), "the returning node serves every record as n1 does");
    }

    private void assertWritesGoThroughTheReturningNode() throws Exception {
        cluster.putBatch(attempt -> cluster.writer(2), STREAM, "back-", 50);
        List<String> after = ThreeNodes.readAll(cluster.node(2), STREAM);
        cluster.assertHoldsExactlyWhatWasAcknowledged(after);
        for (int i = 0; i < 2; i++) {
            assertEquals(after, ThreeNodes.readAll(cluster.node(i), STREAM), "node " + i + " holds what was written through the returning node");
        }
    }

    /** What node {@code index} serves once it equals {@code expected}, or after 60 s, whatever it serves then. */
    private List<String> awaitSame(List<String> expected, int index) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                List<String> held = ThreeNodes.readAll(cluster.node(index), STREAM);
                if (held.equals(expected) || System.nanoTime() > deadline) {
                    return held;
                }
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
            Thread.sleep(500);
        }
    }

    /** Whether the Raft log in a group's directory holds no entry 0 any more: its first segment starts later. */
    private static boolean logStartsAfterZero(Path group) {
        try (Stream<Path> files = Files.list(group.resolve("current"))) {
            List<String> segments = files.map(path -> path.getFileName().toString()).filter(name -> name.startsWith("log_")).toList();
            return !segments.isEmpty() && segments.stream().noneMatch(name -> name.equals("log_inprogress_0") || name.startsWith("log_0-"));
        } catch (IOException e) {
            return false;
        }
    }

    private static String groupUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
