package io.tributary.engine.records;

import io.tributary.engine.model.HashKey;
import io.tributary.engine.model.RecordSize;

/** One record to put: where it routes (the partition key's MD5, or an explicit hash key) and what it holds. */
public record PutEntry(String partitionKey, byte[] data, HashKey hashKey) {

    /** Data and partition-key bytes, as Kinesis counts a record's size. */
    public long bytes() {
        return RecordSize.of(partitionKey, data);
    }
}
