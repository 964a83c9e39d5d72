package io.tributary.http.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.http.support.Clients;
import io.tributary.http.support.TestServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Start/StopStreamEncryption and the stream's status: only an ACTIVE stream takes them, and it goes
 * UPDATING for the update delay, as in Kinesis, while it still takes records.
 */
class EncryptionStatusSdkTest {

    @Test
    void shouldGoUpdatingAndRefuseAnotherChangeUntilActive() {
        try (TestServer server = TestServer.start("--update-stream-delay-ms", "600000", "--create-stream-delay-ms", "600000");
             KinesisClient kinesis = Clients.syncWithoutRetries(server.endpoint())) {
            kinesis.createStream(request -> request.streamName("creating").shardCount(1));
            ResourceInUseException creating = assertThrows(ResourceInUseException.class, () -> kinesis.startStreamEncryption(request ->
                request.streamName("creating").encryptionType(EncryptionType.KMS).keyId("alias/aws/kinesis")));
            assertEquals("Stream creating under account 000000000000 not ACTIVE, instead in state CREATING",
                creating.awsErrorDetails().errorMessage());
        }
        try (TestServer server = TestServer.start("--update-stream-delay-ms", "600000");
             KinesisClient kinesis = Clients.syncWithoutRetries(server.endpoint())) {
            kinesis.createStream(request -> request.streamName("orders").shardCount(1));
            kinesis.startStreamEncryption(request -> request.streamName("orders").encryptionType(EncryptionType.KMS)
                .keyId("alias/aws/kinesis"));
            assertEquals(StreamStatus.UPDATING, kinesis.describeStreamSummary(request -> request.streamName("orders"))
                .streamDescriptionSummary().streamStatus());
            assertEquals(EncryptionType.KMS, kinesis.putRecord(request -> request.streamName("orders").partitionKey("p")
                .data(SdkBytes.fromUtf8String("while updating"))).encryptionType(), "an UPDATING stream still takes records");

            ResourceInUseException again = assertThrows(ResourceInUseException.class, () -> kinesis.stopStreamEncryption(request ->
                request.streamName("orders").encryptionType(EncryptionType.KMS).keyId("alias/aws/kinesis")));
            assertEquals("Stream orders under account 000000000000 not ACTIVE, instead in state UPDATING",
                again.awsErrorDetails().errorMessage());
            assertThrows(ResourceInUseException.class, () -> kinesis.startStreamEncryption(request ->
                request.streamName("orders").encryptionType(EncryptionType.KMS).keyId("alias/aws/kinesis")));

            ResourceNotFoundException missing = assertThrows(ResourceNotFoundException.class, () -> kinesis.startStreamEncryption(
                request -> request.streamName("missing").encryptionType(EncryptionType.KMS).keyId("alias/aws/kinesis")));
            assertEquals("Stream missing under account 000000000000 not found.", missing.awsErrorDetails().errorMessage());
        }
    }
}
