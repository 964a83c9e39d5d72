package io.tributary.engine;

import io.tributary.engine.log.Durability;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

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
 * @param keysFile          the KMS keys to serve (see {@link io.tributary.engine.kms.KeysFile}); none but the
 *                          AWS-managed {@code alias/aws/kinesis} when empty
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
    Clock clock,
    Optional<Path> keysFile) {

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

    /** A configuration without a keys file. */
    public EngineConfig(String region, String accountId, Duration createStreamDelay, Duration deleteStreamDelay, Duration consumerDelay,
                        Duration updateStreamDelay, int shardOwners, int shardLimit, byte[] tokenSecret, Storage storage,
                        long fanOutBytesPerSecond, boolean throughputLimits, Duration onDemandCheck, Clock clock) {
        this(region, accountId, createStreamDelay, deleteStreamDelay, consumerDelay, updateStreamDelay, shardOwners, shardLimit,
            tokenSecret, storage, fanOutBytesPerSecond, throughputLimits, onDemandCheck, clock, Optional.empty());
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

    /**
     * A configuration with Kinesis's behaviour and the server's defaults (memory storage, no
     * delays, limits off, the system clock), to change where a caller needs to; for tests and tools.
     * The server itself builds its configuration from every flag.
     */
    public static Builder builder(byte[] tokenSecret) {
        return new Builder(tokenSecret);
    }

    /** Builds an {@link EngineConfig} from defaults, so callers name only what they change. */
    public static final class Builder {
        private final byte[] tokenSecret;
        private String region = DEFAULT_REGION;
        private String accountId = DEFAULT_ACCOUNT_ID;
        private Duration createStreamDelay = Duration.ZERO;
        private Duration deleteStreamDelay = Duration.ZERO;
        private Duration consumerDelay = Duration.ZERO;
        private Duration updateStreamDelay = Duration.ZERO;
        private int shardOwners = 2;
        private int shardLimit = io.tributary.engine.model.Limits.DEFAULT_SHARD_LIMIT;
        private Storage storage = Storage.inMemory();
        private long fanOutBytesPerSecond = io.tributary.engine.model.Limits.FAN_OUT_BYTES_PER_SECOND;
        private boolean throughputLimits;
        private Duration onDemandCheck = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();
        private Optional<Path> keysFile = Optional.empty();

        private Builder(byte[] tokenSecret) {
            this.tokenSecret = tokenSecret.clone();
        }

        public Builder region(String value) {
            region = value;
            return this;
        }

        public Builder accountId(String value) {
            accountId = value;
            return this;
        }

        public Builder createStreamDelay(Duration value) {
            createStreamDelay = value;
            return this;
        }

        public Builder deleteStreamDelay(Duration value) {
            deleteStreamDelay = value;
            return this;
        }

        public Builder consumerDelay(Duration value) {
            consumerDelay = value;
            return this;
        }

        public Builder updateStreamDelay(Duration value) {
            updateStreamDelay = value;
            return this;
        }

        public Builder shardOwners(int value) {
            shardOwners = value;
            return this;
        }

        public Builder shardLimit(int value) {
            shardLimit = value;
            return this;
        }

        public Builder storage(Storage value) {
            storage = value;
            return this;
        }

        public Builder fanOutBytesPerSecond(long value) {
            fanOutBytesPerSecond = value;
            return this;
        }

        public Builder throughputLimits(boolean value) {
            throughputLimits = value;
            return this;
        }

        public Builder onDemandCheck(Duration value) {
            onDemandCheck = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public Builder keysFile(Path value) {
            keysFile = Optional.of(value);
            return this;
        }

        public EngineConfig build() {
            return new EngineConfig(region, accountId, createStreamDelay, deleteStreamDelay, consumerDelay, updateStreamDelay,
                shardOwners, shardLimit, tokenSecret, storage, fanOutBytesPerSecond, throughputLimits, onDemandCheck, clock, keysFile);
        }
    }
}
