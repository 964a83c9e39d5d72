package io.tributary.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.KinesisException;

/**
 * Identity and resource policies through the real SDK: allow, implicit deny, explicit deny in
 * either kind of policy, Action wildcards and NotAction, consumer ARNs, cross-account access
 * granted by a resource policy, and resource policies that Kinesis would refuse.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicySdkTest {
    private static final String ARN_PREFIX = "arn:aws:kinesis:us-east-1:000000000000:stream/";
    private static final String ALICE = "arn:aws:iam::000000000000:user/alice";
    private static final String BOB = "arn:aws:iam::111122223333:user/bob";
    private TestServer server;
    private KinesisClient alice;
    private KinesisClient reader;
    private KinesisClient nobody;
    private KinesisClient writer;
    private KinesisClient carol;
    private KinesisClient bob;

    @BeforeAll
    void start() {
        String file = Credentials.file(
            Credentials.identity("AKIAALICE", "a", Credentials.ACCOUNT, ALICE, null, Credentials.allowAll(),
                statement("Deny", "\"kinesis:DeleteStream\"", ARN_PREFIX + "protected")),
            Credentials.identity("AKIAREADER", "r", Credentials.ACCOUNT, "arn:aws:iam::000000000000:user/reader", null,
                statement("Allow", "[\"kinesis:Get*\",\"kinesis:Describe*\",\"kinesis:List*\"]", ARN_PREFIX + "*")),
            Credentials.identity("AKIANOBODY", "n", Credentials.ACCOUNT, "arn:aws:iam::000000000000:user/nobody", null),
            Credentials.identity("AKIAWRITER", "w", Credentials.ACCOUNT, "arn:aws:iam::000000000000:role/writer", null,
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"NotAction\":\"kinesis:Delete*\","
                    + "\"Resource\":\"*\"}}"),
            Credentials.identity("AKIACAROL", "c", Credentials.ACCOUNT, "arn:aws:iam::000000000000:user/carol", null),
            Credentials.identity("AKIABOB", "b", Credentials.OTHER_ACCOUNT, BOB, null, Credentials.allowAll()));
        server = TestServer.start("--auth", "sigv4", "--credentials-file", Credentials.write("credentials.json", file).toString());
        alice = client("AKIAALICE", "a");
        reader = client("AKIAREADER", "r");
        nobody = client("AKIANOBODY", "n");
        writer = client("AKIAWRITER", "w");
        carol = client("AKIACAROL", "c");
        bob = client("AKIABOB", "b");
        for (String stream : List.of("orders", "protected", "shared")) {
            alice.createStream(request -> request.streamName(stream).shardCount(1));
            alice.waiter().waitUntilStreamExists(request -> request.streamName(stream));
        }
    }

    @AfterAll
    void stop() {
        for (KinesisClient client : List.of(alice, reader, nobody, writer, carol, bob)) {
            client.close();
        }
        server.close();
    }

    @Test
    void shouldAllowWhatAnIdentityPolicyAllows() {
        put(alice, "orders");
        assertTrue(reader.describeStreamSummary(request -> request.streamName("orders")).streamDescriptionSummary()
            .streamARN().endsWith("stream/orders"));
        put(writer, "orders");
    }

    @Test
    void shouldDenyImplicitlyWhatNoPolicyAllows() {
        assertDenied("User: arn:aws:iam::000000000000:user/reader is not authorized to perform: kinesis:PutRecord on resource: "
            + ARN_PREFIX + "orders because no identity-based policy allows the kinesis:PutRecord action", () -> put(reader, "orders"));
        assertDenied("User: arn:aws:iam::000000000000:user/nobody is not authorized to perform: kinesis:ListStreams on resource: *"
            + " because no identity-based policy allows the kinesis:ListStreams action", nobody::listStreams);
        assertDenied("User: arn:aws:iam::000000000000:role/writer is not authorized to perform: kinesis:DeleteStream on resource: "
            + ARN_PREFIX + "orders because no identity-based policy allows the kinesis:DeleteStream action",
            () -> writer.deleteStream(request -> request.streamName("orders")));
    }

    @Test
    void shouldLetAnExplicitDenyWin() {
        assertDenied("User: " + ALICE + " is not authorized to perform: kinesis:DeleteStream on resource: " + ARN_PREFIX
            + "protected with an explicit deny in an identity-based policy", () -> alice.deleteStream(request -> request.streamName("protected")));
    }

    @Test
    void shouldCheckConsumerOperationsAgainstTheConsumerArn() throws InterruptedException {
        String consumerArn = alice.registerStreamConsumer(request -> request.streamARN(ARN_PREFIX + "orders").consumerName("c1"))
            .consumer().consumerARN();
        awaitActive(consumerArn);
        assertEquals("c1", reader.describeStreamConsumer(request -> request.consumerARN(consumerArn)).consumerDescription()
            .consumerName());
        assertDenied("User: arn:aws:iam::000000000000:user/reader is not authorized to perform: kinesis:DeregisterStreamConsumer"
            + " on resource: " + consumerArn + " because no identity-based policy allows the kinesis:DeregisterStreamConsumer action",
            () -> reader.deregisterStreamConsumer(request -> request.consumerARN(consumerArn)));
    }

    @Test
    void shouldLetAResourcePolicyGrantAnotherAccountAndAPrincipalOfTheSameAccount() {
        String shared = ARN_PREFIX + "shared";
        assertDenied("User: " + BOB + " is not authorized to perform: kinesis:PutRecord on resource: " + shared
            + " because no resource-based policy allows the kinesis:PutRecord action", () -> put(bob, "shared"));
        alice.putResourcePolicy(request -> request.resourceARN(shared).policy(resourcePolicy(
            "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"" + BOB + "\",\"arn:aws:iam::000000000000:user/carol\"]},"
                + "\"Action\":[\"kinesis:PutRecord\",\"kinesis:DescribeStreamSummary\"],\"Resource\":\"" + shared + "\"}",
            "{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:user/reader\"},"
                + "\"Action\":\"kinesis:Describe*\",\"Resource\":\"" + shared + "\"}")));
        put(bob, "shared");
        put(carol, "shared");
        assertDenied("User: " + BOB + " is not authorized to perform: kinesis:GetShardIterator on resource: " + shared
            + " because no resource-based policy allows the kinesis:GetShardIterator action",
            () -> bob.getShardIterator(request -> request.streamARN(shared).shardId("shardId-000000000000")
                .shardIteratorType("TRIM_HORIZON")));
        assertDenied("User: arn:aws:iam::000000000000:user/reader is not authorized to perform: kinesis:DescribeStreamSummary on"
            + " resource: " + shared + " with an explicit deny in a resource-based policy",
            () -> reader.describeStreamSummary(request -> request.streamARN(shared)));
        assertTrue(alice.getResourcePolicy(request -> request.resourceARN(shared)).policy().contains(BOB));
        alice.deleteResourcePolicy(request -> request.resourceARN(shared));
        assertDenied("User: " + BOB + " is not authorized to perform: kinesis:PutRecord on resource: " + shared
            + " because no resource-based policy allows the kinesis:PutRecord action", () -> put(bob, "shared"));
        KinesisException none = assertThrows(KinesisException.class, () -> alice.getResourcePolicy(request -> request.resourceARN(shared)));
        assertEquals("ResourceNotFoundException", none.awsErrorDetails().errorCode());
    }

    @Test
    void shouldLeaveASameAccountPrincipalNamedOnlyByItsAccountToItsIdentityPolicies() {
        String protectedArn = ARN_PREFIX + "protected";
        alice.putResourcePolicy(request -> request.resourceARN(protectedArn).policy(resourcePolicy(
            "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:root\"},"
                + "\"Action\":\"kinesis:PutRecord\",\"Resource\":\"" + protectedArn + "\"}")));
        try {
            assertDenied("User: arn:aws:iam::000000000000:user/nobody is not authorized to perform: kinesis:PutRecord on resource: "
                + protectedArn + " because no identity-based policy allows the kinesis:PutRecord action", () -> put(nobody, "protected"));
            put(alice, "protected");
        } finally {
            alice.deleteResourcePolicy(request -> request.resourceARN(protectedArn));
        }
    }

    @Test
    void shouldRefuseResourcePoliciesKinesisWouldRefuse() {
        String orders = ARN_PREFIX + "orders";
        assertInvalid("Invalid policy document: the policy is not valid JSON.", orders, "{not json");
        assertInvalid("Invalid policy document: each resource policy Statement needs a Principal.", orders,
            resourcePolicy("{\"Effect\":\"Allow\",\"Action\":\"kinesis:PutRecord\",\"Resource\":\"" + orders + "\"}"));
        assertInvalid("Invalid policy document: a resource policy must not grant access to every principal (\"*\"), which would"
            + " make the resource public.", orders,
            resourcePolicy("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kinesis:PutRecord\",\"Resource\":\"" + orders + "\"}"));
        assertInvalid("Invalid policy document: Invalid principal in policy: bob.", orders,
            resourcePolicy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"bob\"},\"Action\":\"kinesis:PutRecord\"}"));
        assertInvalid("Invalid policy document: a resource policy may only name kinesis: actions.", orders,
            resourcePolicy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"s3:GetObject\"}"));
        assertInvalid("Invalid policy document: each Statement needs an Effect of Allow or Deny.", orders,
            resourcePolicy("{\"Effect\":\"Maybe\",\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"kinesis:PutRecord\"}"));
        put(alice, "orders");
    }

    private void assertInvalid(String message, String arn, String policy) {
        KinesisException error = assertThrows(KinesisException.class,
            () -> alice.putResourcePolicy(request -> request.resourceARN(arn).policy(policy)));
        assertEquals("InvalidArgumentException", error.awsErrorDetails().errorCode());
        assertEquals(message, error.awsErrorDetails().errorMessage());
    }

    private void awaitActive(String consumerArn) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (alice.describeStreamConsumer(request -> request.consumerARN(consumerArn)).consumerDescription().consumerStatus()
                == ConsumerStatus.ACTIVE) {
                return;
            }
            Thread.sleep(50);
        }
    }

    private static void put(KinesisClient client, String stream) {
        client.putRecord(request -> request.streamARN(ARN_PREFIX + stream).partitionKey("k").data(SdkBytes.fromUtf8String("x")));
    }

    private static void assertDenied(String message, Executable call) {
        KinesisException error = assertThrows(KinesisException.class, call);
        assertEquals("AccessDeniedException", error.awsErrorDetails().errorCode());
        assertEquals(message, error.awsErrorDetails().errorMessage());
        assertEquals(400, error.statusCode());
    }

    private KinesisClient client(String key, String secret) {
        return Clients.syncAs(server.endpoint(), AwsBasicCredentials.create(key, secret));
    }

    private static String statement(String effect, String actions, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Action\":" + actions
            + ",\"Resource\":\"" + resource + "\"}]}";
    }

    private static String resourcePolicy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }
}
