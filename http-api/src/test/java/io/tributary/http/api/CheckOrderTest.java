package io.tributary.http.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.http.protocol.Encoding;
import io.tributary.http.support.Clients;
import io.tributary.http.support.RawKinesis;
import io.tributary.http.support.TestServer;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The order in which Kinesis checks a request, one test per step, each with a request that breaks
 * two steps and gets the earlier one's error: encoding and body, then member types
 * (SerializationException), then every member's constraints (ValidationException), then the
 * operation's own argument checks (InvalidArgumentException), then existence and state
 * (ResourceNotFoundException, ResourceInUseException), then limits (LimitExceededException).
 *
 * <p>The server keeps a resharded stream UPDATING for ten minutes and allows ten shards, so that
 * state and limits can be broken on purpose.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckOrderTest {
    private static final int SHARD_LIMIT = 10;

    private TestServer server;
    private KinesisClient kinesis;
    private RawKinesis raw;

    @BeforeAll
    void start() {
        server = TestServer.start("--update-stream-delay-ms", "600000", "--shard-limit", Integer.toString(SHARD_LIMIT));
        kinesis = Clients.sync(server.endpoint());
        raw = new RawKinesis(server.endpoint());
        kinesis.createStream(request -> request.streamName("updating").shardCount(3));
        kinesis.splitShard(request -> request.streamName("updating").shardToSplit("shardId-000000000000")
            .newStartingHashKey("1000"));
        assertEquals(StreamStatus.UPDATING,
            kinesis.describeStreamSummary(request -> request.streamName("updating")).streamDescriptionSummary().streamStatus());
        kinesis.createStream(request -> request.streamName("active").shardCount(2));
    }

    @AfterAll
    void stop() {
        kinesis.close();
        server.close();
    }

    @Test
    void shouldCheckTheContentTypeBeforeTheBody() {
        RawKinesis.Answer answer = raw.send(raw.signed("CreateStream").header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString("{\"StreamName\":true}")), Optional.empty());

        assertEquals(404, answer.status());
        assertEquals("<UnknownOperationException/>\n", answer.text());
    }

    @Test
    void shouldCheckThatTheBodyParsesBeforeAnyMember() {
        RawKinesis.Answer answer = raw.send(raw.signed("CreateStream").header("Content-Type", Encoding.JSON.contentType())
            .POST(BodyPublishers.ofString("{\"StreamName\":true,")), Optional.of(Encoding.JSON));

        assertEquals(400, answer.status());
        assertEquals("{\"__type\":\"SerializationException\"}", answer.text());
    }

    @Test
    void shouldCheckMemberTypesBeforeConstraints() {
        RawKinesis.Answer answer = raw.post(Encoding.JSON, "CreateStream", "{'StreamName':'x!','ShardCount':'2'}");

        assertEquals("SerializationException", answer.type());
        assertEquals("class java.lang.String can not be converted to an Integer", answer.json().path("Message").asText());
    }

    @Test
    void shouldCheckConstraintsBeforeTheOperationsArguments() {
        RawKinesis.Answer answer = raw.post(Encoding.JSON, "DescribeStreamSummary", "{'StreamId':'nope'}");

        assertEquals("ValidationException", answer.type());
        assertEquals("1 validation error detected: Value 'nope' at 'streamId' failed to satisfy constraint: "
            + "Member must satisfy regular expression pattern: [a-z0-9]{20}-[a-z0-9]{3}", answer.message());
    }

    @Test
    void shouldCheckTheOperationsArgumentsBeforeTheStreamsState() {
        RawKinesis.Answer answer = raw.post(Encoding.JSON, "MergeShards",
            "{'StreamName':'updating','ShardToMerge':'shardId-000000000001','AdjacentShardToMerge':'shardId-000000000001'}");

        assertEquals("InvalidArgumentException", answer.type());
        assertEquals("Shards shardId-000000000001 and shardId-000000000001 in stream updating under account 000000000000"
            + " are not an adjacent pair of shards eligible for merging", answer.message());
    }

    @Test
    void shouldCheckASplitsHashKeyBeforeTheStreamsState() {
        RawKinesis.Answer answer = raw.post(Encoding.CBOR, "SplitShard",
            "{'StreamName':'updating','ShardToSplit':'shardId-000000000001','NewStartingHashKey':'0'}");

        assertEquals("InvalidArgumentException", answer.type());
        assertEquals(true, answer.message().startsWith("NewStartingHashKey 0 used in SplitShard() on shard shardId-000000000001"),
            answer.message());
    }

    @Test
    void shouldCheckWhichStreamIsNamedBeforeItsExistence() {
        RawKinesis.Answer answer = raw.post(Encoding.JSON, "DescribeStreamSummary", "{}");

        assertEquals("InvalidArgumentException", answer.type());
    }

    @Test
    void shouldCheckExistenceBeforeLimits() {
        RawKinesis.Answer answer = raw.post(Encoding.JSON, "UpdateShardCount",
            "{'StreamName':'nowhere','TargetShardCount':100000,'ScalingType':'UNIFORM_SCALING'}");

        assertEquals("ResourceNotFoundException", answer.type());
        assertEquals("Stream nowhere under account 000000000000 not found.", answer.message());
    }

    @Test
    void shouldCheckStateBeforeLimits() {
        RawKinesis.Answer answer = raw.post(Encoding.JSON, "UpdateShardCount",
            "{'StreamName':'updating','TargetShardCount':100,'ScalingType':'UNIFORM_SCALING'}");

        assertEquals("ResourceInUseException", answer.type());
        assertEquals("Stream updating under account 000000000000 not ACTIVE, instead in state UPDATING", answer.message());
    }

    @Test
    void shouldCheckNameClashesBeforeTheAccountShardLimit() {
        RawKinesis.Answer answer = raw.post(Encoding.JSON, "CreateStream", "{'StreamName':'active','ShardCount':1000}");

        assertEquals("ResourceInUseException", answer.type());
        assertEquals("Stream active under account 000000000000 already exists.", answer.message());
    }

    @Test
    void shouldWordTheAccountShardLimitWithTheCurrentCountAndTheLimit() {
        RawKinesis.Answer answer = raw.post(Encoding.JSON, "CreateStream", "{'StreamName':'too-big','ShardCount':5}");

        assertEquals("LimitExceededException", answer.type());
        assertEquals("This request would exceed the shard limit for the account 000000000000 in us-east-1. Current shard count"
            + " for the account: 6. Limit: " + SHARD_LIMIT + ". Number of additional shards that would have resulted from this"
            + " request: 5. Refer to the AWS Service Limits page (https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html)"
            + " for current limits and how to request higher limits.", answer.message());
    }

    @Test
    void shouldWordTheScalingLimitsWithTheCurrentAndTargetCounts() {
        RawKinesis.Answer up = raw.post(Encoding.JSON, "UpdateShardCount",
            "{'StreamName':'active','TargetShardCount':5,'ScalingType':'UNIFORM_SCALING'}");
        RawKinesis.Answer beyond = raw.post(Encoding.JSON, "UpdateShardCount",
            "{'StreamName':'active','TargetShardCount':10001,'ScalingType':'UNIFORM_SCALING'}");

        assertEquals("LimitExceededException", up.type());
        assertEquals("UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: 2,"
            + " Target shard count: 5", up.message());
        assertEquals("LimitExceededException", beyond.type());
        assertEquals("Target shard count or number of open shards cannot be greater than 10000. Current open shard count: 2,"
            + " Target shard count: 10001", beyond.message());
    }
}
