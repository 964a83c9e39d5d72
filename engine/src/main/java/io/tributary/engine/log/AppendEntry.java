package io.tributary.engine.log;

import io.tributary.engine.model.RecordSize;

/** One record handed to a shard log: its partition key and its data. */
public record AppendEntry(String partitionKey, byte[] data, long sizeBytes) {

    /** An entry whose size ({@code sizeBytes}: data and partition-key bytes, which throughput limits count) is taken here. */
    public AppendEntry(String partitionKey, byte[] data) {
        this(partitionKey, data, RecordSize.of(partitionKey, data));
    }
}
