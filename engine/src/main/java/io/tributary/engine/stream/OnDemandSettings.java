package io.tributary.engine.stream;

import io.tributary.engine.model.Limits;
import io.tributary.engine.model.RecordDistribution;
import java.util.OptionalInt;

/**
 * What only an on-demand stream may set: the warm throughput it is kept scaled for
 * (UpdateStreamWarmThroughput, in MiB/s of writes) and how its records are distributed
 * (UpdateStreamRecordDistributionStrategy). A provisioned stream always has {@link #DEFAULT}.
 *
 * @param warmThroughputMiBps the asked warm throughput, if one was asked
 */
public record OnDemandSettings(OptionalInt warmThroughputMiBps, RecordDistribution distribution) {
    public static final OnDemandSettings DEFAULT = new OnDemandSettings(OptionalInt.empty(), RecordDistribution.USER_PARTITION_KEY);

    /** The open shards (1 MiB/s of writes each) a warm throughput needs, at most the per-stream shard limit. */
    public static int shardsFor(int mibps) {
        return Math.min(Limits.MAX_SHARDS_PER_STREAM, (mibps + Limits.SHARD_WRITE_MIBPS - 1) / Limits.SHARD_WRITE_MIBPS);
    }

    /** The shards the asked warm throughput needs; none if none was asked. */
    public int warmShards() {
        return shardsFor(warmThroughputMiBps.orElse(0));
    }

    public OnDemandSettings withWarmThroughput(int mibps) {
        return new OnDemandSettings(OptionalInt.of(mibps), distribution);
    }

    public OnDemandSettings withDistribution(RecordDistribution newDistribution) {
        return new OnDemandSettings(warmThroughputMiBps, newDistribution);
    }
}
