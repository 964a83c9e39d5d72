package io.tributary.http.monitoring;

import static io.tributary.http.monitoring.Scrape.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.SharedServerTest;
import io.tributary.http.support.ShardSubscriber;
import io.tributary.monitoring.PrometheusText;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;

/** The SubscribeToShard meters of a consumer, moved by a real SDK subscription over HTTP/2. */
class FanOutMetricsSdkTest extends SharedServerTest {
    private static final StartingPosition TRIM_HORIZON = StartingPosition.builder().type(ShardIteratorType.TRIM_HORIZON).build();
    private static final String SHARD_0 = "shardId-000000000000";

    FanOutMetricsSdkTest() {
        super(true);
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void shouldCountTheSubscriptionItsEventsAndTheCallsRefusedMeanwhile() throws Exception {
        kinesis.createStream(request -> request.streamName("pushed").shardCount(1));
        String streamArn = kinesis.describeStreamSummary(request -> request.streamName("pushed")).streamDescriptionSummary().streamARN();
        String consumer = kinesis.registerStreamConsumer(request -> request.streamARN(streamArn).consumerName("watcher"))
            .consumer().consumerARN();
        long bytes = 0;
        for (int i = 0; i < 10; i++) {
            String key = "key-" + i;
            String data = "event " + i;
            kinesis.putRecord(request -> request.streamName("pushed").partitionKey(key).data(SdkBytes.fromUtf8String(data)));
            bytes += (key + data).getBytes(StandardCharsets.UTF_8).length;
        }

        ShardSubscriber subscriber = ShardSubscriber.start(async, consumer, SHARD_0, TRIM_HORIZON);
        subscriber.awaitRecords(10, 30);
        ShardSubscriber refused = ShardSubscriber.start(async, consumer, SHARD_0, TRIM_HORIZON);
        ExecutionException failure = assertThrows(ExecutionException.class, () -> refused.call().get(20, TimeUnit.SECONDS));
        assertInstanceOf(ResourceInUseException.class, failure.getCause());

        PrometheusText scrape = Scrape.of(server);

        assertEquals(1, value(scrape, "kinesis_subscribe_to_shard_success_total", "pushed", "consumer", "watcher"));
        assertEquals(1, value(scrape, "kinesis_subscribe_to_shard_rate_exceeded_total", "pushed", "consumer", "watcher"));
        assertEquals(10, value(scrape, "kinesis_subscribe_to_shard_event_records_total", "pushed", "consumer", "watcher"));
        assertEquals(bytes, value(scrape, "kinesis_subscribe_to_shard_event_bytes_total", "pushed", "consumer", "watcher"));
        assertTrue(value(scrape, "kinesis_subscribe_to_shard_event_success_total", "pushed", "consumer", "watcher") >= 1);
        assertTrue(value(scrape, "kinesis_subscribe_to_shard_event_behind_latest_seconds_count", "pushed", "consumer", "watcher") >= 1);
        assertEquals(1, value(scrape, "tributary_fanout_subscriptions_active", "pushed"));

        subscriber.cancel();
        awaitNoActiveSubscription("pushed");
    }

    private void awaitNoActiveSubscription(String stream) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (value(Scrape.of(server), "tributary_fanout_subscriptions_active", stream) != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the cancelled subscription is still counted as active");
            }
            Thread.sleep(50);
        }
    }
}
