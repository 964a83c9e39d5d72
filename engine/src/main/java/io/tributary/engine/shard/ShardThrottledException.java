package io.tributary.engine.shard;

/**
 * A read or iterator request found the shard's provisioned throughput used up. The caller answers
 * ProvisionedThroughputExceededException with the shard's and stream's names.
 */
public final class ShardThrottledException extends RuntimeException {
    public ShardThrottledException() {
        super("shard throughput exceeded", null, false, false);
    }
}
