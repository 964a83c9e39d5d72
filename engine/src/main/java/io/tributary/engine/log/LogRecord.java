package io.tributary.engine.log;

/**
 * A record as stored in a shard log. The data array is never modified after the append, so it is
 * shared with readers without a copy.
 */
public record LogRecord(long position, long arrivalMillis, String partitionKey, byte[] data) {
}
