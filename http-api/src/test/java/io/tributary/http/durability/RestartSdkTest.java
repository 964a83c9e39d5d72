package io.tributary.http.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.Clients;
import io.tributary.http.support.TestServer;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.Tag;

/** What a clean restart keeps: streams, shards, tags, retention, records, and readers' positions. */
class RestartSdkTest {

    @Test
    void shouldKeepStreamsRecordsAndReaderPositionsAcrossACleanRestart(@TempDir Path data) {
        List<Shard> shardsBefore;
        List<Record> recordsBefore;
        String iteratorBefore;
        String midSequence;
        try (TestServer server = TestServer.startOn(data); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            kinesis.createStream(request -> request.streamName("orders").shardCount(3).tags(Map.of("team", "billing")));
            kinesis.createStream(request -> request.streamName("events").streamModeDetails(mode -> mode.streamMode(StreamMode.ON_DEMAND)));
            kinesis.createStream(request -> request.streamName("doomed").shardCount(1));
            kinesis.addTagsToStream(request -> request.streamName("orders").tags(Map.of("env", "test")));
            kinesis.increaseStreamRetentionPeriod(request -> request.streamName("orders").retentionPeriodHours(48));
            kinesis.putRecords(request -> request.streamName("orders").records(entries(0, 300)));
            kinesis.deleteStream(request -> request.streamName("doomed"));

            shardsBefore = kinesis.listShards(request -> request.streamName("orders")).shards();
            recordsBefore = readShard(kinesis, "orders", "shardId-000000000001");
            midSequence = recordsBefore.get(recordsBefore.size() / 2).sequenceNumber();
            iteratorBefore = kinesis.getShardIterator(request -> request.streamName("orders").shardId("shardId-000000000001")
                .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(midSequence)).shardIterator();
        }

        try (TestServer server = TestServer.startOn(data); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            assertEquals(List.of("events", "orders"), kinesis.listStreams().streamNames());
            assertThrows(ResourceNotFoundException.class, () -> kinesis.describeStreamSummary(request -> request.streamName("doomed")));

            StreamDescriptionSummary orders = kinesis.describeStreamSummary(request -> request.streamName("orders")).streamDescriptionSummary();
            assertEquals(48, orders.retentionPeriodHours());
            assertEquals(StreamMode.ON_DEMAND, kinesis.describeStreamSummary(request -> request.streamName("events"))
                .streamDescriptionSummary().streamModeDetails().streamMode());
            assertEquals(Map.of("team", "billing", "env", "test"), kinesis.listTagsForStream(request -> request.streamName("orders"))
                .tags().stream().collect(Collectors.toMap(Tag::key, Tag::value)));
            assertEquals(shardsBefore, kinesis.listShards(request -> request.streamName("orders")).shards());

            List<Record> recordsAfter = readShard(kinesis, "orders", "shardId-000000000001");
            assertEquals(recordsBefore, recordsAfter);

            GetRecordsResponse resumed = kinesis.getRecords(request -> request.shardIterator(iteratorBefore));
            assertEquals(recordsBefore.subList(recordsBefore.size() / 2 + 1, recordsBefore.size()), resumed.records(),
                "an iterator issued before the restart reads on from its position");

            String newSequence = kinesis.putRecord(request -> request.streamName("orders").partitionKey("after")
                .explicitHashKey(shardsBefore.get(1).hashKeyRange().startingHashKey()).data(SdkBytes.fromUtf8String("new")))
                .sequenceNumber();
            assertTrue(new BigInteger(newSequence).compareTo(new BigInteger(recordsBefore.get(recordsBefore.size() - 1).sequenceNumber())) > 0);
            List<Record> afterMid = kinesis.getRecords(request -> request.shardIterator(kinesis.getShardIterator(iterator -> iterator
                .streamName("orders").shardId("shardId-000000000001").shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                .startingSequenceNumber(midSequence)).shardIterator())).records();
            assertEquals("new", afterMid.get(afterMid.size() - 1).data().asUtf8String());
        }
    }

    @Test
    void shouldForgetEverythingInMemoryMode(@TempDir Path data) {
        if (TestServer.clustered()) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TestServer.startOn(data, "--durability", "memory"));
            assertTrue(refused.getMessage().contains("--durability memory cannot be used with --peers"), refused.getMessage());
            return;
        }
        try (TestServer server = TestServer.startOn(data, "--durability", "memory"); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            kinesis.createStream(request -> request.streamName("ephemeral").shardCount(1));
        }
        try (TestServer server = TestServer.startOn(data, "--durability", "memory"); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            assertEquals(List.of(), kinesis.listStreams().streamNames());
        }
    }

    private static List<PutRecordsRequestEntry> entries(int from, int to) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = from; i < to; i++) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey("key-" + i).data(SdkBytes.fromUtf8String("record-" + i)).build());
        }
        return entries;
    }

    private static List<Record> readShard(KinesisClient kinesis, String stream, String shard) {
        String iterator = kinesis.getShardIterator(request -> request.streamName(stream).shardId(shard)
            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<Record> records = new ArrayList<>();
        while (true) {
            String current = iterator;
            GetRecordsResponse response = kinesis.getRecords(request -> request.shardIterator(current).limit(50));
            records.addAll(response.records());
            if (response.records().isEmpty()) {
                return records;
            }
            iterator = response.nextShardIterator();
        }
    }
}
