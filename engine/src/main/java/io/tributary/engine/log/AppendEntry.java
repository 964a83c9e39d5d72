package io.tributary.engine.log;

import io.tributary.engine.model.RecordSize;

/** One record handed to a shard log: its partition key and its data. */
public record AppendEntry(String partitionKey, byte[] data) {

    /** Data and partition-key bytes, which throughput limits count. */
    public long sizeBytes() {
        return RecordSize.of(partitionKey, data);
    }
}
