package io.tributary.engine.fanout;

import io.tributary.engine.log.LogRecord;
import io.tributary.engine.model.RecordSize;
import io.tributary.engine.stream.ShardState;
import java.util.List;

/**
 * One event of a subscription: records (possibly none, as a heartbeat), the position to continue
 * after them, how far behind the shard's tip they are, and at the end of a closed shard its children.
 *
 * @param shardEnd true for the last event of a closed shard: it has no continuation, and names
 *                 {@code childShards}
 */
public record FeedEvent(ShardState shard, List<LogRecord> records, long nextPosition, long millisBehindLatest,
                        List<ShardState> childShards, boolean shardEnd) {

    /** Data and partition-key bytes, which the push rate counts. */
    public long bytes() {
        long bytes = 0;
        for (LogRecord record : records) {
            bytes += RecordSize.of(record.partitionKey(), record.data());
        }
        return bytes;
    }
}
