package io.tributary.engine.records;

import io.tributary.engine.model.SequenceNumber;
import io.tributary.engine.stream.ShardState;

/**
 * Where a put record went: its shard and its log position there, or, for a record that exceeded
 * the shard's write throughput and was not written, {@link #THROTTLED}.
 */
public record Placed(ShardState shard, long position) {
    public static final long THROTTLED = -1;

    public static Placed throttled(ShardState shard) {
        return new Placed(shard, THROTTLED);
    }

    public boolean accepted() {
        return position != THROTTLED;
    }

    public SequenceNumber sequenceNumber() {
        if (!accepted()) {
            throw new IllegalStateException("a throttled record has no sequence number");
        }
        return shard.sequenceNumber(position);
    }
}
