package io.tributary.http.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tributary.http.support.Clients;
import io.tributary.http.support.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.Tag;

/**
 * A full disk: writes fail with InternalFailure (500) and are not acknowledged, reads go on, the log
 * stays whole, and writing resumes once space returns. The data directory is a small tmpfs mounted
 * for the test, which needs root (as CI and the development machines have).
 *
 * <p>In the one-node-cluster pass the write under way when the disk fills is already agreed (in the
 * Raft log) when the shard log refuses it: it is answered ServiceUnavailable, its records go in once
 * space returns, and the replica never skips them; later writes are refused by the group's leader.
 */
class DiskFullTest {
    private static final String STREAM = "full";
    @TempDir
    Path mountPoint;
    private boolean mounted;
    /** The server's data directory, and a file that fills the disk, both on the small filesystem. */
    private Path data;
    private Path filler;

    @BeforeEach
    void mountSmallFilesystem() throws Exception {
        // a one-node cluster's Raft logs take 4 MB each at once (Ratis allocates a log's space ahead of its writes)
        String size = TestServer.clustered() ? "size=64m" : "size=4m";
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", size, "tmpfs", mountPoint.toString())
            .redirectErrorStream(true).start();
        mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
        assumeTrue(mounted, "mounting a tmpfs needs root: " + new String(mount.getInputStream().readAllBytes()));
        data = mountPoint.resolve("data");
        filler = mountPoint.resolve("filler");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", "-l", mountPoint.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldFailWritesWhileTheDiskIsFullAndResumeWhenSpaceReturns() throws IOException {
        List<String> expected;
        try (TestServer server = TestServer.startOn(data, "--segment-bytes", "1048576");
             KinesisClient kinesis = Clients.syncWithoutRetries(server.endpoint())) {
            kinesis.createStream(request -> request.streamName(STREAM).shardCount(1));
            put(kinesis, "before-1");
            put(kinesis, "before-2");

                fill(filler);
            String large = "x".repeat(200_000);
            KinesisException refused = assertThrows(KinesisException.class, () -> put(kinesis, large));
            if (TestServer.clustered()) {
                // The entry reached the Raft log (its space was taken ahead) before the shard log refused
                // it: the call times out unanswered, and the agreed records go in once space returns.
                assertEquals(503, refused.statusCode());
                assertEquals("ServiceUnavailable", refused.awsErrorDetails().errorCode());
                assertEquals(500, refusedAtTheLeader(kinesis), "later writes are refused at once, as on a single node");
                assertTrue(metrics(server).contains("tributary_cluster_group_stalled_shards{group=\"data-0\"} 1.0"),
                    "the waiting shard is in the node's metrics");
                expected = List.of("before-1", "before-2", large, "after");
            } else {
                assertEquals(500, refused.statusCode());
                assertEquals("InternalFailure", refused.awsErrorDetails().errorCode());
                expected = List.of("before-1", "before-2", "after");
            }
            assertEquals(List.of("before-1", "before-2"), readAll(kinesis), "reads go on while writes fail");

            Files.delete(filler);
            putOnceTaken(kinesis, "after");
            assertEquals(expected, readAll(kinesis));
            if (TestServer.clustered()) {
                assertTrue(metrics(server).contains("tributary_cluster_group_stalled_shards{group=\"data-0\"} 0.0"));
            }
        }
        assertEquals(expected, readAllAfterRestart(), "the log is whole after a restart");
    }

    @Test
    @Timeout(120)
    void shouldCloseWhileTheDiskIsFullAndKeepEveryAgreedRecordAfterARestart() throws IOException {
        String large = "x".repeat(200_000);
        try (TestServer server = TestServer.startOn(data, "--segment-bytes", "1048576");
             KinesisClient kinesis = Clients.syncWithoutRetries(server.endpoint())) {
            kinesis.createStream(request -> request.streamName(STREAM).shardCount(1));
            put(kinesis, "before");
            fill(filler);
            assertThrows(KinesisException.class, () -> put(kinesis, large));
        } // closed while the disk is still full (a one-node cluster's shard log still waits to take the agreed write)
        Files.delete(filler);
        // a single node refused the write; a cluster had agreed on it, and applies it as it restarts
        List<String> expected = TestServer.clustered() ? List.of("before", large) : List.of("before");
        assertEquals(expected, readAllAfterRestart(), "every agreed record is there after the restart, once");
    }

