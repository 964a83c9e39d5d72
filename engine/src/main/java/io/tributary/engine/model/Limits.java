package io.tributary.engine.model;

import java.time.Duration;

/**
 * Every number Kinesis fixes for its API, in one place (QUOTAS.md, API-SURFACE.md). Nothing else
 * repeats these as literals.
 */
public final class Limits {
    public static final int ON_DEMAND_INITIAL_SHARDS = 4;
    public static final int DEFAULT_RETENTION_HOURS = 24;
    public static final int MIN_RETENTION_HOURS = 24;
    public static final int MAX_RETENTION_HOURS = 8760;

    public static final int DEFAULT_MAX_RECORD_SIZE_KIB = 1024;
    public static final int MAX_PUT_RECORDS_ENTRIES = 500;
    /** Data plus partition keys of one PutRecords request (newest model documentation). */
    public static final long MAX_PUT_RECORDS_REQUEST_BYTES = 10L * 1024 * 1024;

    public static final int MAX_GET_RECORDS_LIMIT = 10_000;
    public static final long MAX_GET_RECORDS_BYTES = 10L * 1024 * 1024;

    public static final int DESCRIBE_STREAM_MAX_SHARDS = 100;
    public static final int LIST_STREAMS_DEFAULT_LIMIT = 100;
    public static final int LIST_SHARDS_MAX_RESULTS = 1000;
    public static final int LIST_SHARDS_DEFAULT_RESULTS = 1000;

    public static final Duration ITERATOR_LIFETIME = Duration.ofMinutes(5);
    public static final Duration NEXT_TOKEN_LIFETIME = Duration.ofSeconds(300);

    public static final int DEFAULT_SHARD_LIMIT = 20_000;
    public static final int MAX_SHARDS_PER_STREAM = 10_000;
    /** UpdateShardCount calls allowed per stream in a rolling day. */
    public static final int MAX_SCALINGS_PER_DAY = 10;

    public static final long SHARD_WRITE_BYTES_PER_SECOND = 1024L * 1024;
    /** A shard's write capacity in MiB/s, the unit of warm throughput. */
    public static final int SHARD_WRITE_MIBPS = 1;
    /** UpdateStreamWarmThroughput: at most 10 GiB/s for an on-demand stream. */
    public static final int MAX_WARM_THROUGHPUT_MIBPS = 10 * 1024;
    public static final long SHARD_WRITE_RECORDS_PER_SECOND = 1000;
    public static final long SHARD_READ_CALLS_PER_SECOND = 5;
    public static final long SHARD_READ_BYTES_PER_SECOND = 2L * 1024 * 1024;
    public static final long SHARD_ITERATOR_CALLS_PER_SECOND = 5;

    public static final int MAX_CONSUMERS_PER_STREAM = 20;
    public static final int MAX_CONSUMERS_CREATING = 5;
    public static final int LIST_CONSUMERS_MAX_RESULTS = 100;

    /** Push rate of one enhanced fan-out subscription to one shard. */
    public static final long FAN_OUT_BYTES_PER_SECOND = 2L * 1024 * 1024;
    public static final Duration SUBSCRIPTION_LIFETIME = Duration.ofMinutes(5);
    /** A second SubscribeToShard within this time of a successful one gets ResourceInUseException. */
    public static final Duration SUBSCRIPTION_TAKEOVER_AFTER = Duration.ofSeconds(5);
    /** At most one SubscribeToShard call per consumer and shard within this time. */
    public static final Duration SUBSCRIBE_CALL_INTERVAL = Duration.ofSeconds(1);

    private Limits() {
    }
}
