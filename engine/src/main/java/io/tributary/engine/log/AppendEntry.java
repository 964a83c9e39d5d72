package io.tributary.engine.log;

import java.nio.charset.StandardCharsets;

/** One record handed to a shard log: its partition key and its data. */
public record AppendEntry(String partitionKey, byte[] data) {

    /** Data and partition-key bytes, which throughput limits count. */
    public long sizeBytes() {
        return data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
    }
}
