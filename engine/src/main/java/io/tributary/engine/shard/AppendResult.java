package io.tributary.engine.shard;

/**
 * What an append took: the first {@code accepted} entries, from {@code firstPosition} on; the rest
 * exceeded the shard's write throughput and were not written.
 */
public record AppendResult(long firstPosition, int accepted) {
}
