package io.tributary.http.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.SdkFlavor;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ListStreamsResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesis.model.ValidationException;

/** Stream and shard control-plane operations through the real AWS SDK, in each of its three modes. */
class StreamLifecycleSdkTest extends SdkTestBase {
    private static final BigInteger MAX_HASH_KEY = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    @ParameterizedTest
    @EnumSource(SdkFlavor.class)
    void shouldCreateProvisionedStreamWithEvenHashRangesAndDescribeIt(SdkFlavor flavor) {
        KinesisClient kinesis = client(flavor);
        String name = uniqueName("create", flavor);
        Instant before = Instant.now().minusSeconds(1);
        createActiveStream(kinesis, name, 3);

        DescribeStreamResponse described = kinesis.describeStream(request -> request.streamName(name));
        assertEquals(name, described.streamDescription().streamName());
        assertEquals("arn:aws:kinesis:us-east-1:000000000000:stream/" + name, described.streamDescription().streamARN());
        assertEquals(StreamStatus.ACTIVE, described.streamDescription().streamStatus());
        assertEquals(StreamMode.PROVISIONED, described.streamDescription().streamModeDetails().streamMode());
        assertEquals(24, described.streamDescription().retentionPeriodHours());
        assertFalse(described.streamDescription().hasMoreShards());
        Instant created = described.streamDescription().streamCreationTimestamp();
        assertTrue(created.isAfter(before) && created.isBefore(Instant.now().plusSeconds(1)), "creation time " + created);

        List<Shard> shards = described.streamDescription().shards();
        assertEquals(List.of("shardId-000000000000", "shardId-000000000001", "shardId-000000000002"),
            shards.stream().map(Shard::shardId).toList());
        BigInteger step = BigInteger.ONE.shiftLeft(128).divide(BigInteger.valueOf(3));
        for (int i = 0; i < 3; i++) {
            Shard shard = shards.get(i);
            assertEquals(step.multiply(BigInteger.valueOf(i)), new BigInteger(shard.hashKeyRange().startingHashKey()));
            BigInteger end = i == 2 ? MAX_HASH_KEY : step.multiply(BigInteger.valueOf(i + 1)).subtract(BigInteger.ONE);
            assertEquals(end, new BigInteger(shard.hashKeyRange().endingHashKey()));
            assertNotNull(shard.sequenceNumberRange().startingSequenceNumber());
            assertNull(shard.sequenceNumberRange().endingSequenceNumber());
            assertNull(shard.parentShardId());
        }
    }

    @ParameterizedTest
    @EnumSource(SdkFlavor.class)
    void shouldStartOnDemandStreamsWithFourShards(SdkFlavor flavor) {
        KinesisClient kinesis = client(flavor);
        String name = uniqueName("ondemand", flavor);
        kinesis.createStream(request -> request.streamName(name).streamModeDetails(mode -> mode.streamMode(StreamMode.ON_DEMAND)));

        StreamDescriptionSummary summary = kinesis.describeStreamSummary(request -> request.streamName(name)).streamDescriptionSummary();
        assertEquals(StreamMode.ON_DEMAND, summary.streamModeDetails().streamMode());
        assertEquals(4, summary.openShardCount());
        assertEquals(0, summary.consumerCount());
        assertEquals(1024, summary.maxRecordSizeInKiB());
        assertEquals(summary.streamARN(), kinesis.describeStreamSummary(request -> request.streamARN(summary.streamARN()))
            .streamDescriptionSummary().streamARN());
    }

