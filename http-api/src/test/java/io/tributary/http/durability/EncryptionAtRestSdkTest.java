package io.tributary.http.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.Clients;
import io.tributary.http.support.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/**
 * Encryption at rest with the durable log in fsync mode: what an encrypted stream takes appears in
 * no file of the data directory, and is read back through the SDK after a restart; records written
 * before StartStreamEncryption and after StopStreamEncryption are stored (and found) in plaintext.
 */
class EncryptionAtRestSdkTest {
    private static final String SECRET = "TOP-SECRET-PAYLOAD-7f3a9c";

    @Test
    void shouldStoreNoPlaintextOfAnEncryptedStreamAndReadItBackAfterARestart(@TempDir Path data) throws IOException {
        List<String> written = new ArrayList<>();
        try (TestServer server = TestServer.startOn(data, "--durability", "fsync"); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            kinesis.createStream(request -> request.streamName("vault").shardCount(2));
            kinesis.startStreamEncryption(request -> request.streamName("vault").encryptionType(EncryptionType.KMS)
                .keyId("alias/aws/kinesis"));
            for (int i = 0; i < 20; i++) {
                String text = SECRET + "-record-" + i;
                written.add(text);
                assertEquals(EncryptionType.KMS, kinesis.putRecord(request -> request.streamName("vault")
                    .partitionKey(SECRET + "-key-" + text.length()).data(SdkBytes.fromUtf8String(text))).encryptionType());
            }
            List<PutRecordsRequestEntry> batch = new ArrayList<>();
            for (int i = 20; i < 120; i++) {
                String text = SECRET + "-record-" + i;
                written.add(text);
                batch.add(PutRecordsRequestEntry.builder().partitionKey("p" + i).data(SdkBytes.fromUtf8String(text)).build());
            }
            assertEquals(EncryptionType.KMS, kinesis.putRecords(request -> request.streamName("vault").records(batch)).encryptionType());
            assertFalse(anyFileContains(data, SECRET), "no record data or partition key in clear, while the server runs");
        }
        assertFalse(anyFileContains(data, SECRET), "no record data or partition key in clear after a clean stop");

        try (TestServer server = TestServer.startOn(data, "--durability", "fsync"); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            StreamDescriptionSummary summary = kinesis.describeStreamSummary(request -> request.streamName("vault"))
                .streamDescriptionSummary();
            assertEquals(EncryptionType.KMS, summary.encryptionType());
            assertEquals("alias/aws/kinesis", summary.keyId());
            List<Record> records = readStream(kinesis, "vault");
            assertEquals(written.stream().sorted().toList(), records.stream().map(r -> r.data().asUtf8String()).sorted().toList());
            assertTrue(records.stream().allMatch(r -> r.encryptionType() == EncryptionType.KMS));
        }
    }

    @Test
    void shouldKeepRecordsBeforeStartAndAfterStopInPlaintextAndReadAllBackAfterARestart(@TempDir Path data) throws IOException {
        try (TestServer server = TestServer.startOn(data); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            kinesis.createStream(request -> request.streamName("mixed").shardCount(1));
            put(kinesis, "mixed", "PLAIN-BEFORE-START-1b2c");
            kinesis.startStreamEncryption(request -> request.streamName("mixed").encryptionType(EncryptionType.KMS)
                .keyId("alias/aws/kinesis"));
            put(kinesis, "mixed", "SEALED-WHILE-ENCRYPTED-3d4e");
            kinesis.stopStreamEncryption(request -> request.streamName("mixed").encryptionType(EncryptionType.KMS)
                .keyId("alias/aws/kinesis"));
            put(kinesis, "mixed", "PLAIN-AFTER-STOP-5f6a");
        }
        assertTrue(anyFileContains(data, "PLAIN-BEFORE-START-1b2c"), "records before StartStreamEncryption stay plaintext");
        assertFalse(anyFileContains(data, "SEALED-WHILE-ENCRYPTED-3d4e"));
        assertTrue(anyFileContains(data, "PLAIN-AFTER-STOP-5f6a"), "records after StopStreamEncryption are plaintext again");

        try (TestServer server = TestServer.startOn(data); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            List<Record> records = readStream(kinesis, "mixed");
            assertEquals(List.of("PLAIN-BEFORE-START-1b2c", "SEALED-WHILE-ENCRYPTED-3d4e", "PLAIN-AFTER-STOP-5f6a"),
                records.stream().map(r -> r.data().asUtf8String()).toList());
            assertEquals(Arrays.asList(null, EncryptionType.KMS, null), records.stream().map(Record::encryptionType).toList());
            assertEquals(EncryptionType.NONE, kinesis.describeStreamSummary(request -> request.streamName("mixed"))
                .streamDescriptionSummary().encryptionType());
        }
    }

    private static void put(KinesisClient kinesis, String stream, String text) {
        kinesis.putRecord(request -> request.streamName(stream).partitionKey("key").data(SdkBytes.fromUtf8String(text)));
    }

    private static List<Record> readStream(KinesisClient kinesis, String stream) {
        List<Record> records = new ArrayList<>();
        for (var shard : kinesis.listShards(request -> request.streamName(stream)).shards()) {
            String iterator = kinesis.getShardIterator(request -> request.streamName(stream).shardId(shard.shardId())
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            records.addAll(kinesis.getRecords(request -> request.shardIterator(iterator)).records());
        }
        return records;
    }

    /** Whether any regular file under {@code root}, whatever its kind, holds {@code text}'s UTF-8 bytes. */
    private static boolean anyFileContains(Path root, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(file), needle) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