    @Test
    @Timeout(180)
    void shouldRefuseCatalogChangesWhileTheDiskIsFullAndSayWhatARestartMends() throws IOException {
        String value = "v".repeat(250);
        Map<String, String> lastTags = Map.of();
        try (TestServer server = TestServer.startOn(data);
             KinesisClient kinesis = Clients.syncWithoutRetries(server.endpoint())) {
            kinesis.createStream(request -> request.streamName(STREAM).shardCount(1));
            fill(filler);
            // each change puts the whole catalog in the metadata group's Raft log, whose space is
            // taken 4 MB ahead: a cluster takes some hundreds before a write reaches the full disk
            KinesisException refused = null;
            for (int i = 0; i < 2_000 && refused == null; i++) {
                Map<String, String> tags = Map.of("k" + (i % 40), value + i);
                try {
                    kinesis.addTagsToStream(request -> request.streamName(STREAM).tags(tags));
                } catch (KinesisException e) {
                    refused = e;
                }
            }
            assertTrue(refused != null && refused.statusCode() >= 500, "a catalog change is refused once the disk is full");
            Files.delete(filler);
            lastTags = tagsOf(kinesis);
            if (TestServer.clustered()) {
                String ready = get(server, "/health/ready");
                assertTrue(ready.contains("\"raftLogs\":{\"status\":\"DOWN\""), ready);
                assertTrue(ready.contains("restart the node once the disk has space"), ready);
            } else {
                kinesis.addTagsToStream(request -> request.streamName(STREAM).tags(Map.of("after", "space")));
                lastTags = tagsOf(kinesis);
            }
        }
        try (TestServer server = TestServer.startOn(data); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            assertEquals(lastTags, tagsOf(kinesis), "every change it acknowledged is there after the restart");
            kinesis.addTagsToStream(request -> request.streamName(STREAM).tags(Map.of("restarted", "yes")));
            assertEquals("yes", tagsOf(kinesis).get("restarted"));
            assertTrue(get(server, "/health/ready").contains("\"status\":\"UP\""));
        }
    }

    private static Map<String, String> tagsOf(KinesisClient kinesis) {
        return kinesis.listTagsForStream(request -> request.streamName(STREAM)).tags().stream()
            .collect(java.util.stream.Collectors.toMap(Tag::key, Tag::value));
    }

    /**
     * A one-node cluster: writes after the one that is waiting for space until its leader refuses
     * one (InternalFailure, nothing of it kept); the status of that refusal. Those before it waited
     * behind the first in the node's order of requests to the group and were never sent.
     */
    private static int refusedAtTheLeader(KinesisClient kinesis) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            KinesisException refused = assertThrows(KinesisException.class, () -> put(kinesis, "refused"));
            if (refused.statusCode() != 503 || System.nanoTime() > deadline) {
                assertEquals("InternalFailure", refused.awsErrorDetails().errorCode());
                return refused.statusCode();
            }
        }
    }

    /** Puts once the server takes writes again: a cluster's shard log applies the waiting records first. */
    private static void putOnceTaken(KinesisClient kinesis, String text) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                put(kinesis, text);
                return;
            } catch (KinesisException refused) {
                if (!TestServer.clustered() || System.nanoTime() > deadline) {
                    throw refused;
                }
            }
        }
    }

    private static String metrics(TestServer server) throws IOException {
        return get(server, "/metrics");
    }

    private static String get(TestServer server, String path) throws IOException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.endpoint().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void put(KinesisClient kinesis, String text) {
        kinesis.putRecord(request -> request.streamName(STREAM).partitionKey("k").data(SdkBytes.fromUtf8String(text)));
    }

    /** The shard's records as a server started again on the data directory reads them. */
    private List<String> readAllAfterRestart() {
        try (TestServer server = TestServer.startOn(data); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            return readAll(kinesis);
        }
    }

    private static List<String> readAll(KinesisClient kinesis) {
        String iterator = kinesis.getShardIterator(request -> request.streamName(STREAM).shardId("shardId-000000000000")
            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        return kinesis.getRecords(request -> request.shardIterator(iterator)).records().stream()
            .map(Record::data).map(SdkBytes::asUtf8String).toList();
    }

    /** Writes until the filesystem has no room left. */
    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException noSpaceLeft) {
            // the disk is full now
        }
    }
}
