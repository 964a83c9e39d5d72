package io.tributary.engine.log;

import io.tributary.engine.model.ShardId;

/** Opens the log of a new shard; the durability mode decides which implementation. */
@FunctionalInterface
public interface ShardLogFactory {
    ShardLog open(String streamName, long streamCreatedMillis, ShardId shard);

    static ShardLogFactory inMemory() {
        return (stream, created, shard) -> new InMemoryShardLog();
    }
}
