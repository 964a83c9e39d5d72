package io.tributary.engine;

import io.tributary.engine.log.Durability;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * What the engine needs to know, fixed at start. Built once by the server's entry point from flags
 * and environment; no engine class reads either.
 *
 * @param region            the AWS region named in ARNs
 * @param accountId         the 12-digit account named in ARNs and messages
 * @param createStreamDelay how long a new stream stays CREATING (zero: ACTIVE at once)
 * @param deleteStreamDelay how long a deleted stream stays DELETING before it is gone
 * @param consumerDelay     how long a consumer stays CREATING or DELETING
 * @param updateStreamDelay how long a stream stays UPDATING after resharding
 * @param shardOwners       how many shard owner verticles share the shards (one per event loop)
 * @param shardLimit        open shards allowed across the account, as DescribeLimits reports
 * @param tokenSecret       key that authenticates shard iterators and paging tokens
 * @param storage           where and how records and metadata are kept
 * @param fanOutBytesPerSecond push rate of one enhanced fan-out subscription, and of one shard of a live tail
 * @param throughputLimits  whether shards' provisioned throughput and control-plane rates are enforced
 * @param onDemandCheck     how often on-demand streams' write rates are checked for resharding
 * @param clock             wall clock for arrival times, ARNs and token expiry
 */
public record EngineConfig(
    String region,
    String accountId,
    Duration createStreamDelay,
    Duration deleteStreamDelay,
    Duration consumerDelay,
    Duration updateStreamDelay,
    int shardOwners,
    int shardLimit,
    byte[] tokenSecret,
    Storage storage,
    long fanOutBytesPerSecond,
    boolean throughputLimits,
    Duration onDemandCheck,
    Clock clock) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";

    /**
     * @param dataDirectory       root of the shard logs and the catalog (unused in memory mode)
     * @param durability          when appends are acknowledged
     * @param segmentBytes        size at which a shard log starts a new segment file
     * @param flushInterval       how often the interval mode flushes
     * @param retentionCheck      how often expired records are trimmed and their segments deleted
     */
    public record Storage(Path dataDirectory, Durability durability, long segmentBytes, Duration flushInterval,
                          Duration retentionCheck) {
        public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
        public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(100);
        public static final Duration DEFAULT_RETENTION_CHECK = Duration.ofMinutes(1);

        public static Storage inMemory() {
            return new Storage(Path.of("data"), Durability.MEMORY, DEFAULT_SEGMENT_BYTES, DEFAULT_FLUSH_INTERVAL,
                DEFAULT_RETENTION_CHECK);
        }
    }

    public EngineConfig {
        if (shardOwners < 1) {
            throw new IllegalArgumentException("at least one shard owner is needed");
        }
        if (tokenSecret.length < 16) {
            throw new IllegalArgumentException("the token secret needs at least 16 bytes");
        }
        tokenSecret = tokenSecret.clone();
    }

    @Override
    public byte[] tokenSecret() {
        return tokenSecret.clone();
    }
}
