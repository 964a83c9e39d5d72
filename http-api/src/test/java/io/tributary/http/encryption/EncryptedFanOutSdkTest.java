package io.tributary.http.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.engine.kms.KeyService;
import io.tributary.engine.kms.KeyState;
import io.tributary.http.support.SharedServerTest;
import io.tributary.http.support.ShardSubscriber;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.KmsDisabledException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;

/** SubscribeToShard on an encrypted stream: records pushed in plaintext with their EncryptionType; a disabled key refuses. */
class EncryptedFanOutSdkTest extends SharedServerTest {
    private static final StartingPosition TRIM_HORIZON = StartingPosition.builder().type(ShardIteratorType.TRIM_HORIZON).build();

    EncryptedFanOutSdkTest() {
        super(true);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldPushPlainAndEncryptedRecordsAndRefuseWhileTheKeyIsDisabled() throws Exception {
        kinesis.createStream(request -> request.streamName("pushed").shardCount(1));
        String streamArn = kinesis.describeStreamSummary(request -> request.streamName("pushed")).streamDescriptionSummary().streamARN();
        put("plain");
        kinesis.startStreamEncryption(request -> request.streamName("pushed").encryptionType(EncryptionType.KMS)
            .keyId(KeyService.KINESIS_ALIAS));
        put("sealed");
        String consumer = kinesis.registerStreamConsumer(request -> request.streamARN(streamArn).consumerName("reader"))
            .consumer().consumerARN();

        ShardSubscriber subscriber = ShardSubscriber.start(async, consumer, "shardId-000000000000", TRIM_HORIZON);
        subscriber.awaitRecords(2, 60);
        subscriber.cancel();
        assertEquals(Arrays.asList("plain", "sealed"), subscriber.records().stream().map(r -> r.data().asUtf8String()).toList());
        assertEquals(Arrays.asList(null, EncryptionType.KMS), subscriber.records().stream().map(Record::encryptionType).toList());

        server.server().engine().keys().setState(KeyService.KINESIS_ALIAS, KeyState.DISABLED);
        try {
            ExecutionException refused = assertThrows(ExecutionException.class, () -> async.subscribeToShard(request -> request
                .consumerARN(consumer).shardId("shardId-000000000000").startingPosition(TRIM_HORIZON),
                software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler.builder()
                    .subscriber(event -> { }).build()).get(60, TimeUnit.SECONDS));
            assertInstanceOf(KmsDisabledException.class, refused.getCause());
        } finally {
            server.server().engine().keys().setState(KeyService.KINESIS_ALIAS, KeyState.ENABLED);
        }
    }

    private void put(String text) {
        kinesis.putRecord(request -> request.streamName("pushed").partitionKey("k").data(SdkBytes.fromUtf8String(text)));
    }
}
