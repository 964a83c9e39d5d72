package io.tributary.bench.load;

import io.tributary.bench.Payloads;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * One SubscribeToShard subscription of one consumer to one shard, through the AWS SDK's async client
 * as an application makes it, with unbounded demand. For every record pushed it notes the record's
 * number in arrival order, checks it (partition key, data byte for byte, increasing sequence numbers,
 * a plausible arrival timestamp) and, for the records being measured, records the put-to-push
 * latency: the time the event reached this subscriber minus the send time the record carries.
 *
 * <p>Concurrency: the SDK calls {@code onNext} for one subscription one event at a time, though not
 * always on the same thread; the state it touches is guarded by this object's lock. The delivered
 * count is atomic so that the load generator's main thread can watch progress.
 */
public final class ShardPush {
    private static final long CLOCK_SLACK_MILLIS = 60_000;
    private static final int INITIAL_CAPACITY = 1024;

    private final String shardId;
    private final int shardIndex;
    private final int recordBytes;
    private final int measuredFrom;
    private final int measuredTo;
    private final long earliestArrivalMillis;
    private final CompletableFuture<Void> established = new CompletableFuture<>();
    private final AtomicLong delivered = new AtomicLong();
    private final CompletableFuture<Void> call;
    private volatile Subscription subscription;
    private volatile Throwable failure;

    // guarded by this
    private int[] numbers = new int[INITIAL_CAPACITY];
    private int count;
    private final Latencies latencies = new Latencies();
    private long measuredDelivered;
    private long measuredBytes;
    private long mismatched;
    private long outOfOrder;
    private long badTimestamps;
    private String lastSequence = "";

    private ShardPush(KinesisAsyncClient kinesis, String consumerArn, String shardId, StartingPosition start, int recordBytes,
                      int measuredFrom, int measuredTo, long runStartMillis) {
        this.shardId = shardId;
        this.shardIndex = ShardIds.index(shardId);
        this.recordBytes = recordBytes;
        this.measuredFrom = measuredFrom;
        this.measuredTo = measuredTo;
        this.earliestArrivalMillis = runStartMillis - CLOCK_SLACK_MILLIS;
        SubscribeToShardResponseHandler handler = SubscribeToShardResponseHandler.builder()
            .onResponse(response -> established.complete(null))
            .onEventStream(events -> events.subscribe(new Receiver()))
            .onError(error -> {
                failure = error;
                established.completeExceptionally(error);
            })
            .build();
        this.call = kinesis.subscribeToShard(request -> request.consumerARN(consumerArn).shardId(shardId).startingPosition(start),
            handler);
    }

    /**
     * Subscribes; records numbered {@code [measuredFrom, measuredTo)} have their latency recorded.
     *
     * @param runStartMillis when the run started: earlier arrival timestamps are wrong
     */
    public static ShardPush subscribe(KinesisAsyncClient kinesis, String consumerArn, String shardId, StartingPosition start,
                                      int recordBytes, int measuredFrom, int measuredTo, long runStartMillis) {
        return new ShardPush(kinesis, consumerArn, shardId, start, recordBytes, measuredFrom, measuredTo, runStartMillis);
    }

    public String shardId() {
        return shardId;
    }

    public int shardIndex() {
        return shardIndex;
    }

    /** Completes when the server has answered the call with its initial response. */
    public CompletableFuture<Void> established() {
        return established;
    }

    public long delivered() {
        return delivered.get();
    }

    /** The error that ended the subscription, if one did. */
    public Throwable failure() {
        return failure;
    }

    public boolean ended() {
        return call.isDone();
    }

    /** Stops reading and closes the subscription from the client's side. */
    public void cancel() {
        Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    /** The numbers of the records pushed, in the order they arrived. */
    public synchronized int[] numbers() {
        return Arrays.copyOf(numbers, count);
    }

    public synchronized Latencies latencies() {
        return latencies;
    }

    public synchronized long measuredDelivered() {
        return measuredDelivered;
    }

    public synchronized long measuredBytes() {
        return measuredBytes;
    }

    public synchronized long mismatched() {
        return mismatched;
    }

    public synchronized long outOfOrder() {
        return outOfOrder;
    }

    public synchronized long badTimestamps() {
        return badTimestamps;
    }

    private synchronized void received(SubscribeToShardEvent event, long receivedNanos) {
        for (Record record : event.records()) {
            byte[] data = record.data().asByteArrayUnsafe();
            int number = Payloads.numberIn(data);
            if (number < 0 || Payloads.numberOf(record.partitionKey()) != number || !Payloads.matchesTimed(number, data, recordBytes)) {
                mismatched++;
            }
            if (SequenceLedger.compareSequence(record.sequenceNumber(), lastSequence) <= 0) {
                outOfOrder++;
            }
            lastSequence = record.sequenceNumber();
            long arrival = record.approximateArrivalTimestamp() == null ? -1 : record.approximateArrivalTimestamp().toEpochMilli();
            if (arrival < earliestArrivalMillis || arrival > System.currentTimeMillis() + CLOCK_SLACK_MILLIS) {
                badTimestamps++;
            }
            if (count == numbers.length) {
                numbers = Arrays.copyOf(numbers, count * 2);
            }
            numbers[count++] = number;
            if (number >= measuredFrom && number < measuredTo && data.length >= Payloads.TIMED_HEADER_BYTES) {
                latencies.recordNanos(receivedNanos - Payloads.sentNanos(data));
                measuredDelivered++;
                measuredBytes += data.length;
            }
        }
        delivered.addAndGet(event.records().size());
    }

    private final class Receiver implements Subscriber<SubscribeToShardEventStream> {
        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(SubscribeToShardEventStream event) {
            if (event instanceof SubscribeToShardEvent shardEvent) {
                received(shardEvent, System.nanoTime());
            }
        }

        @Override
        public void onError(Throwable error) {
            failure = error;
        }

        @Override
        public void onComplete() {
            // the call's future reports how it ended
        }
    }
}
