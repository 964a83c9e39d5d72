package io.tributary.http.websocket;

import static io.tributary.http.websocket.LiveTailWebSocketTest.shardId;
import static io.tributary.http.websocket.LiveTailWebSocketTest.tailUri;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.Clients;
import io.tributary.http.support.ServerProcess;
import io.tributary.http.support.TailClient;
import io.tributary.http.support.TestServer;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * A browser that stops reading slows only its own tail, and the server's memory stays bounded.
 *
 * <p>How the bound is checked: the server runs in its own JVM with a 128 MiB heap, 64 MiB of direct
 * memory and {@code -XX:+ExitOnOutOfMemoryError}. 100 MiB of records are put while one tail reads
 * nothing; as messages (base64 plus text) they come to about 240 MiB, so a server that queued them
 * for the stalled socket instead of applying the pause/drain rule would run out of memory and exit.
 * Meanwhile a second tail on the same shard receives every record, and once the stalled tail reads
 * again it receives every record too, in order.
 */
class LiveTailBackpressureTest {
    private static final int RECORD_BYTES = 64 * 1024;
    private static final int RECORDS_PER_PUT = 64;
    private static final int RECORDS = 100 * 1024 * 1024 / RECORD_BYTES;
    private static final Duration WAIT = Duration.ofMinutes(3);

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void shouldKeepTheServerWithinASmallHeapWhileOneTailStallsAndAnotherReadsEverything() throws Exception {
        Path data = Files.createTempDirectory("tributary-backpressure");
        Vertx clientVertx = Vertx.vertx();
        try (ServerProcess server = ServerProcess.start(data,
                List.of("-Xmx128m", "-XX:MaxDirectMemorySize=64m", "-XX:+ExitOnOutOfMemoryError"),
                "--durability", "interval", "--fan-out-bytes-per-second", Integer.toString(512 * 1024 * 1024));
             KinesisClient kinesis = Clients.sync(server.endpoint())) {
            kinesis.createStream(request -> request.streamName("firehose").shardCount(1));
            try (TailClient stalled = TailClient.slow(clientVertx, server.port(), tailUri("firehose", "from=LATEST"));
                 TailClient reader = TailClient.countingOnly(clientVertx, server.port(), tailUri("firehose", "from=LATEST"))) {
                stalled.read(1);
                stalled.awaitMessage("ready", WAIT);
                reader.awaitMessage("ready", WAIT);

                String last = putHundredMebibytes(kinesis);

                reader.awaitRecords(RECORDS, WAIT);
                assertEquals(Map.of(shardId(0), last), reader.lastSequenceByShard());
                assertTrue(stalled.recordCount() < RECORDS, "the stalled tail has not read everything yet");
                assertTrue(server.isAlive(), "the server survived the stalled tail");

                stalled.readAll();
                stalled.awaitRecords(RECORDS, WAIT);
                assertEquals(Map.of(shardId(0), last), stalled.lastSequenceByShard());
                assertEquals(RECORDS, stalled.recordCount());
                assertTrue(server.isAlive(), "the server is still running");
            }
        } finally {
            clientVertx.close().await();
            TestServer.deleteRecursively(data);
        }
    }

    /** Puts 100 MiB of text records onto the stream and answers the last one's sequence number. */
    private static String putHundredMebibytes(KinesisClient kinesis) {
        String last = null;
        for (int first = 0; first < RECORDS; first += RECORDS_PER_PUT) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>(RECORDS_PER_PUT);
            for (int i = first; i < Math.min(RECORDS, first + RECORDS_PER_PUT); i++) {
                byte[] text = new byte[RECORD_BYTES];
                Arrays.fill(text, (byte) ('a' + i % 26));
                entries.add(PutRecordsRequestEntry.builder().partitionKey("key-" + i).data(SdkBytes.fromByteArray(text)).build());
            }
            List<PutRecordsResultEntry> results = kinesis.putRecords(request -> request.streamName("firehose").records(entries))
                .records();
            assertTrue(results.stream().allMatch(result -> result.errorCode() == null), results::toString);
            last = results.get(results.size() - 1).sequenceNumber();
        }
        return last;
    }
}
