package io.tributary.http.reshard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.Clients;
import io.tributary.http.support.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.StreamMode;

/** Capacity modes: on-demand streams grow under load by themselves; streams switch modes; record sizes change. */
class CapacityModeSdkTest {

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldAddShardsToAnOnDemandStreamWrittenAboveItsCapacity() throws Exception {
        try (TestServer server = TestServer.start("--throughput-limits", "on", "--on-demand-check-ms", "500");
             KinesisClient kinesis = Clients.sync(server.endpoint())) {
            kinesis.createStream(request -> request.streamName("surge").streamModeDetails(mode -> mode.streamMode(StreamMode.ON_DEMAND)));
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                Thread producer = new Thread(() -> {
                    while (writing.get()) {
                        List<PutRecordsRequestEntry> entries = new ArrayList<>();
                        for (int i = 0; i < 500; i++) {
                            entries.add(PutRecordsRequestEntry.builder().partitionKey(Integer.toString(i))
                                .data(SdkBytes.fromUtf8String("load")).build());
                        }
                        kinesis.putRecords(request -> request.streamName("surge").records(entries));
                    }
                });
                producer.start();
                producers.add(producer);
            }
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                int shards = 4;
                while (shards <= 4 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    shards = kinesis.describeStreamSummary(request -> request.streamName("surge")).streamDescriptionSummary().openShardCount();
                }
                assertTrue(shards > 4, "a sustained write rate above four shards' capacity adds shards; still " + shards);
            } finally {
                writing.set(false);
                for (Thread producer : producers) {
                    producer.join();
                }
            }
        }
    }

    @Test
    void shouldSwitchModesAndChangeTheMaxRecordSize() {
        try (TestServer server = TestServer.start(); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            kinesis.createStream(request -> request.streamName("switch").shardCount(2));
            String arn = kinesis.describeStreamSummary(request -> request.streamName("switch")).streamDescriptionSummary().streamARN();
            kinesis.updateStreamMode(request -> request.streamARN(arn).streamModeDetails(mode -> mode.streamMode(StreamMode.ON_DEMAND)));
            assertEquals(StreamMode.ON_DEMAND, kinesis.describeStreamSummary(request -> request.streamARN(arn))
                .streamDescriptionSummary().streamModeDetails().streamMode());

            byte[] twoMiB = new byte[2 * 1024 * 1024];
            assertEquals("ValidationException", org.junit.jupiter.api.Assertions.assertThrows(
                software.amazon.awssdk.services.kinesis.model.ValidationException.class, () -> kinesis.putRecord(request -> request
                    .streamARN(arn).partitionKey("k").data(SdkBytes.fromByteArray(twoMiB)))).awsErrorDetails().errorCode());
            kinesis.updateMaxRecordSize(request -> request.streamARN(arn).maxRecordSizeInKiB(4096));
            assertEquals(4096, kinesis.describeStreamSummary(request -> request.streamARN(arn)).streamDescriptionSummary().maxRecordSizeInKiB());
            kinesis.putRecord(request -> request.streamARN(arn).partitionKey("k").data(SdkBytes.fromByteArray(twoMiB)));
        }
    }
}
