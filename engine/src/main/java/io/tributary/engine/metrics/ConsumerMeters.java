package io.tributary.engine.metrics;

import io.tributary.engine.fanout.FeedEvent;

/**
 * The SubscribeToShard meters of one registered consumer, tagged with its stream and name.
 *
 * <p>Concurrency: thread-safe.
 */
public final class ConsumerMeters {
    private final String name;
    private final MeterSet meters;

    ConsumerMeters(String name, MeterSet meters) {
        this.name = name;
        this.meters = meters;
    }

    /** The consumer's fan-out totals now, and its largest MillisBehindLatest of the last few minutes. */
    public Reading read() {
        return new Reading(name, (long) meters.value(EngineMeter.SUBSCRIBE_TO_SHARD_EVENT_BYTES),
            (long) meters.value(EngineMeter.SUBSCRIBE_TO_SHARD_EVENT_RECORDS),
            Math.round(meters.value(EngineMeter.SUBSCRIBE_TO_SHARD_EVENT_MILLIS_BEHIND_LATEST) * 1000));
    }

    /** See {@link #read()}. */
    public record Reading(String consumerName, long pushedBytes, long pushedRecords, long maxMillisBehindLatest) {
    }

    /** A SubscribeToShard call was refused: another subscription is active, or one started within a second. */
    public void rateExceeded() {
        meters.count(EngineMeter.SUBSCRIBE_TO_SHARD_RATE_EXCEEDED, 1);
    }

    /** A subscription was established. */
    public void subscribed() {
        meters.count(EngineMeter.SUBSCRIBE_TO_SHARD_SUCCESS, 1);
    }

    /** An event (records, or a heartbeat with none) was pushed to a subscriber. */
    public void pushed(FeedEvent event) {
        meters.count(EngineMeter.SUBSCRIBE_TO_SHARD_EVENT_SUCCESS, 1);
        meters.count(EngineMeter.SUBSCRIBE_TO_SHARD_EVENT_RECORDS, event.records().size());
        meters.count(EngineMeter.SUBSCRIBE_TO_SHARD_EVENT_BYTES, event.bytes());
        meters.ageMillis(EngineMeter.SUBSCRIBE_TO_SHARD_EVENT_MILLIS_BEHIND_LATEST, event.millisBehindLatest());
    }

    void remove() {
        meters.remove();
    }
}
