package io.tributary.http.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.SdkFlavor;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.ValidationException;

/** Putting and reading records through the real AWS SDK, in each of its three modes. */
class RecordsSdkTest extends SdkTestBase {
    private static final BigInteger TWO_TO_128 = BigInteger.ONE.shiftLeft(128);

    @ParameterizedTest
    @EnumSource(SdkFlavor.class)
    void shouldRouteEachPartitionKeyByMd5ToTheShardWhoseRangeHoldsIt(SdkFlavor flavor) throws Exception {
        KinesisClient kinesis = client(flavor);
        String name = uniqueName("route", flavor);
        createActiveStream(kinesis, name, 4);

        for (String key : List.of("a", "b", "customer-17", "ü-unicode", "x".repeat(256))) {
            PutRecordResponse put = kinesis.putRecord(request -> request.streamName(name).partitionKey(key)
                .data(SdkBytes.fromUtf8String(key)));
            assertEquals(expectedShard(md5(key), 4), put.shardId(), key);
            assertEquals("NONE", put.encryptionTypeAsString());
        }
    }

    @ParameterizedTest
    @EnumSource(SdkFlavor.class)
    void shouldRouteByExplicitHashKeyAndRejectOneOutside128Bits(SdkFlavor flavor) {
        KinesisClient kinesis = client(flavor);
        String name = uniqueName("explicit", flavor);
        createActiveStream(kinesis, name, 4);
        BigInteger quarter = TWO_TO_128.divide(BigInteger.valueOf(4));

        assertEquals("shardId-000000000000", putWithHashKey(kinesis, name, "0"));
        assertEquals("shardId-000000000000", putWithHashKey(kinesis, name, quarter.subtract(BigInteger.ONE).toString()));
        assertEquals("shardId-000000000001", putWithHashKey(kinesis, name, quarter.toString()));
        assertEquals("shardId-000000000003", putWithHashKey(kinesis, name, TWO_TO_128.subtract(BigInteger.ONE).toString()));

        InvalidArgumentException tooLarge = assertThrows(InvalidArgumentException.class,
            () -> putWithHashKey(kinesis, name, TWO_TO_128.toString()));
        assertEquals("Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was "
            + TWO_TO_128, tooLarge.awsErrorDetails().errorMessage());
    }

