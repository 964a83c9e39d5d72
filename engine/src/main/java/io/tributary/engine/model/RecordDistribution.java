package io.tributary.engine.model;

/**
 * How an on-demand stream places records on its shards (UpdateStreamRecordDistributionStrategy).
 * {@link #USER_PARTITION_KEY}, the default, routes by the partition key's MD5 or the explicit hash
 * key; {@link #AUTO} spreads records evenly over the open shards and ignores both.
 */
public enum RecordDistribution {
    AUTO,
    USER_PARTITION_KEY
}
