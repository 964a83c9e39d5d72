package io.tributary.http.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.Clients;
import io.tributary.http.support.ServerProcess;
import io.tributary.http.support.ShardSubscriber;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;

/**
 * A consumer that stops reading slows only itself: while producers write 200 MB, one subscriber
 * takes a single event and then reads nothing; two others receive every record. The server runs in
 * its own JVM with a 160 MiB heap, so holding back the stalled subscriber's share would exhaust it;
 * it must stay up and keep answering. The push rate is raised so the test does not wait on pacing.
 * The stalled consumer is another application, on its own connection: subscriptions that share an
 * HTTP/2 connection also share its flow-control window, which a client that stops reading fills.
 */
class SlowConsumerTest {
    private static final int RECORD_BYTES = 10 * 1024;
    private static final int RECORDS_PER_PUT = 100;
    private static final int PUTS = 200;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldKeepTheServerBoundedAndOtherConsumersFedWhileOneConsumerStalls(@TempDir Path data) throws Exception {
        try (ServerProcess server = ServerProcess.start(data, List.of("-Xmx160m"),
                "--durability", "interval", "--fan-out-bytes-per-second", "536870912");
             // the healthy subscriptions must outlive the SDK's usual one-minute bound on a call
             KinesisAsyncClient kinesis = Clients.async(server.endpoint(), java.time.Duration.ofMinutes(6));
             KinesisAsyncClient stalledApplication = Clients.async(server.endpoint())) {
            kinesis.createStream(request -> request.streamName("firehose").shardCount(1)).join();
            String arn = kinesis.describeStreamSummary(request -> request.streamName("firehose")).join()
                .streamDescriptionSummary().streamARN();
            StartingPosition latest = StartingPosition.builder().type(ShardIteratorType.LATEST).build();
            List<ShardSubscriber> healthy = new ArrayList<>();
            for (String name : List.of("fast-1", "fast-2")) {
                String consumer = kinesis.registerStreamConsumer(request -> request.streamARN(arn).consumerName(name)).join()
                    .consumer().consumerARN();
                healthy.add(ShardSubscriber.counting(kinesis, consumer, "shardId-000000000000", latest));
            }
            String stalledArn = kinesis.registerStreamConsumer(request -> request.streamARN(arn).consumerName("stalled")).join()
                .consumer().consumerARN();
            ShardSubscriber stalled = ShardSubscriber.stalled(stalledApplication, stalledArn, "shardId-000000000000", latest);
            stalled.awaitEvents(events -> !events.isEmpty(), 20);
            for (ShardSubscriber subscriber : healthy) {
                subscriber.awaitEvents(events -> true, 1);
            }

            byte[] payload = new byte[RECORD_BYTES];
            for (int put = 0; put < PUTS; put++) {
                List<PutRecordsRequestEntry> entries = new ArrayList<>(RECORDS_PER_PUT);
                for (int i = 0; i < RECORDS_PER_PUT; i++) {
                    payload[0] = (byte) i;
                    entries.add(PutRecordsRequestEntry.builder().partitionKey("k" + i).data(SdkBytes.fromByteArray(payload)).build());
                }
                assertEquals(0, kinesis.putRecords(request -> request.streamName("firehose").records(entries)).join().failedRecordCount());
            }

            long total = (long) PUTS * RECORDS_PER_PUT;
            for (ShardSubscriber subscriber : healthy) {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                while (subscriber.recordCount() < total && System.nanoTime() < deadline && !subscriber.call().isDone()) {
                    Thread.sleep(50);
                }
                assertEquals(total, subscriber.recordCount(), () -> "a healthy consumer missed records; its call: " + subscriber.call());
                assertEquals(total * RECORD_BYTES, subscriber.dataBytes());
                assertEquals(java.util.Optional.empty(), subscriber.outOfOrder());
            }
            assertTrue(server.isAlive(), "the server died while one consumer stalled");
            assertTrue(stalled.events().size() < 50, "the stalled subscriber read only what its first request allowed");
            assertEquals(1, kinesis.describeStreamSummary(request -> request.streamName("firehose")).join()
                .streamDescriptionSummary().openShardCount(), "the server still answers");
            healthy.forEach(ShardSubscriber::cancel);
            stalled.cancel();
        }
    }
}
