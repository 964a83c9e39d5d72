package io.tributary.engine.records;

import io.tributary.engine.model.SequenceNumber;
import io.tributary.engine.stream.ShardState;

/** Where an acknowledged record now lives: its shard and its log position there. */
public record Placed(ShardState shard, long position) {
    public SequenceNumber sequenceNumber() {
        return shard.sequenceNumber(position);
    }
}
