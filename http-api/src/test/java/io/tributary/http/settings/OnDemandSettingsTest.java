package io.tributary.http.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.http.protocol.Encoding;
import io.tributary.http.support.Clients;
import io.tributary.http.support.RawKinesis;
import io.tributary.http.support.TestServer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.MinimumThroughputBillingCommitmentInputStatus;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.UpdateStreamWarmThroughputResponse;
import software.amazon.awssdk.services.kinesis.model.ValidationException;
import software.amazon.awssdk.services.kinesis.model.WarmThroughputObject;

/**
 * What only on-demand streams set: warm throughput (UpdateStreamWarmThroughput, through the SDK),
 * which pre-scales the shards, and the record distribution strategy
 * (UpdateStreamRecordDistributionStrategy, raw, as the Java SDK does not generate it), which changes
 * how records are routed; both shown in DescribeStreamSummary and kept across a restart.
 */
class OnDemandSettingsTest {
    private static final String ACCOUNT = "000000000000";

    @Test
    void shouldPreScaleAnOnDemandStreamToItsWarmThroughput() {
        try (TestServer server = TestServer.start(); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            commit(kinesis);
            createOnDemand(kinesis, "warm");

            UpdateStreamWarmThroughputResponse warmed = kinesis.updateStreamWarmThroughput(request -> request
                .streamName("warm").warmThroughputMiBps(10));

            assertEquals("warm", warmed.streamName());
            assertEquals(arn("warm"), warmed.streamARN());
            assertEquals(WarmThroughputObject.builder().targetMiBps(10).currentMiBps(10).build(), warmed.warmThroughput());
            StreamDescriptionSummary summary = summary(kinesis, "warm");
            assertEquals(10, summary.openShardCount());
            assertEquals(warmed.warmThroughput(), summary.warmThroughput());
        }
    }

    @Test
    void shouldKeepTheShardsWhenTheWarmThroughputIsLowered() {
        try (TestServer server = TestServer.start(); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            commit(kinesis);
            createOnDemand(kinesis, "cooling");
            kinesis.updateStreamWarmThroughput(request -> request.streamARN(arn("cooling")).warmThroughputMiBps(6));

            UpdateStreamWarmThroughputResponse lowered = kinesis.updateStreamWarmThroughput(request -> request
                .streamARN(arn("cooling")).warmThroughputMiBps(2));

            assertEquals(WarmThroughputObject.builder().targetMiBps(2).currentMiBps(6).build(), lowered.warmThroughput());
            assertEquals(6, summary(kinesis, "cooling").openShardCount());
        }
    }

    @Test
    void shouldShowTheCurrentCapacityOfAnOnDemandStreamWithoutWarmThroughput() {
        try (TestServer server = TestServer.start(); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            createOnDemand(kinesis, "plain");
            kinesis.createStream(request -> request.streamName("fixed").shardCount(1));

            assertEquals(WarmThroughputObject.builder().targetMiBps(4).currentMiBps(4).build(), summary(kinesis, "plain").warmThroughput());
            assertNull(summary(kinesis, "fixed").warmThroughput());
        }
    }