    @ParameterizedTest
    @EnumSource(SdkFlavor.class)
    void shouldPageDescribeStreamShardsWithLimitAndExclusiveStartShardId(SdkFlavor flavor) {
        KinesisClient kinesis = client(flavor);
        String name = uniqueName("describe-paging", flavor);
        createActiveStream(kinesis, name, 5);

        List<String> seen = new ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            String start = after;
            DescribeStreamResponse page = kinesis.describeStream(request -> request.streamName(name).limit(2).exclusiveStartShardId(start));
            page.streamDescription().shards().forEach(shard -> seen.add(shard.shardId()));
            assertTrue(page.streamDescription().shards().size() <= 2);
            more = page.streamDescription().hasMoreShards();
            after = seen.get(seen.size() - 1);
        }
        assertEquals(List.of("shardId-000000000000", "shardId-000000000001", "shardId-000000000002",
            "shardId-000000000003", "shardId-000000000004"), seen);
    }

    @ParameterizedTest
    @EnumSource(SdkFlavor.class)
    void shouldListStreamsInPagesWithNextTokenAndExclusiveStartStreamName(SdkFlavor flavor) {
        KinesisClient kinesis = client(flavor);
        String prefix = uniqueName("list", flavor);
        List<String> names = List.of(prefix + "-a", prefix + "-b", prefix + "-c");
        names.forEach(name -> kinesis.createStream(request -> request.streamName(name).shardCount(1)));

        ListStreamsResponse first = kinesis.listStreams(request -> request.exclusiveStartStreamName(prefix).limit(2));
        assertEquals(names.subList(0, 2), first.streamNames());
        assertTrue(first.hasMoreStreams());
        assertEquals(names.get(0), first.streamSummaries().get(0).streamName());
        assertEquals(StreamStatus.ACTIVE, first.streamSummaries().get(0).streamStatus());
        assertNotNull(first.streamSummaries().get(0).streamCreationTimestamp());

        ListStreamsResponse second = kinesis.listStreams(request -> request.nextToken(first.nextToken()).limit(1));
        assertEquals(List.of(names.get(2)), second.streamNames());

        List<String> all = kinesis.listStreamsPaginator(request -> request.limit(2)).streamNames().stream().toList();
        assertTrue(all.containsAll(names), "paginator saw " + all);
        assertEquals(all.stream().sorted().toList(), all);
    }

    @ParameterizedTest
    @EnumSource(SdkFlavor.class)
    void shouldListShardsInPagesAndThroughFilters(SdkFlavor flavor) {
        KinesisClient kinesis = client(flavor);
        String name = uniqueName("shards", flavor);
        createActiveStream(kinesis, name, 4);

        ListShardsResponse first = kinesis.listShards(request -> request.streamName(name).maxResults(3));
        assertEquals(3, first.shards().size());
        assertNotNull(first.nextToken());
        ListShardsResponse second = kinesis.listShards(request -> request.nextToken(first.nextToken()));
        assertEquals(List.of("shardId-000000000003"), second.shards().stream().map(Shard::shardId).toList());
        assertNull(second.nextToken());

        List<String> onePerPage = new ArrayList<>();
        ListShardsResponse page = kinesis.listShards(request -> request.streamName(name).maxResults(1));
        onePerPage.addAll(shardIds(page));
        while (page.nextToken() != null) {
            String token = page.nextToken();
            page = kinesis.listShards(request -> request.nextToken(token).maxResults(1));
            onePerPage.addAll(shardIds(page));
        }
        assertEquals(List.of("shardId-000000000000", "shardId-000000000001", "shardId-000000000002",
            "shardId-000000000003"), onePerPage);
        assertEquals(List.of("shardId-000000000002", "shardId-000000000003"), shardIds(kinesis.listShards(request ->
            request.streamName(name).exclusiveStartShardId("shardId-000000000001"))));
        assertEquals(List.of("shardId-000000000003"), shardIds(kinesis.listShards(request -> request.streamName(name)
            .shardFilter(filter -> filter.type(ShardFilterType.AFTER_SHARD_ID).shardId("shardId-000000000002")))));
        for (ShardFilterType type : List.of(ShardFilterType.AT_LATEST, ShardFilterType.AT_TRIM_HORIZON, ShardFilterType.FROM_TRIM_HORIZON)) {
            assertEquals(4, kinesis.listShards(request -> request.streamName(name).shardFilter(filter -> filter.type(type))).shards().size(),
                type.toString());
        }
        for (ShardFilterType type : List.of(ShardFilterType.AT_TIMESTAMP, ShardFilterType.FROM_TIMESTAMP)) {
            assertEquals(4, kinesis.listShards(request -> request.streamName(name)
                .shardFilter(filter -> filter.type(type).timestamp(Instant.now()))).shards().size(), type.toString());
        }

        String arn = kinesis.describeStreamSummary(request -> request.streamName(name)).streamDescriptionSummary().streamARN();
        assertEquals(4, kinesis.listShards(request -> request.streamARN(arn)).shards().size());
    }

    @ParameterizedTest
    @EnumSource(SdkFlavor.class)
    void shouldRejectListShardsNextTokenCombinedWithStreamName(SdkFlavor flavor) {
        KinesisClient kinesis = client(flavor);
        String name = uniqueName("shards-token", flavor);
        createActiveStream(kinesis, name, 2);
        String token = kinesis.listShards(request -> request.streamName(name).maxResults(1)).nextToken();

        InvalidArgumentException both = assertThrows(InvalidArgumentException.class,
            () -> kinesis.listShards(request -> request.streamName(name).nextToken(token)));
        assertEquals("NextToken and StreamName cannot be provided together.", both.awsErrorDetails().errorMessage());
        InvalidArgumentException neither = assertThrows(InvalidArgumentException.class, () -> kinesis.listShards(request -> { }));
        assertEquals("Either NextToken or StreamName should be provided.", neither.awsErrorDetails().errorMessage());
        InvalidArgumentException forged = assertThrows(InvalidArgumentException.class,
            () -> kinesis.listShards(request -> request.nextToken(tampered(token))));
        assertEquals("Invalid NextToken.", forged.awsErrorDetails().errorMessage());
    }

    @ParameterizedTest
    @EnumSource(SdkFlavor.class)
    void shouldDeleteStreamSoThatItIsNotFoundAfterwards(SdkFlavor flavor) {
        KinesisClient kinesis = client(flavor);
        String name = uniqueName("delete", flavor);
        createActiveStream(kinesis, name, 1);

        kinesis.deleteStream(request -> request.streamName(name));
        kinesis.waiter().waitUntilStreamNotExists(request -> request.streamName(name));
        ResourceNotFoundException missing = assertThrows(ResourceNotFoundException.class,
            () -> kinesis.describeStream(request -> request.streamName(name)));
        assertEquals("Stream " + name + " under account 000000000000 not found.", missing.awsErrorDetails().errorMessage());
        assertEquals(400, missing.statusCode());
        assertThrows(ResourceNotFoundException.class, () -> kinesis.deleteStream(request -> request.streamName(name)));
    }

    @ParameterizedTest
    @EnumSource(SdkFlavor.class)
    void shouldRejectDuplicateAndInvalidStreams(SdkFlavor flavor) {
        KinesisClient kinesis = client(flavor);
        String name = uniqueName("dup", flavor);
        createActiveStream(kinesis, name, 1);

        ResourceInUseException duplicate = assertThrows(ResourceInUseException.class,
            () -> kinesis.createStream(request -> request.streamName(name).shardCount(1)));
        assertEquals("Stream " + name + " under account 000000000000 already exists.", duplicate.awsErrorDetails().errorMessage());

        ValidationException badName = assertThrows(ValidationException.class,
            () -> kinesis.createStream(request -> request.streamName("bad name!").shardCount(1)));
        assertEquals("1 validation error detected: Value 'bad name!' at 'streamName' failed to satisfy constraint:"
            + " Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+", badName.awsErrorDetails().errorMessage());

        ValidationException zeroShards = assertThrows(ValidationException.class,
            () -> kinesis.createStream(request -> request.streamName(name + "-zero").shardCount(0)));
        assertEquals("1 validation error detected: Value '0' at 'shardCount' failed to satisfy constraint:"
            + " Member must have value greater than or equal to 1", zeroShards.awsErrorDetails().errorMessage());

        ResourceNotFoundException otherAccount = assertThrows(ResourceNotFoundException.class,
            () -> kinesis.describeStreamSummary(request -> request.streamARN("arn:aws:kinesis:us-east-1:123456789012:stream/" + name)));
        assertEquals("Stream " + name + " under account 123456789012 not found.", otherAccount.awsErrorDetails().errorMessage());
    }

    /** The token with one character of its payload changed. */
    private static String tampered(String token) {
        char[] chars = token.toCharArray();
        chars[20] = chars[20] == 'A' ? 'B' : 'A';
        return new String(chars);
    }

    private static List<String> shardIds(ListShardsResponse response) {
        return response.shards().stream().map(Shard::shardId).toList();
    }
}
