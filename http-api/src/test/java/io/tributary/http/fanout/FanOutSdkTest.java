package io.tributary.http.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.SharedServerTest;
import io.tributary.http.support.ShardSubscriber;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Consumer;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;

/** Enhanced fan-out through the real SDK's {@code KinesisAsyncClient.subscribeToShard} over cleartext HTTP/2. */
class FanOutSdkTest extends SharedServerTest {
    private static final StartingPosition TRIM_HORIZON = StartingPosition.builder().type(ShardIteratorType.TRIM_HORIZON).build();

    FanOutSdkTest() {
        super(true);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldPushEveryRecordExactlyOnceInOrderToTwentyConsumersOnFourShards() throws Exception {
        String arn = createStream("twenty", 4);
        List<String> consumers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            consumers.add(register(arn, "consumer-" + i).consumerARN());
        }
        List<ShardSubscriber> subscriptions = new ArrayList<>();
        Map<ShardSubscriber, String> shardOf = new HashMap<>();
        for (String consumer : consumers) {
            for (int shard = 0; shard < 4; shard++) {
                ShardSubscriber subscription = ShardSubscriber.start(async, consumer, shardId(shard), TRIM_HORIZON);
                subscriptions.add(subscription);
                shardOf.put(subscription, shardId(shard));
            }
        }
        Map<String, List<String>> expected = put("twenty", 0, 2_000);

        for (ShardSubscriber subscription : subscriptions) {
            List<String> wanted = expected.get(shardOf.get(subscription));
            subscription.awaitRecords(wanted.size(), 60);
            assertEquals(wanted, subscription.records().stream().map(Record::sequenceNumber).toList());
        }
        subscriptions.forEach(ShardSubscriber::cancel);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldResumeAfterTheLastContinuationWithoutLosingOrRepeatingRecords() throws Exception {
        String arn = createStream("resume", 1);
        String consumer = register(arn, "resumer").consumerARN();
        List<String> all = put("resume", 0, 300).get(shardId(0));

        ShardSubscriber first = ShardSubscriber.start(async, consumer, shardId(0), TRIM_HORIZON);
        first.awaitRecords(1, 30);
        first.cancel();
        List<SubscribeToShardEvent> seen = List.copyOf(first.events());
        String continuation = seen.get(seen.size() - 1).continuationSequenceNumber();
        List<String> before = seen.stream().flatMap(event -> event.records().stream()).map(Record::sequenceNumber).toList();
        all = new ArrayList<>(all);
        all.addAll(put("resume", 300, 400).get(shardId(0)));

        ShardSubscriber second = resubscribe(consumer, StartingPosition.builder()
            .type(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(continuation).build());
        second.awaitRecords(all.size() - before.size(), 30);
        List<String> after = second.records().stream().map(Record::sequenceNumber).toList();
        List<String> together = new ArrayList<>(before);
        together.addAll(after);
        assertEquals(all, together);
        second.cancel();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldSendHeartbeatsWithAContinuationWhileIdleAndWakeOnTheNextPut() throws Exception {
        String arn = createStream("idle", 1);
        String consumer = register(arn, "idler").consumerARN();
        ShardSubscriber idle = ShardSubscriber.start(async, consumer, shardId(0),
            StartingPosition.builder().type(ShardIteratorType.LATEST).build());
        idle.awaitEvents(events -> events.size() >= 4, 30);
        for (SubscribeToShardEvent heartbeat : idle.events()) {
            assertTrue(heartbeat.records().isEmpty());
            assertNotNull(heartbeat.continuationSequenceNumber());
            assertEquals(0L, heartbeat.millisBehindLatest());
        }
        String sequence = put("idle", 0, 1).get(shardId(0)).get(0);
        idle.awaitRecords(1, 10);
        assertEquals(sequence, idle.records().get(0).sequenceNumber());
        SubscribeToShardEvent withRecord = idle.events().stream().filter(event -> !event.records().isEmpty()).findFirst().orElseThrow();
        assertEquals(sequence, withRecord.continuationSequenceNumber());
        idle.cancel();
    }

    @Test
    void shouldAnswerSubscriptionErrorsWithTheModeledExceptions() throws Exception {
        String arn = createStream("errors", 2);
        String consumer = register(arn, "checker").consumerARN();

        assertCause(ResourceNotFoundException.class, ShardSubscriber.start(async, consumer + "0", shardId(0), TRIM_HORIZON));
        assertCause(ResourceNotFoundException.class, ShardSubscriber.start(async, consumer, shardId(7), TRIM_HORIZON));

        ShardSubscriber active = ShardSubscriber.start(async, consumer, shardId(1), TRIM_HORIZON);
        active.awaitEvents(events -> !events.isEmpty(), 10);
        ResourceInUseException inUse = assertCause(ResourceInUseException.class,
            ShardSubscriber.start(async, consumer, shardId(1), TRIM_HORIZON));
        assertTrue(inUse.awsErrorDetails().errorMessage().startsWith("Another active subscription exists"), inUse.getMessage());

        kinesis.deregisterStreamConsumer(request -> request.consumerARN(consumer));
        assertCause(ResourceNotFoundException.class, active);

        ResourceInUseException withConsumers = assertThrows(ResourceInUseException.class, () -> {
            register(arn, "keeper");
            kinesis.deleteStream(request -> request.streamName("errors"));
        });
        assertTrue(withConsumers.awsErrorDetails().errorMessage().contains("has registered consumers"));
        kinesis.deleteStream(request -> request.streamName("errors").enforceConsumerDeletion(true));
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void shouldTakeOverAnActiveSubscriptionAfterFiveSeconds() throws Exception {
        String arn = createStream("takeover", 1);
        String consumer = register(arn, "taker").consumerARN();
        ShardSubscriber old = ShardSubscriber.start(async, consumer, shardId(0), TRIM_HORIZON);
        old.awaitEvents(events -> !events.isEmpty(), 10);
        Thread.sleep(5_100);

        ShardSubscriber taker = ShardSubscriber.start(async, consumer, shardId(0), TRIM_HORIZON);
        taker.awaitEvents(events -> !events.isEmpty(), 10);
        assertCause(ResourceInUseException.class, old);
        taker.cancel();
    }

    @Test
    void shouldManageConsumersThroughTheirLifecycle() {
        String arn = createStream("consumers", 1);
        Consumer registered = register(arn, "reader");
        assertEquals(ConsumerStatus.ACTIVE, registered.consumerStatus());
        assertTrue(registered.consumerARN().startsWith(arn + "/consumer/reader:"));
        assertEquals(registered.consumerARN(), kinesis.describeStreamConsumer(request -> request.streamARN(arn).consumerName("reader"))
            .consumerDescription().consumerARN());
        assertEquals(arn, kinesis.describeStreamConsumer(request -> request.consumerARN(registered.consumerARN()))
            .consumerDescription().streamARN());
        assertThrows(ResourceInUseException.class, () -> register(arn, "reader"));
        for (int i = 1; i < 20; i++) {
            register(arn, "more-" + i);
        }
        assertThrows(LimitExceededException.class, () -> register(arn, "one-too-many"));
        List<String> listed = new ArrayList<>();
        kinesis.listStreamConsumersPaginator(request -> request.streamARN(arn).maxResults(7))
            .forEach(page -> page.consumers().forEach(consumer -> listed.add(consumer.consumerName())));
        assertEquals(20, listed.size());
        assertEquals("reader", listed.get(0));
        assertEquals(20, kinesis.describeStreamSummary(request -> request.streamARN(arn)).streamDescriptionSummary().consumerCount());

        kinesis.deregisterStreamConsumer(request -> request.streamARN(arn).consumerName("reader"));
        assertThrows(ResourceNotFoundException.class,
            () -> kinesis.describeStreamConsumer(request -> request.consumerARN(registered.consumerARN())));
    }

    private ShardSubscriber resubscribe(String consumer, StartingPosition start) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            ShardSubscriber subscriber = ShardSubscriber.start(async, consumer, shardId(0), start);
            try {
                subscriber.awaitEvents(events -> !events.isEmpty(), 10);
                return subscriber;
            } catch (CompletionException refused) {
                boolean retry = refused.getCause() instanceof ResourceInUseException || refused.getCause() instanceof LimitExceededException;
                if (!retry || System.nanoTime() > deadline) {
                    throw refused;
                }
                Thread.sleep(300);
            }
        }
    }

    private static <T extends Throwable> T assertCause(Class<T> type, ShardSubscriber subscriber) {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> subscriber.call().get(20, TimeUnit.SECONDS),
            "expected " + type.getSimpleName());
        return assertInstanceOf(type, failed.getCause());
    }

    private String createStream(String name, int shards) {
        kinesis.createStream(request -> request.streamName(name).shardCount(shards));
        return kinesis.describeStreamSummary(request -> request.streamName(name)).streamDescriptionSummary().streamARN();
    }

    private Consumer register(String streamArn, String name) {
        return kinesis.registerStreamConsumer(request -> request.streamARN(streamArn).consumerName(name)).consumer();
    }

    /** Puts records {@code from..to} and answers each shard's acknowledged sequence numbers, in order. */
    private Map<String, List<String>> put(String stream, int from, int to) {
        Map<String, List<String>> byShard = new HashMap<>();
        for (int start = from; start < to; start += 500) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = start; i < Math.min(to, start + 500); i++) {
                entries.add(PutRecordsRequestEntry.builder().partitionKey("key-" + i).data(SdkBytes.fromUtf8String("record-" + i)).build());
            }
            for (PutRecordsResultEntry result : kinesis.putRecords(request -> request.streamName(stream).records(entries)).records()) {
                byShard.computeIfAbsent(result.shardId(), shard -> new ArrayList<>()).add(result.sequenceNumber());
            }
        }
        return byShard;
    }

    private static String shardId(int index) {
        return String.format("shardId-%012d", index);
    }
}
