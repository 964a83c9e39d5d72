package io.tributary.http.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.engine.kms.KeyState;
import io.tributary.http.support.Clients;
import io.tributary.http.support.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.KmsDisabledException;
import software.amazon.awssdk.services.kinesis.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kinesis.model.KmsNotFoundException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescription;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/**
 * Start/StopStreamEncryption through the real SDK: the key forms Kinesis takes, EncryptionType and
 * KeyId in every answer that has them, and each KMS error with its text. Keys come from a keys file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamEncryptionSdkTest {
    static final String ORDERS_KEY = "3f2b6a8e-4c1d-4e5f-9a7b-1c2d3e4f5a6b";
    static final String DISABLED_KEY = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d";
    static final String DELETING_KEY = "7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f";
    static final String UNKNOWN_KEY = "00000000-1111-4222-8333-444444444444";
    static final String KEY_ARN_PREFIX = "arn:aws:kms:us-east-1:000000000000:key/";
    static final String ALIAS_ARN_PREFIX = "arn:aws:kms:us-east-1:000000000000:";

    private Path keysFile;
    private TestServer server;
    private KinesisClient kinesis;

    @BeforeAll
    void start() throws IOException {
        keysFile = Files.createTempFile("tributary-keys", ".json");
        Files.writeString(keysFile, keysJson());
        server = TestServer.start("--keys-file", keysFile.toString());
        kinesis = Clients.syncWithoutRetries(server.endpoint());
    }

    @AfterAll
    void stop() throws IOException {
        kinesis.close();
        server.close();
        Files.deleteIfExists(keysFile);
    }

    static String keysJson() {
        return """
            {"keys": [
              {"keyId": "%s", "aliases": ["alias/orders"]},
              {"keyId": "%s", "state": "Disabled"},
              {"keyId": "%s", "state": "PendingDeletion"}
            ]}""".formatted(ORDERS_KEY, DISABLED_KEY, DELETING_KEY);
    }

    @Test
    void shouldEncryptWithTheManagedKeyAndSayKmsInEveryAnswer() {
        createStream("managed");
        String before = kinesis.putRecord(request -> request.streamName("managed").partitionKey("p").data(bytes("before")))
            .sequenceNumber();
        kinesis.startStreamEncryption(request -> request.streamName("managed").encryptionType(EncryptionType.KMS)
            .keyId("alias/aws/kinesis"));

        StreamDescription description = kinesis.describeStream(request -> request.streamName("managed")).streamDescription();
        assertEquals(EncryptionType.KMS, description.encryptionType());
        assertEquals("alias/aws/kinesis", description.keyId());
        StreamDescriptionSummary summary = kinesis.describeStreamSummary(request -> request.streamName("managed"))
            .streamDescriptionSummary();
        assertEquals(EncryptionType.KMS, summary.encryptionType());
        assertEquals("alias/aws/kinesis", summary.keyId());

        assertEquals(EncryptionType.KMS, kinesis.putRecord(request -> request.streamName("managed").partitionKey("p")
            .data(bytes("during"))).encryptionType());
        assertEquals(EncryptionType.KMS, kinesis.putRecords(request -> request.streamName("managed").records(
            PutRecordsRequestEntry.builder().partitionKey("p").data(bytes("during-batch")).build())).encryptionType());

        kinesis.stopStreamEncryption(request -> request.streamName("managed").encryptionType(EncryptionType.KMS)
            .keyId("alias/aws/kinesis"));
        StreamDescriptionSummary stopped = kinesis.describeStreamSummary(request -> request.streamName("managed"))
            .streamDescriptionSummary();
        assertEquals(EncryptionType.NONE, stopped.encryptionType());
        assertNull(stopped.keyId());
        assertEquals(EncryptionType.NONE, kinesis.putRecord(request -> request.streamName("managed").partitionKey("p")
            .data(bytes("after"))).encryptionType());

        List<Record> records = readAll("managed", before);
        assertEquals(List.of("before", "during", "during-batch", "after"), records.stream().map(r -> r.data().asUtf8String()).toList());
        assertEquals(java.util.Arrays.asList(null, EncryptionType.KMS, EncryptionType.KMS, null),
            records.stream().map(Record::encryptionType).toList(), "each record says how it was written");
    }

    @Test
    void shouldTakeTheKeyByIdArnAliasNameAndAliasArn() {
        List<String> forms = List.of(ORDERS_KEY, KEY_ARN_PREFIX + ORDERS_KEY, "alias/orders", ALIAS_ARN_PREFIX + "alias/orders");
        for (int i = 0; i < forms.size(); i++) {
            String stream = "forms-" + i;
            String keyId = forms.get(i);
            createStream(stream);
            kinesis.startStreamEncryption(request -> request.streamName(stream).encryptionType(EncryptionType.KMS).keyId(keyId));
            assertEquals(keyId, kinesis.describeStreamSummary(request -> request.streamName(stream)).streamDescriptionSummary().keyId());
            assertEquals(EncryptionType.KMS, kinesis.putRecord(request -> request.streamName(stream).partitionKey("p")
                .data(bytes("x"))).encryptionType());
        }
    }

    @Test
    void shouldRejectAnUnknownKeyWithKmsNotFound() {
        createStream("unknown-key");
        KmsNotFoundException byId = assertThrows(KmsNotFoundException.class, () -> start("unknown-key", UNKNOWN_KEY));
        assertEquals("Key '" + KEY_ARN_PREFIX + UNKNOWN_KEY + "' does not exist", byId.awsErrorDetails().errorMessage());
        assertEquals(400, byId.statusCode());
        KmsNotFoundException byAlias = assertThrows(KmsNotFoundException.class, () -> start("unknown-key", "alias/nobody"));
        assertEquals("Alias " + ALIAS_ARN_PREFIX + "alias/nobody is not found.", byAlias.awsErrorDetails().errorMessage());
        KmsNotFoundException otherAccount = assertThrows(KmsNotFoundException.class,
            () -> start("unknown-key", "arn:aws:kms:us-east-1:111111111111:key/" + ORDERS_KEY));
        assertEquals("Key 'arn:aws:kms:us-east-1:111111111111:key/" + ORDERS_KEY + "' does not exist",
            otherAccount.awsErrorDetails().errorMessage());
        assertEquals(EncryptionType.NONE, summary("unknown-key").encryptionType(), "a refused start changes nothing");
    }

    @Test
    void shouldRejectKeyIdsOfNoKnownForm() {
        createStream("bad-key-form");
        KmsNotFoundException malformed = assertThrows(KmsNotFoundException.class, () -> start("bad-key-form", "not a key"));
        assertEquals("Invalid keyId not a key", malformed.awsErrorDetails().errorMessage());
        KinesisException empty = assertThrows(KinesisException.class, () -> start("bad-key-form", ""));
        assertEquals("ValidationException", empty.awsErrorDetails().errorCode());
        assertEquals("1 validation error detected: Value '' at 'keyId' failed to satisfy constraint: Member must have length"
            + " greater than or equal to 1", empty.awsErrorDetails().errorMessage());
        String tooLong = "k".repeat(2049);
        KinesisException overLong = assertThrows(KinesisException.class, () -> start("bad-key-form", tooLong));
        assertEquals("ValidationException", overLong.awsErrorDetails().errorCode());
        assertEquals("1 validation error detected: Value '" + tooLong + "' at 'keyId' failed to satisfy constraint: Member must"
            + " have length less than or equal to 2048", overLong.awsErrorDetails().errorMessage());
    }

    @Test
    void shouldRejectEncryptionTypesOtherThanKms() {
        createStream("wrong-type");
        InvalidArgumentException none = assertThrows(InvalidArgumentException.class, () -> kinesis.startStreamEncryption(request -> request
            .streamName("wrong-type").encryptionType(EncryptionType.NONE).keyId(ORDERS_KEY)));
        assertEquals("Encryption type NONE is not supported. The only valid encryption type is KMS.", none.awsErrorDetails().errorMessage());
        assertThrows(InvalidArgumentException.class, () -> kinesis.stopStreamEncryption(request -> request
            .streamName("wrong-type").encryptionType(EncryptionType.NONE).keyId(ORDERS_KEY)));
        KinesisException unknown = assertThrows(KinesisException.class, () -> kinesis.startStreamEncryption(request -> request
            .streamName("wrong-type").encryptionType("AES").keyId(ORDERS_KEY)));
        assertEquals("ValidationException", unknown.awsErrorDetails().errorCode());
    }

    @Test
    void shouldRejectADisabledKeyAndOnePendingDeletion() {
        createStream("bad-state");
        KmsDisabledException disabled = assertThrows(KmsDisabledException.class, () -> start("bad-state", DISABLED_KEY));
        assertEquals(KEY_ARN_PREFIX + DISABLED_KEY + " is disabled.", disabled.awsErrorDetails().errorMessage());
        KmsInvalidStateException deleting = assertThrows(KmsInvalidStateException.class, () -> start("bad-state", DELETING_KEY));
        assertEquals(KEY_ARN_PREFIX + DELETING_KEY + " is pending deletion.", deleting.awsErrorDetails().errorMessage());
    }

    @Test
    void shouldRefusePutsAndGetsWhileTheStreamsKeyIsDisabled() {
        String key = server.server().engine().keys().keys().stream()
            .filter(candidate -> candidate.keyId().equals(ORDERS_KEY)).findFirst().orElseThrow().keyId();
        createStream("key-disabled");
        start("key-disabled", "alias/orders");
        String first = kinesis.putRecord(request -> request.streamName("key-disabled").partitionKey("p").data(bytes("one")))
            .sequenceNumber();
        String iterator = iteratorAt("key-disabled", first);
        server.server().engine().keys().setState(key, KeyState.DISABLED);
        try {
            KmsDisabledException put = assertThrows(KmsDisabledException.class, () -> kinesis.putRecord(request -> request
                .streamName("key-disabled").partitionKey("p").data(bytes("two"))));
            assertEquals(KEY_ARN_PREFIX + ORDERS_KEY + " is disabled.", put.awsErrorDetails().errorMessage());
            assertThrows(KmsDisabledException.class, () -> kinesis.putRecords(request -> request.streamName("key-disabled")
                .records(PutRecordsRequestEntry.builder().partitionKey("p").data(bytes("two")).build())));
            KmsDisabledException get = assertThrows(KmsDisabledException.class, () -> kinesis.getRecords(request -> request
                .shardIterator(iterator)));
            assertEquals(KEY_ARN_PREFIX + ORDERS_KEY + " is disabled.", get.awsErrorDetails().errorMessage());
        } finally {
            server.server().engine().keys().setState(key, KeyState.ENABLED);
        }
        assertEquals("one", kinesis.getRecords(request -> request.shardIterator(iterator)).records().get(0).data().asUtf8String());
    }

    private void createStream(String name) {
        kinesis.createStream(request -> request.streamName(name).shardCount(1));
    }

    private void start(String stream, String keyId) {
        kinesis.startStreamEncryption(request -> request.streamName(stream).encryptionType(EncryptionType.KMS).keyId(keyId));
    }

    private StreamDescriptionSummary summary(String stream) {
        return kinesis.describeStreamSummary(request -> request.streamName(stream)).streamDescriptionSummary();
    }

    private String iteratorAt(String stream, String sequence) {
        return kinesis.getShardIterator(request -> request.streamName(stream).shardId("shardId-000000000000")
            .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).startingSequenceNumber(sequence)).shardIterator();
    }

    private List<Record> readAll(String stream, String fromSequence) {
        return kinesis.getRecords(request -> request.shardIterator(iteratorAt(stream, fromSequence))).records();
    }

    private static SdkBytes bytes(String text) {
        return SdkBytes.fromUtf8String(text);
    }
}
