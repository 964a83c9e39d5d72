package io.tributary.engine.records;

import io.tributary.engine.model.HashKey;
import io.tributary.engine.model.RecordSize;

/**
 * One record to put: where it routes (the partition key's MD5, or an explicit hash key), what it
 * holds, and its size as Kinesis counts it ({@code bytes}: data and partition-key bytes), taken once
 * since every stage of a put counts it.
 */
public record PutEntry(String partitionKey, byte[] data, HashKey hashKey, long bytes) {

    public PutEntry(String partitionKey, byte[] data, HashKey hashKey) {
        this(partitionKey, data, hashKey, RecordSize.of(partitionKey, data));
    }
}