    @ParameterizedTest
    @EnumSource(SdkFlavor.class)
    void shouldAnswerPutRecordsEntriesInRequestOrderAndReadThemBackByteExact(SdkFlavor flavor) throws Exception {
        KinesisClient kinesis = client(flavor);
        String name = uniqueName("batch", flavor);
        createActiveStream(kinesis, name, 3);
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey("key-" + i).data(SdkBytes.fromByteArray(payload(i))).build());
        }

        PutRecordsResponse put = kinesis.putRecords(request -> request.streamName(name).records(entries));
        assertEquals(0, put.failedRecordCount());
        assertEquals(entries.size(), put.records().size());
        for (int i = 0; i < entries.size(); i++) {
            assertEquals(expectedShard(md5("key-" + i), 3), put.records().get(i).shardId(), "entry " + i);
            assertNull(put.records().get(i).errorCode());
        }

        for (String shard : List.of("shardId-000000000000", "shardId-000000000001", "shardId-000000000002")) {
            List<PutRecordsResultEntry> expected = put.records().stream().filter(entry -> entry.shardId().equals(shard)).toList();
            List<Record> read = readAll(kinesis, name, shard);
            assertEquals(expected.size(), read.size(), shard);
            for (int i = 0; i < read.size(); i++) {
                assertEquals(expected.get(i).sequenceNumber(), read.get(i).sequenceNumber());
                int entry = put.records().indexOf(expected.get(i));
                assertArrayEquals(payload(entry), read.get(i).data().asByteArray());
                assertEquals("key-" + entry, read.get(i).partitionKey());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SdkFlavor.class)
    void shouldNumberRecordsStrictlyUpwardsWithinAShard(SdkFlavor flavor) {
        KinesisClient kinesis = client(flavor);
        String name = uniqueName("order", flavor);
        createActiveStream(kinesis, name, 1);

        BigInteger previous = BigInteger.valueOf(-1);
        String ordering = null;
        for (int i = 0; i < 20; i++) {
            String after = ordering;
            PutRecordResponse put = kinesis.putRecord(request -> request.streamName(name).partitionKey("same")
                .data(SdkBytes.fromUtf8String("v")).sequenceNumberForOrdering(after));
            BigInteger current = new BigInteger(put.sequenceNumber());
            assertTrue(current.compareTo(previous) > 0, put.sequenceNumber());
            previous = current;
            ordering = put.sequenceNumber();
        }
        InvalidArgumentException bad = assertThrows(InvalidArgumentException.class, () -> kinesis.putRecord(request ->
            request.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String("v")).sequenceNumberForOrdering("123")));
        assertEquals("ExclusiveMinimumSequenceNumber 123 used in PutRecord on stream " + name
            + " under account 000000000000 is invalid.", bad.awsErrorDetails().errorMessage());
    }

    @ParameterizedTest
    @EnumSource(SdkFlavor.class)
    void shouldStartIteratorsAtEachOfTheFiveStartingPoints(SdkFlavor flavor) throws Exception {
        KinesisClient kinesis = client(flavor);
        String name = uniqueName("iterators", flavor);
        String shard = "shardId-000000000000";
        createActiveStream(kinesis, name, 1);
        List<String> sequences = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int index = i;
            sequences.add(kinesis.putRecord(request -> request.streamName(name).partitionKey("k")
                .data(SdkBytes.fromUtf8String("r" + index))).sequenceNumber());
        }
        String latest = kinesis.getShardIterator(request -> request.streamName(name).shardId(shard)
            .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
        Thread.sleep(5);
        kinesis.putRecord(request -> request.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String("r5")));

        assertEquals(List.of("r0", "r1", "r2", "r3", "r4", "r5"), texts(readFrom(kinesis, name, shard, ShardIteratorType.TRIM_HORIZON, null, null)));
        assertEquals(List.of("r5"), texts(kinesis.getRecords(request -> request.shardIterator(latest)).records()));
        assertEquals(List.of("r2", "r3", "r4", "r5"), texts(readFrom(kinesis, name, shard, ShardIteratorType.AT_SEQUENCE_NUMBER, sequences.get(2), null)));
        assertEquals(List.of("r3", "r4", "r5"), texts(readFrom(kinesis, name, shard, ShardIteratorType.AFTER_SEQUENCE_NUMBER, sequences.get(2), null)));

        List<Record> all = readFrom(kinesis, name, shard, ShardIteratorType.TRIM_HORIZON, null, null);
        Instant lastArrival = all.get(5).approximateArrivalTimestamp();
        assertTrue(lastArrival.isAfter(all.get(4).approximateArrivalTimestamp()), "arrival times " + all);
        assertEquals(List.of("r5"), texts(readFrom(kinesis, name, shard, ShardIteratorType.AT_TIMESTAMP, null, lastArrival)));
    }

    @ParameterizedTest
    @EnumSource(SdkFlavor.class)
    void shouldPageGetRecordsByLimitWithFreshIteratorsAndArrivalTimes(SdkFlavor flavor) {
        KinesisClient kinesis = client(flavor);
        String name = uniqueName("paging", flavor);
        String shard = "shardId-000000000000";
        createActiveStream(kinesis, name, 1);
        Instant before = Instant.now().minusSeconds(1);
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey("k").data(SdkBytes.fromUtf8String("r" + i)).build());
        }
        kinesis.putRecords(request -> request.streamName(name).records(entries));
        Instant after = Instant.now().plusSeconds(1);

        String iterator = kinesis.getShardIterator(request -> request.streamName(name).shardId(shard)
            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        GetRecordsResponse first = kinesis.getRecords(request -> request.shardIterator(iterator).limit(4));
        assertEquals(List.of("r0", "r1", "r2", "r3"), texts(first.records()));
        assertTrue(first.millisBehindLatest() >= 0);
        Instant arrival = first.records().get(0).approximateArrivalTimestamp();
        assertTrue(arrival.isAfter(before) && arrival.isBefore(after), "arrival " + arrival + " not between " + before + " and " + after);

        GetRecordsResponse second = kinesis.getRecords(request -> request.shardIterator(first.nextShardIterator()).limit(10));
        assertEquals(List.of("r4", "r5", "r6", "r7", "r8", "r9"), texts(second.records()));
        assertEquals(0L, second.millisBehindLatest());
        GetRecordsResponse empty = kinesis.getRecords(request -> request.shardIterator(second.nextShardIterator()));
        assertTrue(empty.records().isEmpty());
        assertNotNull(empty.nextShardIterator());
        assertFalse(empty.hasChildShards() && !empty.childShards().isEmpty());
        assertEquals(List.of("r4", "r5", "r6", "r7", "r8", "r9"),
            texts(kinesis.getRecords(request -> request.shardIterator(first.nextShardIterator())).records()),
            "an iterator can be read again");
    }

    @ParameterizedTest
    @EnumSource(SdkFlavor.class)
    void shouldKeepEmptyAndBinaryDataByteExact(SdkFlavor flavor) {
        KinesisClient kinesis = client(flavor);
        String name = uniqueName("binary", flavor);
        createActiveStream(kinesis, name, 1);
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        kinesis.putRecord(request -> request.streamName(name).partitionKey("k").data(SdkBytes.fromByteArray(new byte[0])));
        kinesis.putRecord(request -> request.streamName(name).partitionKey("k").data(SdkBytes.fromByteArray(everyByte)));

        List<Record> read = readAll(kinesis, name, "shardId-000000000000");
        assertArrayEquals(new byte[0], read.get(0).data().asByteArray());
        assertArrayEquals(everyByte, read.get(1).data().asByteArray());
    }

    @ParameterizedTest
    @EnumSource(SdkFlavor.class)
    void shouldAnswerBadDataPlaneRequestsWithKinesisErrors(SdkFlavor flavor) {
        KinesisClient kinesis = client(flavor);
        String name = uniqueName("errors", flavor);
        createActiveStream(kinesis, name, 2);

        assertMessage("Invalid ShardIterator.", assertThrows(InvalidArgumentException.class,
            () -> kinesis.getRecords(request -> request.shardIterator("AAAAAAAAAAEnotatoken"))));
        assertMessage("Shard shardId-000000000009 in stream " + name + " under account 000000000000 does not exist",
            assertThrows(ResourceNotFoundException.class, () -> kinesis.getShardIterator(request -> request.streamName(name)
                .shardId("shardId-000000000009").shardIteratorType(ShardIteratorType.TRIM_HORIZON))));
        assertMessage("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or"
                + " (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified AT_SEQUENCE_NUMBER and no"
                + " StartingSequenceNumber.",
            assertThrows(InvalidArgumentException.class, () -> kinesis.getShardIterator(request -> request.streamName(name)
                .shardId("shardId-000000000000").shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER))));
        String otherShardSequence = kinesis.putRecord(request -> request.streamName(name).explicitHashKey(TWO_TO_128
            .subtract(BigInteger.ONE).toString()).partitionKey("k").data(SdkBytes.fromUtf8String("v"))).sequenceNumber();
        assertMessage("Invalid StartingSequenceNumber. It encodes shardId-000000000001, while it was used in a call to a"
                + " shard with shardId-000000000000",
            assertThrows(InvalidArgumentException.class, () -> kinesis.getShardIterator(request -> request.streamName(name)
                .shardId("shardId-000000000000").shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                .startingSequenceNumber(otherShardSequence))));
        assertMessage("1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have"
                + " value less than or equal to 10000",
            assertThrows(ValidationException.class, () -> kinesis.getRecords(request -> request.shardIterator("x").limit(10001))));
        assertMessage("1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'data'"
                + " failed to satisfy constraint: Member must have length less than or equal to 1048576",
            assertThrows(ValidationException.class, () -> kinesis.putRecord(request -> request.streamName(name)
                .partitionKey("k").data(SdkBytes.fromByteArray(new byte[1024 * 1024 + 1])))));
        List<PutRecordsRequestEntry> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(PutRecordsRequestEntry.builder().partitionKey("k").data(SdkBytes.fromUtf8String("v")).build());
        }
        ValidationException overLimit = assertThrows(ValidationException.class,
            () -> kinesis.putRecords(request -> request.streamName(name).records(tooMany)));
        assertTrue(overLimit.awsErrorDetails().errorMessage().startsWith("1 validation error detected: Value '[")
            && overLimit.awsErrorDetails().errorMessage().endsWith("at 'records' failed to satisfy constraint: Member must"
            + " have length less than or equal to 500"), overLimit.awsErrorDetails().errorMessage());
        assertMessage("Stream missing-" + name + " under account 000000000000 not found.",
            assertThrows(ResourceNotFoundException.class, () -> kinesis.putRecord(request -> request.streamName("missing-" + name)
                .partitionKey("k").data(SdkBytes.fromUtf8String("v")))));

        String iterator = kinesis.getShardIterator(request -> request.streamName(name).shardId("shardId-000000000000")
            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        kinesis.deleteStream(request -> request.streamName(name));
        assertMessage("Shard shardId-000000000000 in stream " + name + " under account 000000000000 does not exist",
            assertThrows(ResourceNotFoundException.class, () -> kinesis.getRecords(request -> request.shardIterator(iterator))));
    }

    private static void assertMessage(String expected, software.amazon.awssdk.awscore.exception.AwsServiceException error) {
        assertEquals(expected, error.awsErrorDetails().errorMessage());
        assertEquals(400, error.statusCode());
    }

    private static String putWithHashKey(KinesisClient kinesis, String name, String hashKey) {
        return kinesis.putRecord(request -> request.streamName(name).partitionKey("ignored").explicitHashKey(hashKey)
            .data(SdkBytes.fromUtf8String("v"))).shardId();
    }

    private static List<Record> readFrom(KinesisClient kinesis, String name, String shard, ShardIteratorType type,
                                         String sequence, Instant timestamp) {
        String iterator = kinesis.getShardIterator(request -> request.streamName(name).shardId(shard).shardIteratorType(type)
            .startingSequenceNumber(sequence).timestamp(timestamp)).shardIterator();
        return kinesis.getRecords(request -> request.shardIterator(iterator)).records();
    }

    static List<Record> readAll(KinesisClient kinesis, String name, String shard) {
        String iterator = kinesis.getShardIterator(request -> request.streamName(name).shardId(shard)
            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<Record> records = new ArrayList<>();
        while (true) {
            String current = iterator;
            GetRecordsResponse response = kinesis.getRecords(request -> request.shardIterator(current));
            records.addAll(response.records());
            if (response.records().isEmpty() && response.millisBehindLatest() == 0) {
                return records;
            }
            iterator = response.nextShardIterator();
        }
    }

    private static List<String> texts(List<Record> records) {
        return records.stream().map(record -> record.data().asUtf8String()).toList();
    }

    private static byte[] payload(int i) {
        byte[] bytes = new byte[i % 50];
        for (int b = 0; b < bytes.length; b++) {
            bytes[b] = (byte) (i * 31 + b);
        }
        return bytes;
    }

    static BigInteger md5(String key) throws Exception {
        return new BigInteger(1, MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    static String expectedShard(BigInteger hashKey, int shards) {
        BigInteger step = TWO_TO_128.divide(BigInteger.valueOf(shards));
        int index = Math.min(shards - 1, hashKey.divide(step).intValue());
        return String.format("shardId-%012d", index);
    }
}
