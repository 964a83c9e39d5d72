package io.tributary.engine.records;

import io.tributary.engine.model.HashKey;

/** One record to put: where it routes (the partition key's MD5, or an explicit hash key) and what it holds. */
public record PutEntry(String partitionKey, byte[] data, HashKey hashKey) {
}
