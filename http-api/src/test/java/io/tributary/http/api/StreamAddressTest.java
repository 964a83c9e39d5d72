package io.tributary.http.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.engine.EngineConfig;
import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.tributary.http.protocol.Input;
import io.tributary.http.support.TestServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * How a request's {@code StreamName} and {@code StreamARN} name a stream (API-SURFACE.md §2): an ARN
 * of this region and account resolves to its name, any other ARN names a stream that is not here.
 */
class StreamAddressTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EngineConfig CONFIG = EngineConfig.builder(new byte[32]).build();
    private static final String ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/s";

    @Test
    void shouldResolveAStreamName() {
        assertEquals("s", StreamAddress.streamName(input("s", null), CONFIG));
    }

    @Test
    void shouldResolveAStreamArnOfThisRegionAndAccount() {
        assertEquals("s", StreamAddress.streamName(input(null, ARN), CONFIG));
    }

    @Test
    void shouldResolveANameAndArnThatAgree() {
        assertEquals("s", StreamAddress.streamName(input("s", ARN), CONFIG));
    }

    @Test
    void shouldKeepEverythingAfterStreamSlashAsTheName() {
        assertEquals("a.b-c_d", StreamAddress.streamName(input(null, "arn:aws:kinesis:us-east-1:000000000000:stream/a.b-c_d"), CONFIG));
    }

    @Test
    void shouldNotFindAStreamOfAnotherAccount() {
        KinesisException error = assertThrows(KinesisException.class,
            () -> StreamAddress.streamName(input(null, "arn:aws:kinesis:us-east-1:111111111111:stream/s"), CONFIG));
        assertEquals(ErrorCode.RESOURCE_NOT_FOUND, error.code());
        assertEquals("Stream s under account 111111111111 not found.", error.getMessage());
    }

    @Test
    void shouldNotFindAStreamOfAnotherRegion() {
        KinesisException error = assertThrows(KinesisException.class,
            () -> StreamAddress.streamName(input(null, "arn:aws:kinesis:eu-west-1:000000000000:stream/s"), CONFIG));
        assertEquals(ErrorCode.RESOURCE_NOT_FOUND, error.code());
        assertEquals("Stream s under account 000000000000 not found.", error.getMessage());
    }

    @Test
    void shouldRejectANameAndArnThatDisagree() {
        KinesisException error = assertThrows(KinesisException.class,
            () -> StreamAddress.streamName(input("t", ARN), CONFIG));
        assertEquals(ErrorCode.INVALID_ARGUMENT, error.code());
        assertEquals("StreamARN " + ARN + " and StreamName t name different streams.", error.getMessage());
    }

    @Test
    void shouldRejectARequestNamingNoStream() {
        KinesisException error = assertThrows(KinesisException.class,
            () -> StreamAddress.streamName(input(null, null), CONFIG));
        assertEquals(ErrorCode.INVALID_ARGUMENT, error.code());
        assertEquals("Either StreamName or StreamARN must be provided.", error.getMessage());
    }

    @Test
    void shouldRejectAnArnThatNamesNoStream() {
        KinesisException error = assertThrows(KinesisException.class,
            () -> StreamAddress.fromArn("arn:aws:kinesis:us-east-1:000000000000:consumer/c", CONFIG));
        assertEquals(ErrorCode.INVALID_ARGUMENT, error.code());
        assertEquals("Invalid StreamARN arn:aws:kinesis:us-east-1:000000000000:consumer/c.", error.getMessage());
    }

    private static Input input(String streamName, String streamArn) {
        ObjectNode members = JSON.createObjectNode();
        if (streamName != null) {
            members.put("StreamName", streamName);
        }
        if (streamArn != null) {
            members.put("StreamARN", streamArn);
        }
        return new Input(members);
    }

    /** The same rules through a real server, where the ARN reaches the operations. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OverTheWire {
        private static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/kinesis/aws4_request,"
            + " SignedHeaders=host;x-amz-date, Signature=abc";
        private TestServer server;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        @BeforeAll
        void startServer() throws IOException, InterruptedException {
            server = TestServer.start();
            assertEquals(200, call("CreateStream", "{\"StreamName\":\"addressed\",\"ShardCount\":1}").statusCode());
        }

        @AfterAll
        void stopServer() {
            server.close();
        }

        @Test
        void shouldDescribeAStreamNamedByItsArn() throws IOException, InterruptedException {
            HttpResponse<String> response = call("DescribeStreamSummary",
                "{\"StreamARN\":\"arn:aws:kinesis:us-east-1:000000000000:stream/addressed\"}");

            assertEquals(200, response.statusCode());
            JsonNode summary = JSON.readTree(response.body()).get("StreamDescriptionSummary");
            assertEquals("addressed", summary.get("StreamName").textValue());
            assertEquals("arn:aws:kinesis:us-east-1:000000000000:stream/addressed", summary.get("StreamARN").textValue());
        }

        @Test
        void shouldPutToAStreamNamedByNameAndArn() throws IOException, InterruptedException {
            HttpResponse<String> response = call("PutRecord", "{\"StreamName\":\"addressed\","
                + "\"StreamARN\":\"arn:aws:kinesis:us-east-1:000000000000:stream/addressed\",\"Data\":\"\",\"PartitionKey\":\"k\"}");

            assertEquals(200, response.statusCode());
        }

        @Test
        void shouldAnswerAnArnOfAnotherAccountWithResourceNotFound() throws IOException, InterruptedException {
            HttpResponse<String> response = call("DescribeStreamSummary",
                "{\"StreamARN\":\"arn:aws:kinesis:us-east-1:111111111111:stream/addressed\"}");

            assertEquals(400, response.statusCode());
            assertEquals(error("ResourceNotFoundException", "Stream addressed under account 111111111111 not found."),
                JSON.readTree(response.body()));
        }

        @Test
        void shouldAnswerANameAndArnThatDisagreeWithInvalidArgument() throws IOException, InterruptedException {
            HttpResponse<String> response = call("PutRecord", "{\"StreamName\":\"other\","
                + "\"StreamARN\":\"arn:aws:kinesis:us-east-1:000000000000:stream/addressed\",\"Data\":\"\",\"PartitionKey\":\"k\"}");

            assertEquals(400, response.statusCode());
            assertEquals(error("InvalidArgumentException", "StreamARN arn:aws:kinesis:us-east-1:000000000000:stream/addressed"
                + " and StreamName other name different streams."), JSON.readTree(response.body()));
        }

        @Test
        void shouldAnswerARequestNamingNoStreamWithInvalidArgument() throws IOException, InterruptedException {
            HttpResponse<String> response = call("DescribeStreamSummary", "{}");

            assertEquals(400, response.statusCode());
            assertEquals(error("InvalidArgumentException", "Either StreamName or StreamARN must be provided."),
                JSON.readTree(response.body()));
        }

        @Test
        void shouldRejectGetRecordsWhoseArnIsNotTheIteratorsStream() throws IOException, InterruptedException {
            assertEquals(200, call("CreateStream", "{\"StreamName\":\"elsewhere\",\"ShardCount\":1}").statusCode());
            String iterator = JSON.readTree(call("GetShardIterator", "{\"StreamName\":\"addressed\","
                + "\"ShardId\":\"shardId-000000000000\",\"ShardIteratorType\":\"LATEST\"}").body()).get("ShardIterator").textValue();

            HttpResponse<String> response = call("GetRecords", JSON.createObjectNode().put("ShardIterator", iterator)
                .put("StreamARN", "arn:aws:kinesis:us-east-1:000000000000:stream/elsewhere").toString());

            assertEquals(400, response.statusCode());
            assertEquals(error("InvalidArgumentException", "The StreamARN does not name the stream of the ShardIterator."),
                JSON.readTree(response.body()));
        }

        private HttpResponse<String> call(String operation, String body) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(server.endpoint())
                .header("X-Amz-Target", "Kinesis_20131202." + operation)
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("Authorization", AUTHORIZATION)
                .header("X-Amz-Date", "20260101T000000Z")
                .POST(BodyPublishers.ofString(body))
                .build(), BodyHandlers.ofString());
        }

        private static ObjectNode error(String type, String message) {
            return JSON.createObjectNode().put("__type", type).put("message", message);
        }
    }
}
