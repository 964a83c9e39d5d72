package io.tributary.http.support;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * One SubscribeToShard call through the real SDK, collecting what it pushes. Demand is unbounded
 * unless the subscription is made to stall, when it takes one event and then stops reading.
 */
public final class ShardSubscriber {
    private final List<SubscribeToShardEvent> events = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong recordCount = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong dataBytes = new java.util.concurrent.atomic.AtomicLong();
    private volatile String lastSequenceNumber;
    private volatile String outOfOrder;
    private boolean keep = true;
    private final CompletableFuture<Void> call;
    private final boolean stall;
    private volatile Subscription subscription;

    private ShardSubscriber(KinesisAsyncClient kinesis, String consumerArn, String shardId, StartingPosition start, boolean stall) {
        this.stall = stall;
        this.call = kinesis.subscribeToShard(request -> request.consumerARN(consumerArn).shardId(shardId).startingPosition(start),
            SubscribeToShardResponseHandler.builder().onEventStream(stream -> stream.subscribe(new Collector())).build());
    }

    public static ShardSubscriber start(KinesisAsyncClient kinesis, String consumerArn, String shardId, StartingPosition start) {
        return new ShardSubscriber(kinesis, consumerArn, shardId, start, false);
    }

    /** A subscriber that keeps no events, only counts records and bytes and checks their order. */
    public static ShardSubscriber counting(KinesisAsyncClient kinesis, String consumerArn, String shardId, StartingPosition start) {
        ShardSubscriber subscriber = new ShardSubscriber(kinesis, consumerArn, shardId, start, false);
        subscriber.keep = false;
        return subscriber;
    }

    public long recordCount() {
        return recordCount.get();
    }

    public long dataBytes() {
        return dataBytes.get();
    }

    /** The first pair of records that came out of sequence order, if any. */
    public java.util.Optional<String> outOfOrder() {
        return java.util.Optional.ofNullable(outOfOrder);
    }

    /** A subscriber that takes the first event and then reads nothing more. */
    public static ShardSubscriber stalled(KinesisAsyncClient kinesis, String consumerArn, String shardId, StartingPosition start) {
        return new ShardSubscriber(kinesis, consumerArn, shardId, start, true);
    }

    public List<SubscribeToShardEvent> events() {
        return events;
    }

    public List<Record> records() {
        return events.stream().flatMap(event -> event.records().stream()).toList();
    }

    /** Completes when the call ends, normally or with the exception the SDK raised. */
    public CompletableFuture<Void> call() {
        return call;
    }

    /** Waits until the events so far satisfy {@code condition}, or fails after {@code seconds}. */
    public void awaitEvents(Predicate<List<SubscribeToShardEvent>> condition, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.test(events)) {
            if (call.isCompletedExceptionally()) {
                call.join();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in " + seconds + " s; " + records().size() + " records in "
                    + events.size() + " events");
            }
            Thread.sleep(10);
        }
    }

    public void awaitRecords(int count, long seconds) throws InterruptedException {
        awaitEvents(all -> all.stream().mapToInt(event -> event.records().size()).sum() >= count, seconds);
    }

    /** Stops reading and closes the subscription from the client's side. */
    public void cancel() {
        Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    private final class Collector implements Subscriber<SubscribeToShardEventStream> {
        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            s.request(stall ? 1 : Long.MAX_VALUE);
        }

        @Override
        public void onNext(SubscribeToShardEventStream event) {
            if (event instanceof SubscribeToShardEvent shardEvent) {
                for (Record record : shardEvent.records()) {
                    String previous = lastSequenceNumber;
                    if (previous != null && new java.math.BigInteger(record.sequenceNumber()).compareTo(new java.math.BigInteger(previous)) <= 0
                        && outOfOrder == null) {
                        outOfOrder = previous + " then " + record.sequenceNumber();
                    }
                    lastSequenceNumber = record.sequenceNumber();
                    recordCount.incrementAndGet();
                    dataBytes.addAndGet(record.data().asByteBuffer().remaining());
                }
                if (keep) {
                    events.add(shardEvent);
                }
            }
        }

        @Override
        public void onError(Throwable failure) {
        }

        @Override
        public void onComplete() {
        }
    }
}
