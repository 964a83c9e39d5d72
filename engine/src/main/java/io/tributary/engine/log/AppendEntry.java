package io.tributary.engine.log;

/** One record handed to a shard log: its partition key and its data. */
public record AppendEntry(String partitionKey, byte[] data) {
}
