package io.tributary.http.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.Clients;
import io.tributary.http.support.TestServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Kinesis's throughput limits, enforced by default and lifted by {@code --throughput-limits off}. */
class QuotaSdkTest {

    @Test
    void shouldThrottlePutRecordsEntriesBeyondAThousandRecordsASecondAndAcceptTheirRetries() throws Exception {
        try (TestServer server = TestServer.start("--throughput-limits", "on"); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            kinesis.createStream(request -> request.streamName("hot").shardCount(1));
            List<PutRecordsRequestEntry> pending = entries(2_500);
            Set<String> written = new HashSet<>();
            int throttled = 0;
            int rounds = 0;
            while (!pending.isEmpty() && rounds++ < 200) {
                List<PutRecordsRequestEntry> batch = pending.subList(0, Math.min(500, pending.size()));
                PutRecordsResponse response = kinesis.putRecords(request -> request.streamName("hot").records(batch));
                List<PutRecordsRequestEntry> retry = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    PutRecordsResultEntry result = response.records().get(i);
                    if (result.errorCode() == null) {
                        written.add(batch.get(i).data().asUtf8String());
                    } else {
                        throttled++;
                        assertEquals("ProvisionedThroughputExceededException", result.errorCode());
                        assertEquals("Rate exceeded for shard shardId-000000000000 in stream hot under account 000000000000.",
                            result.errorMessage());
                        retry.add(batch.get(i));
                    }
                }
                assertEquals(retry.size(), response.failedRecordCount());
                retry.addAll(pending.subList(batch.size(), pending.size()));
                pending = retry;
                if (!retry.isEmpty()) {
                    Thread.sleep(100);
                }
            }
            assertTrue(throttled > 0, "2,500 records at once are over one shard's 1,000 records a second");
            assertEquals(2_500, written.size(), "retried entries all succeed once the shard has capacity again");
            assertEquals(written, new HashSet<>(readAll(kinesis, "hot")));
        }
    }

    @Test
    void shouldLetTheSdkRetryThrottledPutRecordCallsUntilTheySucceed() {
        try (TestServer server = TestServer.start("--throughput-limits", "on"); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            kinesis.createStream(request -> request.streamName("steady").shardCount(1));
            byte[] big = new byte[300 * 1024];
            for (int i = 0; i < 8; i++) {
                kinesis.putRecord(request -> request.streamName("steady").partitionKey("k").data(SdkBytes.fromByteArray(big)));
            }
            assertEquals(8, readAll(kinesis, "steady").size(), "2.4 MiB through a 1 MiB/s shard, every call retried to success");
        }
    }

    @Test
    void shouldThrottleReadsBeyondFiveGetRecordsASecond() {
        try (TestServer server = TestServer.start("--throughput-limits", "on");
             KinesisClient kinesis = Clients.syncWithoutRetries(server.endpoint())) {
            kinesis.createStream(request -> request.streamName("read-hot").shardCount(1));
            String iterator = kinesis.getShardIterator(request -> request.streamName("read-hot").shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            ProvisionedThroughputExceededException throttled = assertThrows(ProvisionedThroughputExceededException.class, () -> {
                for (int i = 0; i < 20; i++) {
                    kinesis.getRecords(request -> request.shardIterator(iterator));
                }
            });
            assertEquals("Rate exceeded for shard shardId-000000000000 in stream read-hot under account 000000000000.",
                throttled.awsErrorDetails().errorMessage());
            assertEquals(400, throttled.statusCode());
        }
    }

    @Test
    void shouldLimitControlPlaneCallRatesWithLimitExceeded() {
        try (TestServer server = TestServer.start("--throughput-limits", "on");
             KinesisClient kinesis = Clients.syncWithoutRetries(server.endpoint())) {
            LimitExceededException limited = assertThrows(LimitExceededException.class, () -> {
                for (int i = 0; i < 20; i++) {
                    int index = i;
                    kinesis.createStream(request -> request.streamName("many-" + index).shardCount(1));
                }
            });
            assertTrue(limited.awsErrorDetails().errorMessage().startsWith("Rate exceeded for CreateStream"));
        }
    }

    @Test
    void shouldNotThrottleAnythingWithLimitsOff() {
        try (TestServer server = TestServer.start("--throughput-limits", "off");
             KinesisClient kinesis = Clients.syncWithoutRetries(server.endpoint())) {
            kinesis.createStream(request -> request.streamName("free").shardCount(1));
            for (int round = 0; round < 6; round++) {
                assertEquals(0, kinesis.putRecords(request -> request.streamName("free").records(entries(500))).failedRecordCount());
            }
            String iterator = kinesis.getShardIterator(request -> request.streamName("free").shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            for (int i = 0; i < 20; i++) {
                kinesis.getRecords(request -> request.shardIterator(iterator).limit(1));
            }
            for (int i = 0; i < 20; i++) {
                int index = i;
                kinesis.createStream(request -> request.streamName("more-" + index).shardCount(1));
            }
        }
    }

    private static List<PutRecordsRequestEntry> entries(int count) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey("k" + i).data(SdkBytes.fromUtf8String("record-" + i)).build());
        }
        return entries;
    }

    /** Reads a one-shard stream, pausing between calls so as to stay within five reads a second. */
    private static List<String> readAll(KinesisClient kinesis, String stream) {
        String iterator = kinesis.getShardIterator(request -> request.streamName(stream).shardId("shardId-000000000000")
            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<String> read = new ArrayList<>();
        while (true) {
            String current = iterator;
            GetRecordsResponse response = kinesis.getRecords(request -> request.shardIterator(current));
            response.records().stream().map(Record::data).map(SdkBytes::asUtf8String).forEach(read::add);
            if (response.records().isEmpty()) {
                return read;
            }
            iterator = response.nextShardIterator();
            sleepQuietly(250);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
