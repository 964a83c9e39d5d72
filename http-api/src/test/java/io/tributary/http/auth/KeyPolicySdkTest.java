package io.tributary.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.http.support.Clients;
import io.tributary.http.support.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Key policies with authentication on: the principal that signed the request must be named in the
 * key's policy for {@code kms:GenerateDataKey} to start encryption and to put, and for
 * {@code kms:Decrypt} to read. Every caller here has an identity policy that allows all of Kinesis,
 * so each refusal is the key's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyPolicySdkTest {
    private static final String KEY_ID = "3f2b6a8e-4c1d-4e5f-9a7b-1c2d3e4f5a6b";
    private static final String KEY_ARN = "arn:aws:kms:us-east-1:000000000000:key/" + KEY_ID;
    private static final String PRODUCER = "arn:aws:iam::000000000000:user/producer";
    private static final String CONSUMER = "arn:aws:iam::000000000000:role/consumer";
    private static final String OUTSIDER = "arn:aws:iam::000000000000:user/outsider";

    private TestServer server;
    private KinesisClient producer;
    private KinesisClient consumer;
    private KinesisClient outsider;

    @BeforeAll
    void start() {
        String credentials = Credentials.file(
            Credentials.identity("AKIAPRODUCER", "p", Credentials.ACCOUNT, PRODUCER, null, Credentials.allowAll()),
            Credentials.identity("AKIACONSUMER", "c", Credentials.ACCOUNT, CONSUMER, null, Credentials.allowAll()),
            Credentials.identity("AKIAOUTSIDER", "o", Credentials.ACCOUNT, OUTSIDER, null, Credentials.allowAll()));
        String keys = "{\"keys\":[{\"keyId\":\"" + KEY_ID + "\",\"aliases\":[\"alias/orders\"],\"state\":\"Enabled\","
            + "\"policy\":{\"kms:GenerateDataKey\":[\"" + PRODUCER + "\"],"
            + "\"kms:Decrypt\":[\"" + PRODUCER + "\",\"" + CONSUMER + "\"]}}]}";
        server = TestServer.start("--auth", "sigv4",
            "--credentials-file", Credentials.write("credentials.json", credentials).toString(),
            "--keys-file", Credentials.write("keys.json", keys).toString());
        producer = Clients.syncAs(server.endpoint(), AwsBasicCredentials.create("AKIAPRODUCER", "p"));
        consumer = Clients.syncAs(server.endpoint(), AwsBasicCredentials.create("AKIACONSUMER", "c"));
        outsider = Clients.syncAs(server.endpoint(), AwsBasicCredentials.create("AKIAOUTSIDER", "o"));
        producer.createStream(request -> request.streamName("orders").shardCount(1));
        producer.waiter().waitUntilStreamExists(request -> request.streamName("orders"));
    }

    @AfterAll
    void stop() {
        for (KinesisClient client : List.of(producer, consumer, outsider)) {
            client.close();
        }
        server.close();
    }

    @Test
    void shouldEnforceTheKeyPolicyOnStartPutAndRead() {
        assertKeyDenied(OUTSIDER, "kms:GenerateDataKey", () -> outsider.startStreamEncryption(request -> request
            .streamName("orders").encryptionType(EncryptionType.KMS).keyId("alias/orders")));

        producer.startStreamEncryption(request -> request.streamName("orders").encryptionType(EncryptionType.KMS)
            .keyId("alias/orders"));
        producer.waiter().waitUntilStreamExists(request -> request.streamName("orders"));
        assertEquals(EncryptionType.KMS, producer.putRecord(request -> request.streamName("orders").partitionKey("k")
            .data(SdkBytes.fromUtf8String("sealed"))).encryptionType());

        assertKeyDenied(CONSUMER, "kms:GenerateDataKey", () -> consumer.putRecord(request -> request
            .streamName("orders").partitionKey("k").data(SdkBytes.fromUtf8String("refused"))));

        assertEquals("sealed", read(consumer).get(0).data().asUtf8String());
        assertKeyDenied(OUTSIDER, "kms:Decrypt", () -> read(outsider));
    }

    private static List<software.amazon.awssdk.services.kinesis.model.Record> read(KinesisClient client) {
        String iterator = client.getShardIterator(request -> request.streamName("orders").shardId("shardId-000000000000")
            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        return client.getRecords(request -> request.shardIterator(iterator)).records();
    }

    private static void assertKeyDenied(String principal, String action, Executable call) {
        KinesisException error = assertThrows(KinesisException.class, call);
        assertEquals("KMSAccessDeniedException", error.awsErrorDetails().errorCode());
        assertEquals("User: " + principal + " is not authorized to perform: " + action + " on resource: " + KEY_ARN
            + " because no resource-based policy allows the " + action + " action", error.awsErrorDetails().errorMessage());
        assertEquals(400, error.statusCode());
    }
}
