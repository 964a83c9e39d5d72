package io.tributary.http.reshard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.SharedServerTest;
import io.tributary.http.support.Clients;
import io.tributary.http.support.ShardSubscriber;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.UpdateShardCountResponse;
import software.amazon.awssdk.services.kinesis.model.ValidationException;

/** Resharding through the real SDK: split, merge and UpdateShardCount under writes, read back by lineage. */
class ReshardingSdkTest extends SharedServerTest {
    private static final BigInteger HALF = BigInteger.ONE.shiftLeft(127);

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldLoseAndRepeatNothingWhenShardsSplitAndMergeUnderContinuousWrites() throws Exception {
        kinesis.createStream(request -> request.streamName("busy").shardCount(2));
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                int next = 0;
                while (writing.get()) {
                    List<PutRecordsRequestEntry> entries = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        entries.add(PutRecordsRequestEntry.builder().partitionKey("w" + writer + "-" + next)
                            .data(SdkBytes.fromUtf8String("w" + writer + "-" + next++)).build());
                    }
                    List<PutRecordsResultEntry> results = kinesis.putRecords(request -> request.streamName("busy").records(entries)).records();
                    for (int i = 0; i < results.size(); i++) {
                        assertNull(results.get(i).errorCode());
                        acknowledged.add(entries.get(i).data().asUtf8String());
                    }
                }
            });
            thread.start();
            writers.add(thread);
        }
        waitForMore(acknowledged, 500);
        kinesis.splitShard(request -> request.streamName("busy").shardToSplit("shardId-000000000000")
            .newStartingHashKey(HALF.shiftRight(1).toString()));
        waitForMore(acknowledged, 500);
        kinesis.mergeShards(request -> request.streamName("busy").shardToMerge("shardId-000000000003")
            .adjacentShardToMerge("shardId-000000000001"));
        waitForMore(acknowledged, 500);
        writing.set(false);
        for (Thread thread : writers) {
            thread.join();
        }

        List<Shard> shards = kinesis.listShards(request -> request.streamName("busy")).shards();
        assertEquals(List.of("shardId-000000000000", "shardId-000000000001", "shardId-000000000002",
            "shardId-000000000003", "shardId-000000000004"), shards.stream().map(Shard::shardId).toList());
        Shard split = shards.get(0);
        assertNotNull(split.sequenceNumberRange().endingSequenceNumber());
        assertEquals("shardId-000000000000", shards.get(2).parentShardId());
        assertEquals("shardId-000000000003", shards.get(4).parentShardId());
        assertEquals("shardId-000000000001", shards.get(4).adjacentParentShardId());
        assertEquals(2, kinesis.describeStreamSummary(request -> request.streamName("busy")).streamDescriptionSummary().openShardCount());
        assertEquals(List.of("shardId-000000000002", "shardId-000000000004"), kinesis.listShards(request -> request.streamName("busy")
            .shardFilter(filter -> filter.type(ShardFilterType.AT_LATEST))).shards().stream().map(Shard::shardId).toList());

        List<String> read = readByLineage("busy", shards);
        assertEquals(read.size(), new HashSet<>(read).size(), "a record was read twice");
        assertEquals(acknowledged, new HashSet<>(read), "every acknowledged record is read back, and nothing else");
    }

    @Test
    void shouldEndAClosedShardWithItsChildrenInGetRecordsAndSubscribeToShard() throws Exception {
        kinesis.createStream(request -> request.streamName("ending").shardCount(1));
        put("ending", "before");
        String arn = kinesis.describeStreamSummary(request -> request.streamName("ending")).streamDescriptionSummary().streamARN();
        String consumer = kinesis.registerStreamConsumer(request -> request.streamARN(arn).consumerName("follower")).consumer().consumerARN();
        try (KinesisAsyncClient async = Clients.async(server.endpoint())) {
            ShardSubscriber subscriber = ShardSubscriber.start(async, consumer, "shardId-000000000000",
                StartingPosition.builder().type(ShardIteratorType.TRIM_HORIZON).build());
            subscriber.awaitRecords(1, 10);
            kinesis.splitShard(request -> request.streamName("ending").shardToSplit("shardId-000000000000")
                .newStartingHashKey(HALF.toString()));

            subscriber.awaitEvents(events -> events.stream().anyMatch(SubscribeToShardEvent::hasChildShards), 20);
            SubscribeToShardEvent last = subscriber.events().get(subscriber.events().size() - 1);
            assertNull(last.continuationSequenceNumber(), "the final event has no continuation");
            assertEquals(List.of("shardId-000000000001", "shardId-000000000002"), last.childShards().stream().map(ChildShard::shardId).toList());
            assertEquals(List.of("shardId-000000000000"), last.childShards().get(0).parentShards());
            subscriber.call().get(10, TimeUnit.SECONDS);
        }

        String iterator = kinesis.getShardIterator(request -> request.streamName("ending").shardId("shardId-000000000000")
            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        GetRecordsResponse end = kinesis.getRecords(request -> request.shardIterator(iterator));
        assertEquals(List.of("before"), end.records().stream().map(record -> record.data().asUtf8String()).toList());
        assertNull(end.nextShardIterator(), "no next iterator at the end of a closed shard");
        assertEquals(2, end.childShards().size());
    }

    @Test
    void shouldScaleUpAndDownUniformly() {
        kinesis.createStream(request -> request.streamName("scaled").shardCount(3));
        UpdateShardCountResponse up = kinesis.updateShardCount(request -> request.streamName("scaled").targetShardCount(5)
            .scalingType("UNIFORM_SCALING"));
        assertEquals(3, up.currentShardCount());
        assertEquals(5, up.targetShardCount());
        assertOpenRangesEven("scaled", 5);
        kinesis.updateShardCount(request -> request.streamName("scaled").targetShardCount(3).scalingType("UNIFORM_SCALING"));
        assertOpenRangesEven("scaled", 3);
        for (Shard shard : kinesis.listShards(request -> request.streamName("scaled")).shards()) {
            if (shard.parentShardId() != null) {
                assertTrue(shard.shardId().compareTo(shard.parentShardId()) > 0, "children take later indexes");
            }
        }
        String ended = put("scaled", "after-scaling");
        assertNotNull(ended);
    }

    @Test
    void shouldRejectBadReshardsWithKinesisMessages() {
        kinesis.createStream(request -> request.streamName("strict").shardCount(2));
        InvalidArgumentException badKey = assertThrows(InvalidArgumentException.class, () -> kinesis.splitShard(request -> request
            .streamName("strict").shardToSplit("shardId-000000000000").newStartingHashKey("1")));
        assertEquals("NewStartingHashKey 1 used in SplitShard() on shard shardId-000000000000 in stream strict under account"
            + " 000000000000 is not both greater than one plus the shard's StartingHashKey 0 and less than the shard's"
            + " EndingHashKey 170141183460469231731687303715884105727.", badKey.awsErrorDetails().errorMessage());
        InvalidArgumentException notAdjacent = assertThrows(InvalidArgumentException.class, () -> kinesis.mergeShards(request -> request
            .streamName("strict").shardToMerge("shardId-000000000000").adjacentShardToMerge("shardId-000000000000")));
        assertEquals("Shards shardId-000000000000 and shardId-000000000000 in stream strict under account 000000000000 are not"
            + " an adjacent pair of shards eligible for merging", notAdjacent.awsErrorDetails().errorMessage());
        assertThrows(software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException.class, () -> kinesis.splitShard(
            request -> request.streamName("strict").shardToSplit("shardId-000000000009").newStartingHashKey(HALF.toString())));
        LimitExceededException tooFar = assertThrows(LimitExceededException.class, () -> kinesis.updateShardCount(request -> request
            .streamName("strict").targetShardCount(5).scalingType("UNIFORM_SCALING")));
        assertEquals("UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: 2,"
            + " Target shard count: 5", tooFar.awsErrorDetails().errorMessage());
        kinesis.splitShard(request -> request.streamName("strict").shardToSplit("shardId-000000000000").newStartingHashKey("12345"));
        InvalidArgumentException closed = assertThrows(InvalidArgumentException.class, () -> kinesis.splitShard(request -> request
            .streamName("strict").shardToSplit("shardId-000000000000").newStartingHashKey("12345")));
        assertTrue(closed.awsErrorDetails().errorMessage().contains("has already been merged or split"));

        kinesis.createStream(request -> request.streamName("elastic").streamModeDetails(mode -> mode.streamMode(StreamMode.ON_DEMAND)));
        ValidationException onDemand = assertThrows(ValidationException.class, () -> kinesis.splitShard(request -> request
            .streamName("elastic").shardToSplit("shardId-000000000000").newStartingHashKey(HALF.toString())));
        assertEquals("SplitShard is only supported for the data streams with the provisioned capacity mode.",
            onDemand.awsErrorDetails().errorMessage());
    }

    private void assertOpenRangesEven(String stream, int count) {
        List<Shard> open = new ArrayList<>(kinesis.listShards(request -> request.streamName(stream)
            .shardFilter(filter -> filter.type(ShardFilterType.AT_LATEST))).shards());
        open.sort((a, b) -> new BigInteger(a.hashKeyRange().startingHashKey()).compareTo(new BigInteger(b.hashKeyRange().startingHashKey())));
        assertEquals(count, open.size());
        BigInteger step = BigInteger.ONE.shiftLeft(128).divide(BigInteger.valueOf(count));
        for (int i = 0; i < count; i++) {
            assertEquals(step.multiply(BigInteger.valueOf(i)), new BigInteger(open.get(i).hashKeyRange().startingHashKey()));
        }
    }

    /** Reads every shard from TRIM_HORIZON, each only after its parents, as the Kinesis Client Library does. */
    private List<String> readByLineage(String stream, List<Shard> shards) {
        Map<String, Shard> pending = new LinkedHashMap<>();
        shards.forEach(shard -> pending.put(shard.shardId(), shard));
        Set<String> done = new HashSet<>();
        List<String> read = new ArrayList<>();
        while (!pending.isEmpty()) {
            Shard next = pending.values().stream()
                .filter(shard -> (shard.parentShardId() == null || done.contains(shard.parentShardId()))
                    && (shard.adjacentParentShardId() == null || done.contains(shard.adjacentParentShardId())))
                .findFirst().orElseThrow();
            String iterator = kinesis.getShardIterator(request -> request.streamName(stream).shardId(next.shardId())
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse response = kinesis.getRecords(request -> request.shardIterator(current));
                response.records().stream().map(Record::data).map(SdkBytes::asUtf8String).forEach(read::add);
                boolean open = next.sequenceNumberRange().endingSequenceNumber() == null;
                iterator = open && response.records().isEmpty() ? null : response.nextShardIterator();
            }
            done.add(next.shardId());
            pending.remove(next.shardId());
        }
        return read;
    }

    private String put(String stream, String text) {
        return kinesis.putRecord(request -> request.streamName(stream).partitionKey(text).data(SdkBytes.fromUtf8String(text))).sequenceNumber();
    }

    private static void waitForMore(Set<String> acknowledged, int more) throws InterruptedException {
        int target = acknowledged.size() + more;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (acknowledged.size() < target && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
