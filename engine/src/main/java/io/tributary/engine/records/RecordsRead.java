package io.tributary.engine.records;

import io.tributary.engine.log.LogRecord;
import io.tributary.engine.stream.ShardState;
import java.util.List;
import java.util.Optional;

/**
 * The answer to GetRecords.
 *
 * @param nextIterator empty at the end of a closed shard, where {@code childShards} name its children
 */
public record RecordsRead(
    String streamName,
    ShardState shard,
    List<LogRecord> records,
    Optional<String> nextIterator,
    long millisBehindLatest,
    List<ShardState> childShards) {
}
