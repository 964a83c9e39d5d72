package io.tributary.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.Clients;
import io.tributary.http.support.ShardSubscriber;
import io.tributary.http.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;

/**
 * {@code --auth sigv4} through the real SDK: right credentials work over HTTP/1.1 and HTTP/2
 * (SubscribeToShard included), and wrong, unknown, missing, expired and malformed signatures get
 * the errors Kinesis gives, without harming the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SigV4AuthenticationSdkTest {
    private TestServer server;
    private KinesisClient alice;

    @BeforeAll
    void start() {
        String file = Credentials.file(
            Credentials.identity("AKIAALICE", "alice-secret", Credentials.ACCOUNT, "arn:aws:iam::000000000000:user/alice", null,
                Credentials.allowAll()),
            Credentials.identity("ASIATEMP", "temp-secret", Credentials.ACCOUNT,
                "arn:aws:sts::000000000000:assumed-role/writer/s1", "session-token-1", Credentials.allowAll()));
        server = TestServer.start("--auth", "sigv4", "--credentials-file", Credentials.write("credentials.json", file).toString());
        alice = Clients.syncAs(server.endpoint(), AwsBasicCredentials.create("AKIAALICE", "alice-secret"));
        alice.createStream(request -> request.streamName("signed").shardCount(1));
        alice.waiter().waitUntilStreamExists(request -> request.streamName("signed"));
    }

    @AfterAll
    void stop() {
        alice.close();
        server.close();
    }

    @Test
    void shouldServeRequestsSignedWithTheRightCredentials() {
        alice.putRecord(request -> request.streamName("signed").partitionKey("k").data(SdkBytes.fromUtf8String("hello")));
        String iterator = alice.getShardIterator(request -> request.streamName("signed").shardId("shardId-000000000000")
            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        assertTrue(alice.getRecords(request -> request.shardIterator(iterator)).records().stream()
            .anyMatch(record -> record.data().asUtf8String().equals("hello")));
    }

    @Test
    void shouldServeSessionCredentialsWithTheirToken() {
        try (KinesisClient session = Clients.syncAs(server.endpoint(),
            AwsSessionCredentials.create("ASIATEMP", "temp-secret", "session-token-1"))) {
            assertTrue(session.listStreams().streamNames().contains("signed"));
        }
        try (KinesisClient stolen = Clients.syncAs(server.endpoint(), AwsSessionCredentials.create("ASIATEMP", "temp-secret", "other"))) {
            assertError("UnrecognizedClientException", "The security token included in the request is invalid.",
                assertThrows(KinesisException.class, stolen::listStreams));
        }
    }

    @Test
    void shouldVerifyHttp2RequestsAndTheSignedSubscribeToShardRequest() throws Exception {
        try (KinesisAsyncClient async = Clients.asyncAs(server.endpoint(), AwsBasicCredentials.create("AKIAALICE", "alice-secret"))) {
            String streamArn = async.describeStreamSummary(request -> request.streamName("signed")).get()
                .streamDescriptionSummary().streamARN();
            String consumerArn = async.registerStreamConsumer(request -> request.streamARN(streamArn).consumerName("h2"))
                .get().consumer().consumerARN();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (async.describeStreamConsumer(request -> request.consumerARN(consumerArn)).get()
                .consumerDescription().consumerStatus() != ConsumerStatus.ACTIVE && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            alice.putRecord(request -> request.streamName("signed").partitionKey("k").data(SdkBytes.fromUtf8String("pushed")));
            ShardSubscriber subscriber = ShardSubscriber.start(async, consumerArn, "shardId-000000000000",
                StartingPosition.builder().type(ShardIteratorType.TRIM_HORIZON).build());
            subscriber.awaitRecords(1, 30);
            subscriber.cancel();
            assertTrue(subscriber.records().stream().anyMatch(record -> record.data().asUtf8String().equals("pushed")));
        }
    }

    @Test
    void shouldRejectAWrongSecretWithInvalidSignatureException() {
        try (KinesisClient wrong = Clients.syncAs(server.endpoint(), AwsBasicCredentials.create("AKIAALICE", "guessed"))) {
            assertError("InvalidSignatureException", SigV4Verifier.SIGNATURE_MISMATCH, assertThrows(KinesisException.class, wrong::listStreams));
        }
    }

    @Test
    void shouldRejectAnUnknownAccessKeyWithUnrecognizedClientException() {
        try (KinesisClient unknown = Clients.syncAs(server.endpoint(), AwsBasicCredentials.create("AKIANOBODY", "x"))) {
            assertError("UnrecognizedClientException", "The security token included in the request is invalid.",
                assertThrows(KinesisException.class, unknown::listStreams));
        }
    }

    @Test
    void shouldAnswerMissingAuthenticationTokenWithoutSignature() throws Exception {
        HttpResponse<String> response = SignedHttp.sendUnsigned(server.endpoint(), "ListStreams", null, "{}");
        assertAwsError(response, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    @Test
    void shouldRejectARequestSignedWithASkewedClock() throws Exception {
        Clock skewed = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20));
        SdkHttpRequest signed = SdkSigner.sign(SdkSigner.kinesisPost(server.endpoint(), "ListStreams", Map.of()), "{}",
            SdkSigner.credentials("AKIAALICE", "alice-secret"), skewed, false, SdkSigner.REGION);
        HttpResponse<String> response = SignedHttp.send(signed, "{}");
        assertEquals(400, response.statusCode());
        JsonObject error = new JsonObject(response.body());
        assertEquals("InvalidSignatureException", error.getString("__type"));
        assertTrue(error.getString("message").matches("Signature expired: \\d{8}T\\d{6}Z is now earlier than \\d{8}T\\d{6}Z"
            + " \\(\\d{8}T\\d{6}Z - 15 min\\.\\)"), error.getString("message"));
    }

    @Test
    void shouldServeAPresignedRequestAndRefuseItAltered() throws Exception {
        SdkHttpRequest signed = SdkSigner.sign(SdkSigner.kinesisPost(server.endpoint(), "ListStreams", Map.of()), "{}",
            SdkSigner.credentials("AKIAALICE", "alice-secret"), Clock.systemUTC(), true, SdkSigner.REGION);
        HttpResponse<String> response = SignedHttp.send(signed, "{}");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(new JsonObject(response.body()).getJsonArray("StreamNames").contains("signed"));
        HttpResponse<String> altered = SignedHttp.send(signed, "{\"Limit\":1}");
        assertAwsError(altered, "InvalidSignatureException", SigV4Verifier.SIGNATURE_MISMATCH);
    }

    @Test
    void shouldAnswerMalformedSignaturesWithAwsErrorsAndKeepServing() throws Exception {
        assertAwsError(SignedHttp.sendUnsigned(server.endpoint(), "ListStreams", "AWS4-HMAC-SHA256 garbage", "{}"),
            "IncompleteSignatureException", "Authorization header requires 'Credential' parameter. Authorization header requires"
                + " 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256"
                + " garbage");
        assertAwsError(SignedHttp.sendUnsigned(server.endpoint(), "ListStreams",
                "AWS4-HMAC-SHA256 Credential=AKIAALICE/" + SignedHttp.AMZ_DATE.format(java.time.Instant.now()).substring(0, 8)
                    + "/us-east-1/kinesis/aws4_request, SignedHeaders=host;x-amz-date,"
                    + " Signature=zz", "{}"),
            "InvalidSignatureException", SigV4Verifier.SIGNATURE_MISMATCH);
        assertAwsError(SignedHttp.sendUnsigned(server.endpoint(), "ListStreams", "AWS4-HMAC-SHA256 Credential=AKIAALICE,"
                + " SignedHeaders=host, Signature=00", "{}"),
            "IncompleteSignatureException", "Credential must have exactly 5 slash-delimited elements, e.g."
                + " keyid/date/region/service/term, got 'AKIAALICE'");
        assertTrue(alice.listStreams().streamNames().contains("signed"));
    }

    private static void assertError(String type, String message, KinesisException error) {
        assertEquals(type, error.awsErrorDetails().errorCode());
        assertEquals(message, error.awsErrorDetails().errorMessage());
        assertEquals(400, error.statusCode());
    }

    private static void assertAwsError(HttpResponse<String> response, String type, String message) {
        assertEquals(400, response.statusCode(), response.body());
        JsonObject error = new JsonObject(response.body());
        assertEquals(type, error.getString("__type"));
        assertEquals(message, error.getString("message"));
    }
}