    @Test
    void shouldRefuseWarmThroughputWhereTheModelDoesNotAllowIt() {
        try (TestServer server = TestServer.start(); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            createOnDemand(kinesis, "uncommitted");
            kinesis.createStream(request -> request.streamName("provisioned").shardCount(1));

            InvalidArgumentException noCommitment = assertThrows(InvalidArgumentException.class,
                () -> kinesis.updateStreamWarmThroughput(request -> request.streamName("uncommitted").warmThroughputMiBps(8)));
            assertEquals("Warm throughput requires the minimum throughput billing commitment, which is not enabled for account "
                + ACCOUNT + ".", noCommitment.awsErrorDetails().errorMessage());

            commit(kinesis);
            InvalidArgumentException provisioned = assertThrows(InvalidArgumentException.class,
                () -> kinesis.updateStreamWarmThroughput(request -> request.streamName("provisioned").warmThroughputMiBps(8)));
            assertEquals("UpdateStreamWarmThroughput is only supported for the data streams with the on-demand capacity mode."
                + " Stream provisioned under account " + ACCOUNT + " is in the provisioned capacity mode.",
                provisioned.awsErrorDetails().errorMessage());
            LimitExceededException tooMuch = assertThrows(LimitExceededException.class,
                () -> kinesis.updateStreamWarmThroughput(request -> request.streamName("uncommitted").warmThroughputMiBps(10241)));
            assertEquals("Warm throughput of 10241 MiB/s for stream uncommitted under account " + ACCOUNT
                + " exceeds the limit of 10240 MiB/s.", tooMuch.awsErrorDetails().errorMessage());
            assertThrows(ResourceNotFoundException.class,
                () -> kinesis.updateStreamWarmThroughput(request -> request.streamName("nowhere").warmThroughputMiBps(8)));
            ValidationException negative = assertThrows(ValidationException.class,
                () -> kinesis.updateStreamWarmThroughput(request -> request.streamName("uncommitted").warmThroughputMiBps(-1)));
            assertEquals("1 validation error detected: Value '-1' at 'warmThroughputMiBps' failed to satisfy constraint:"
                + " Member must have value greater than or equal to 0", negative.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void shouldSpreadRecordsOfOneKeyOverTheShardsWithTheAutoStrategy() {
        try (TestServer server = TestServer.start(); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            RawKinesis raw = new RawKinesis(server.endpoint());
            createOnDemand(kinesis, "spread");
            assertEquals("USER_PARTITION_KEY", rawSummary(raw, "spread").path("RecordDistributionStrategy").asText());
            assertEquals(1, shardsOfOneKey(raw, "spread").size());

            RawKinesis.Answer set = raw.post(Encoding.JSON, "UpdateStreamRecordDistributionStrategy",
                "{'StreamARN':'" + arn("spread") + "','RecordDistributionStrategy':'AUTO'}");

            assertEquals(200, set.status());
            assertEquals("AUTO", rawSummary(raw, "spread").path("RecordDistributionStrategy").asText());
            assertTrue(shardsOfOneKey(raw, "spread").size() > 1);
            RawKinesis.Answer keyless = raw.post(Encoding.CBOR, "PutRecord", "{'StreamName':'spread','Data':'aGk='}");
            assertEquals(200, keyless.status());
            assertTrue(keyless.json().path("ShardId").asText().startsWith("shardId-"));

            raw.post(Encoding.JSON, "UpdateStreamRecordDistributionStrategy",
                "{'StreamARN':'" + arn("spread") + "','RecordDistributionStrategy':'USER_PARTITION_KEY'}");
            assertEquals(1, shardsOfOneKey(raw, "spread").size());
            RawKinesis.Answer keylessAgain = raw.post(Encoding.JSON, "PutRecord", "{'StreamName':'spread','Data':'aGk='}");
            assertEquals("1 validation error detected: Value null at 'partitionKey' failed to satisfy constraint:"
                + " Member must not be null", keylessAgain.message());
        }
    }

    @Test
    void shouldRefuseTheAutoStrategyForAProvisionedStreamAndCheckTheRequest() {
        try (TestServer server = TestServer.start(); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            RawKinesis raw = new RawKinesis(server.endpoint());
            kinesis.createStream(request -> request.streamName("fixed").shardCount(2));

            RawKinesis.Answer auto = raw.post(Encoding.JSON, "UpdateStreamRecordDistributionStrategy",
                "{'StreamARN':'" + arn("fixed") + "','RecordDistributionStrategy':'AUTO'}");
            assertEquals("InvalidArgumentException", auto.type());
            assertEquals("The AUTO record distribution strategy is only supported for the data streams with the on-demand"
                + " capacity mode. Stream fixed under account " + ACCOUNT + " is in the provisioned capacity mode.", auto.message());
            assertEquals(200, raw.post(Encoding.JSON, "UpdateStreamRecordDistributionStrategy",
                "{'StreamARN':'" + arn("fixed") + "','RecordDistributionStrategy':'USER_PARTITION_KEY'}").status());
            assertFalse(rawSummary(raw, "fixed").has("RecordDistributionStrategy"));

            RawKinesis.Answer invalid = raw.post(Encoding.CBOR, "UpdateStreamRecordDistributionStrategy",
                "{'RecordDistributionStrategy':'RANDOM'}");
            assertEquals("2 validation errors detected: Value null at 'streamARN' failed to satisfy constraint: Member must"
                + " not be null; Value 'RANDOM' at 'recordDistributionStrategy' failed to satisfy constraint: Member must"
                + " satisfy enum value set: [AUTO, USER_PARTITION_KEY]", invalid.message());
            RawKinesis.Answer missing = raw.post(Encoding.JSON, "UpdateStreamRecordDistributionStrategy",
                "{'StreamARN':'" + arn("nowhere") + "','RecordDistributionStrategy':'AUTO'}");
            assertEquals("ResourceNotFoundException", missing.type());
            assertEquals("Stream nowhere under account " + ACCOUNT + " not found.", missing.message());
        }
    }

    @Test
    void shouldForgetOnDemandSettingsWhenTheStreamTurnsProvisioned() {
        try (TestServer server = TestServer.start(); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            RawKinesis raw = new RawKinesis(server.endpoint());
            createOnDemand(kinesis, "switching");
            raw.post(Encoding.JSON, "UpdateStreamRecordDistributionStrategy",
                "{'StreamARN':'" + arn("switching") + "','RecordDistributionStrategy':'AUTO'}");

            kinesis.updateStreamMode(request -> request.streamARN(arn("switching"))
                .streamModeDetails(mode -> mode.streamMode(StreamMode.PROVISIONED)));

            assertEquals(1, shardsOfOneKey(raw, "switching").size());
        }
    }

    @Test
    void shouldKeepWarmThroughputAndStrategyAcrossARestart(@TempDir Path data) {
        try (TestServer server = TestServer.startOn(data); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            commit(kinesis);
            createOnDemand(kinesis, "kept");
            kinesis.updateStreamWarmThroughput(request -> request.streamName("kept").warmThroughputMiBps(5));
            new RawKinesis(server.endpoint()).post(Encoding.JSON, "UpdateStreamRecordDistributionStrategy",
                "{'StreamARN':'" + arn("kept") + "','RecordDistributionStrategy':'AUTO'}");
        }
        try (TestServer server = TestServer.startOn(data); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            assertEquals(WarmThroughputObject.builder().targetMiBps(5).currentMiBps(5).build(), summary(kinesis, "kept").warmThroughput());
            assertEquals("AUTO", rawSummary(new RawKinesis(server.endpoint()), "kept").path("RecordDistributionStrategy").asText());
        }
    }

    @Test
    void shouldCreateAnOnDemandStreamWithItsWarmThroughputAndStrategy() {
        try (TestServer server = TestServer.start(); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            RawKinesis raw = new RawKinesis(server.endpoint());
            commit(kinesis);
            kinesis.createStream(request -> request.streamName("born-warm").warmThroughputMiBps(6)
                .streamModeDetails(mode -> mode.streamMode(StreamMode.ON_DEMAND)));
            RawKinesis.Answer created = raw.post(Encoding.JSON, "CreateStream",
                "{'StreamName':'born-auto','StreamModeDetails':{'StreamMode':'ON_DEMAND'},'RecordDistributionStrategy':'AUTO'}");

            assertEquals(200, created.status());
            assertEquals(6, summary(kinesis, "born-warm").openShardCount());
            assertEquals(WarmThroughputObject.builder().targetMiBps(6).currentMiBps(6).build(), summary(kinesis, "born-warm").warmThroughput());
            assertEquals("AUTO", rawSummary(raw, "born-auto").path("RecordDistributionStrategy").asText());
            assertTrue(shardsOfOneKey(raw, "born-auto").size() > 1);
        }
    }

    @Test
    void shouldRefuseOnDemandSettingsWhenCreatingAProvisionedStream() {
        try (TestServer server = TestServer.start(); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            RawKinesis raw = new RawKinesis(server.endpoint());
            commit(kinesis);

            RawKinesis.Answer auto = raw.post(Encoding.JSON, "CreateStream",
                "{'StreamName':'fixed','ShardCount':1,'RecordDistributionStrategy':'AUTO'}");
            InvalidArgumentException warm = assertThrows(InvalidArgumentException.class,
                () -> kinesis.createStream(request -> request.streamName("fixed").shardCount(1).warmThroughputMiBps(4)));

            assertEquals("InvalidArgumentException", auto.type());
            assertEquals("RecordDistributionStrategy can only be specified for a stream in ON_DEMAND mode.", auto.message());
            assertEquals("WarmThroughputMiBps can only be specified for a stream in ON_DEMAND mode.", warm.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void shouldPreScaleAStreamSwitchedToOnDemandWithWarmThroughput() {
        try (TestServer server = TestServer.start(); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            commit(kinesis);
            kinesis.createStream(request -> request.streamName("switched").shardCount(2));

            kinesis.updateStreamMode(request -> request.streamARN(arn("switched")).warmThroughputMiBps(5)
                .streamModeDetails(mode -> mode.streamMode(StreamMode.ON_DEMAND)));

            assertEquals(WarmThroughputObject.builder().targetMiBps(5).currentMiBps(5).build(), summary(kinesis, "switched").warmThroughput());
            InvalidArgumentException toProvisioned = assertThrows(InvalidArgumentException.class, () -> kinesis.updateStreamMode(
                request -> request.streamARN(arn("switched")).warmThroughputMiBps(5)
                    .streamModeDetails(mode -> mode.streamMode(StreamMode.PROVISIONED))));
            assertEquals("WarmThroughputMiBps can only be specified when switching a stream to ON_DEMAND mode.",
                toProvisioned.awsErrorDetails().errorMessage());
        }
    }

    private static void commit(KinesisClient kinesis) {
        AccountSettingsSdkTest.enable(kinesis, MinimumThroughputBillingCommitmentInputStatus.ENABLED);
    }

    private static void createOnDemand(KinesisClient kinesis, String name) {
        kinesis.createStream(request -> request.streamName(name).streamModeDetails(mode -> mode.streamMode(StreamMode.ON_DEMAND)));
    }

    private static StreamDescriptionSummary summary(KinesisClient kinesis, String name) {
        return kinesis.describeStreamSummary(request -> request.streamName(name)).streamDescriptionSummary();
    }

    private static JsonNode rawSummary(RawKinesis raw, String name) {
        return raw.post(Encoding.JSON, "DescribeStreamSummary", "{'StreamName':'" + name + "'}").json().path("StreamDescriptionSummary");
    }

    /** The shards that 40 records with one partition key (and an explicit hash key of 0) land on. */
    private static Set<String> shardsOfOneKey(RawKinesis raw, String stream) {
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            records.append(i == 0 ? "" : ",").append("{'Data':'aGk=','PartitionKey':'same','ExplicitHashKey':'0'}");
        }
        RawKinesis.Answer put = raw.post(Encoding.JSON, "PutRecords", "{'StreamName':'" + stream + "','Records':[" + records + "]}");
        assertEquals(200, put.status(), put.text());
        Set<String> shards = new HashSet<>();
        put.json().path("Records").forEach(record -> shards.add(record.path("ShardId").asText()));
        return shards;
    }

    private static String arn(String stream) {
        return "arn:aws:kinesis:us-east-1:" + ACCOUNT + ":stream/" + stream;
    }
}
