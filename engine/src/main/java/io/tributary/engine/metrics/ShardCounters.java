package io.tributary.engine.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * Cheap running totals of one shard, kept for every shard whether or not enhanced monitoring is on,
 * so that the console can draw per-shard rates without registering shard-level series. Made once per
 * shard when the stream's shape changes; recording adds to {@link LongAdder}s and allocates nothing.
 *
 * <p>Concurrency: thread-safe; recorders on any shard owner, readers on any thread.
 */
public final class ShardCounters {
    private final LongAdder incomingRecords = new LongAdder();
    private final LongAdder incomingBytes = new LongAdder();
    private final LongAdder writeThrottled = new LongAdder();
    private final LongAdder readThrottled = new LongAdder();
    private final LongAdder outgoingBytes = new LongAdder();
    private volatile long iteratorAgeMillis;

    void incoming(int records, long bytes) {
        incomingRecords.add(records);
        incomingBytes.add(bytes);
    }

    void writeThrottled(int records) {
        writeThrottled.add(records);
    }

    void readThrottled() {
        readThrottled.increment();
    }

    void outgoing(long bytes, long ageMillis) {
        outgoingBytes.add(bytes);
        iteratorAgeMillis = ageMillis;
    }

    /** The totals now, and the iterator age of the last GetRecords call. */
    public Reading read() {
        return new Reading(incomingRecords.sum(), incomingBytes.sum(), writeThrottled.sum(), readThrottled.sum(),
            outgoingBytes.sum(), iteratorAgeMillis);
    }

    /** One shard's totals since its stream's meters were made (since start, or since the stream was created). */
    public record Reading(long incomingRecords, long incomingBytes, long writeThrottledRecords, long readThrottledCalls,
                          long outgoingBytes, long lastIteratorAgeMillis) {
    }
}
